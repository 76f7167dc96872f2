package io.holdfast.oled.impl;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The "Holdfast OLED" page of the Felix Web Console ({@code /system/console/oled}), behind the console's login: the
 * current frame as a PNG ({@code /system/console/oled.png}), refreshed every second, and the state of each sink. Only
 * where the web console runs (jakarta.servlet is an optional import: Kura has neither).
 */
@Component(service = Servlet.class, property = { "felix.webconsole.label=oled", "felix.webconsole.title=Holdfast OLED",
        "felix.webconsole.category=Holdfast" })
public class OledPage extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private transient volatile OledDisplay display;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetDisplay")
    void setDisplay(OledDisplay d) {
        this.display = d;
    }

    void unsetDisplay(OledDisplay d) {
        if (this.display == d) {
            this.display = null;
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        OledDisplay d = display;
        resp.setHeader("Cache-Control", "no-store");
        String path = req.getRequestURI();
        if (path != null && path.endsWith(".png")) {
            if (d == null) {
                resp.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "The OLED display component is not active");
                return;
            }
            byte[] png = d.png();
            resp.setContentType("image/png");
            resp.setContentLength(png.length);
            resp.getOutputStream().write(png);
            return;
        }
        resp.setCharacterEncoding(StandardCharsets.UTF_8.name());
        resp.setContentType("text/html");
        StringBuilder b = new StringBuilder(1024);
        if (d == null) {
            b.append("<p class=\"ui-state-error\">The OLED display component is not active.</p>\n");
        } else {
            int w = 128 * d.pngScale();
            b.append("<p class=\"statline\">What the panel shows, refreshed every second.</p>\n")
                    .append("<p><img id=\"holdfast-oled\" src=\"oled.png\" width=\"").append(w)
                    .append("\" alt=\"OLED frame\" style=\"image-rendering:pixelated\"></p>\n<ul>\n");
            for (String line : d.statusLines()) {
                b.append("<li>").append(esc(line)).append("</li>\n");
            }
            b.append("</ul>\n<script>setInterval(function(){document.getElementById('holdfast-oled').src="
                    + "'oled.png?t='+Date.now();},1000);</script>\n");
        }
        resp.getWriter().write(b.toString());
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
            case '<' -> b.append("&lt;");
            case '>' -> b.append("&gt;");
            case '&' -> b.append("&amp;");
            case '"' -> b.append("&quot;");
            case '\'' -> b.append("&#39;");
            default -> b.append(c);
            }
        }
        return b.toString();
    }
}
