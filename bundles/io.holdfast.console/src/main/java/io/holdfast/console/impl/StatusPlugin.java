package io.holdfast.console.impl;

import io.holdfast.api.status.GatewayStatus;
import io.holdfast.api.status.StatusProvider;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "Holdfast" page of the Felix Web Console ({@code /system/console/holdfast}), and its JSON
 * ({@code /system/console/holdfast.json}): the merged status of every {@link StatusProvider}. Providers come and go
 * with their bundles; a provider that fails is reported on the page and skipped, never fatal.
 */
@Component(service = Servlet.class, property = { "felix.webconsole.label=holdfast",
        "felix.webconsole.title=Holdfast status", "felix.webconsole.category=Holdfast" })
public class StatusPlugin extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(StatusPlugin.class);

    private final transient List<StatusProvider> providers = new CopyOnWriteArrayList<>();

    /**
     * Binds a status provider.
     *
     * @param provider
     *            the provider
     */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addProvider(StatusProvider provider) {
        providers.add(provider);
    }

    void removeProvider(StatusProvider provider) {
        providers.remove(provider);
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        List<GatewayStatus> parts = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (StatusProvider p : providers) {
            try {
                parts.add(p.status());
            } catch (RuntimeException e) {
                failures.add(p.getClass().getName() + ": " + e);
                LOG.warn("Status provider {} failed: {}", p.getClass().getName(), e.toString());
            }
        }
        GatewayStatus status = GatewayStatus.merge(parts);
        resp.setCharacterEncoding(StandardCharsets.UTF_8.name());
        resp.setHeader("Cache-Control", "no-store");
        String path = req.getRequestURI();
        if (path != null && path.endsWith(".json")) {
            resp.setContentType("application/json");
            resp.getWriter().write(StatusRenderer.json(status));
            return;
        }
        resp.setContentType("text/html");
        StringBuilder page = new StringBuilder(StatusRenderer.html(status, parts.size()));
        for (String f : failures) {
            page.insert(0, "<p class=\"ui-state-error\">Status provider failed: " + StatusRenderer.esc(f) + "</p>\n");
        }
        resp.getWriter().write(page.toString());
    }
}
