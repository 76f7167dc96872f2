package io.holdfast.backend.dashboard.impl;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.holdfast.backend.dashboard.impl.Sessions.Session;
import io.holdfast.backend.store.BackendStore;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /dashboard}: the operator page. Only the login page and its assets, and the package downloads of gateways
 * (capability URLs), are served without a login; everything else needs the session cookie, and every request that
 * changes something needs the session's CSRF token in {@code X-CSRF-Token}. Every response carries a CSP without inline
 * script, {@code frame-ancestors 'none'}, X-Frame-Options and nosniff.
 */
@Component(name = DashboardServlet.PID, configurationPid = DashboardServlet.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/dashboard/*", "osgi.http.whiteboard.servlet.name=holdfast-dashboard" })
@Designate(ocd = DashboardConfig.class)
public final class DashboardServlet extends HttpServlet {

    static final String PID = "io.holdfast.backend.dashboard.Dashboard";
    static final String INGEST_PID = "io.holdfast.backend.ingest.MqttIngest";
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(DashboardServlet.class);
    private static final Gson GSON = new Gson();
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";
    private static final Set<String> PUBLIC_ASSETS = Set.of("login.js", "style.css", "logo.svg");

    private final transient Sessions sessions;
    private final transient ApiClient api = new ApiClient();
    private final transient AuditLog audit;
    private final transient Deployments deployments;
    private final transient DeployRoutes deploy;
    private final transient LiveEvents live;
    private final transient org.osgi.framework.ServiceRegistration<io.holdfast.backend.store.LiveListener> liveRegistration;

    @Activate
    public DashboardServlet(DashboardConfig config, BundleContext context,
            @Reference(policyOption = ReferencePolicyOption.GREEDY) BackendStore store,
            @Reference ConfigurationAdmin configAdmin) throws IOException {
        this.sessions = new Sessions(config.session_idle_minutes() * 60_000L);
        this.audit = new AuditLog(store);
        String dataDir = context.getProperty("holdfast.data.dir");
        Path pkgDir = !config.packages_dir().isBlank() ? Path.of(config.packages_dir())
                : Path.of(dataDir == null ? "holdfast-backend-data" : dataDir, "dashboard", "packages");
        PackageStore packages = new PackageStore(pkgDir, config.package_max_bytes());
        this.deployments = mqtt(config, configAdmin);
        this.deploy = new DeployRoutes(store, packages, deployments, audit, config.download_base_url());
        this.live = new LiveEvents(store, api, deployments);
        this.liveRegistration = context.registerService(io.holdfast.backend.store.LiveListener.class, live, null);
    }

    private static Deployments mqtt(DashboardConfig config, ConfigurationAdmin configAdmin) {
        String url = "tcp://127.0.0.1:1883";
        String user = "";
        String password = "";
        String ingestId = "holdfast-backend";
        try {
            Configuration c = configAdmin.getConfiguration(INGEST_PID, "?");
            if (c.getProperties() != null) {
                url = string(c.getProperties().get("broker.url"), url);
                user = string(c.getProperties().get("username"), user);
                password = string(c.getProperties().get("password"), password);
                ingestId = string(c.getProperties().get("client.id"), ingestId);
            }
        } catch (IOException e) {
            LOG.warn("cannot read the ingest's broker configuration: {}", e.getMessage());
        }
        String clientId = config.mqtt_client_id().isBlank() ? ingestId + "-dashboard" : config.mqtt_client_id();
        try {
            return new Deployments(url, clientId, user, password, config.reply_timeout_seconds() * 1000L);
        } catch (org.eclipse.paho.client.mqttv3.MqttException | IllegalArgumentException e) {
            LOG.warn("remote deployment is off: no MQTT client for {} ({})", url, e.getMessage());
            return null;
        }
    }

    private static String string(Object o, String fallback) {
        return o == null || o.toString().isBlank() ? fallback : o.toString();
    }

    @Deactivate
    void deactivate() {
        liveRegistration.unregister();
        if (deployments != null) {
            deployments.close();
        }
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        headers(resp);
        String path = req.getPathInfo() == null ? "" : req.getPathInfo();
        String method = req.getMethod();
        try {
            if (path.isEmpty()) {
                resp.sendRedirect(req.getContextPath() + "/dashboard/");
            } else if (path.equals("/login") && method.equals("GET")) {
                resource(resp, "login.html");
            } else if (path.equals("/login") && method.equals("POST")) {
                login(req, resp);
            } else if (path.startsWith("/assets/") && PUBLIC_ASSETS.contains(path.substring(8))) {
                resource(resp, path.substring(8));
            } else if (path.startsWith("/dp/") && method.equals("GET")) {
                deploy.download(path.substring(4), req, resp);
            } else {
                Optional<Session> s = sessions.find(req);
                if (s.isEmpty()) {
                    if (path.equals("/") || path.equals("/index.html")) {
                        resp.sendRedirect(req.getContextPath() + "/dashboard/login");
                    } else {
                        json(resp, 401, Map.of("error", "unauthorized", "detail", "log in first"));
                    }
                    return;
                }
                loggedIn(s.get(), path, method, req, resp);
            }
        } catch (DeployRoutes.Failure e) {
            json(resp, e.status, Map.of("error", e.error, "detail", e.getMessage()));
        } catch (SQLException | io.holdfast.backend.store.StoreException e) {
            LOG.warn("{} /dashboard{}: {}", method, path, e.getMessage());
            json(resp, 503, Map.of("error", "unavailable", "detail", "the database failed; try again"));
        }
    }

    private void loggedIn(Session s, String path, String method, HttpServletRequest req, HttpServletResponse resp)
            throws IOException, SQLException, DeployRoutes.Failure, io.holdfast.backend.store.StoreException {
        boolean changes = !method.equals("GET") && !method.equals("HEAD");
        if (changes && !s.csrfMatches(req.getHeader("X-CSRF-Token"))) {
            json(resp, 403, Map.of("error", "csrf", "detail", "the request lacks this session's X-CSRF-Token"));
            return;
        }
        if (path.equals("/") || path.equals("/index.html")) {
            resource(resp, "app.html");
        } else if (path.startsWith("/assets/") && method.equals("GET")) {
            resource(resp, path.substring(8));
        } else if (path.equals("/session") && method.equals("GET")) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("actor", s.actor);
            m.put("role", s.role);
            m.put("csrf", s.csrf);
            m.put("mqtt", deployments != null && deployments.connected());
            json(resp, 200, m);
        } else if (path.equals("/logout") && method.equals("POST")) {
            sessions.remove(s);
            audit.append(s.actor, "dashboard.logout", "session", "");
            resp.setHeader("Set-Cookie", Sessions.cookie(null, req.isSecure()));
            json(resp, 200, Map.of("ok", true));
        } else if (path.startsWith("/api/")) {
            api.forward(ApiClient.base(req), s.token, path.substring(4), req, resp);
        } else if (path.equals("/events") && method.equals("GET")) {
            live.stream(resp, ApiClient.base(req), s.token, () -> sessions.alive(s));
        } else if (path.startsWith("/deploy/")) {
            if (!s.covers("admin")) {
                json(resp, 403, Map.of("error", "forbidden", "detail", "remote deployment needs the admin role"));
                return;
            }
            json(resp, 200, deploy.handle(s.actor, method, path.substring(7), req));
        } else {
            json(resp, 404, Map.of("error", "not-found", "detail", "no such page: " + path));
        }
    }

    private void login(HttpServletRequest req, HttpServletResponse resp) throws IOException, SQLException {
        String token;
        try (InputStream in = req.getInputStream()) {
            JsonElement e = JsonParser.parseString(new String(in.readNBytes(4096), StandardCharsets.UTF_8));
            token = e.isJsonObject() && e.getAsJsonObject().has("token")
                    ? e.getAsJsonObject().get("token").getAsString().strip() : "";
        } catch (RuntimeException e) {
            token = "";
        }
        String contentType = req.getContentType() == null ? "" : req.getContentType();
        if (!contentType.startsWith("application/json")) {
            // a cross-site form cannot send JSON: this is the login's CSRF protection (with SameSite=Strict)
            json(resp, 415, Map.of("error", "unsupported", "detail", "log in with a JSON body"));
            return;
        }
        String tokenId = token.matches("hf_[0-9a-f]{12}_.+") ? token.substring(3, 15) : "?";
        String base = ApiClient.base(req);
        String role = null;
        if (!tokenId.equals("?")) {
            if (api.get(base, token, "/audit?limit=1").status() == 200) {
                role = "admin";
            } else if (api.get(base, token, "/dead-letters?limit=1").status() == 200) {
                role = "operator";
            } else if (api.get(base, token, "/gateways").status() == 200) {
                role = "read";
            }
        }
        if (role == null) {
            audit.append("anonymous", "dashboard.login.refused", "token/" + tokenId, "from " + req.getRemoteAddr());
            json(resp, 401, Map.of("error", "unauthorized", "detail", "the token is unknown or revoked"));
            return;
        }
        String actor = actorName(base, token, tokenId, role);
        Session s = sessions.create(token, actor, role);
        audit.append(actor, "dashboard.login", "token/" + tokenId, "role " + role + ", from " + req.getRemoteAddr());
        resp.setHeader("Set-Cookie", Sessions.cookie(s, req.isSecure()));
        json(resp, 200, Map.of("ok", true, "role", role));
    }

    /** As the API names its actors, {@code <token name> (<id>)}; the name is known when the token may list tokens. */
    private String actorName(String base, String token, String tokenId, String role) throws IOException {
        if (role.equals("admin")) {
            ApiClient.Answer a = api.get(base, token, "/tokens");
            if (a.status() == 200) {
                JsonArray list = JsonParser.parseString(a.body()).getAsJsonObject().getAsJsonArray("tokens");
                for (JsonElement t : list) {
                    JsonObject o = t.getAsJsonObject();
                    if (o.get("id").getAsString().equals(tokenId)) {
                        return o.get("name").getAsString() + " (" + tokenId + ")";
                    }
                }
            }
        }
        return "token " + tokenId + " (" + tokenId + ")";
    }

    private static void headers(HttpServletResponse resp) {
        resp.setHeader("Content-Security-Policy", CSP);
        resp.setHeader("X-Frame-Options", "DENY");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Referrer-Policy", "no-referrer");
        resp.setHeader("Cross-Origin-Opener-Policy", "same-origin");
        resp.setHeader("Cache-Control", "no-store");
    }

    private void resource(HttpServletResponse resp, String name) throws IOException {
        if (!name.matches("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)?") || name.contains("..")) {
            json(resp, 404, Map.of("error", "not-found", "detail", name));
            return;
        }
        try (InputStream in = getClass().getResourceAsStream("web/" + name)) {
            if (in == null) {
                json(resp, 404, Map.of("error", "not-found", "detail", name));
                return;
            }
            resp.setContentType(contentType(name));
            in.transferTo(resp.getOutputStream());
        }
    }

    private static String contentType(String name) {
        String ext = name.substring(name.lastIndexOf('.') + 1);
        return switch (ext) {
        case "html" -> "text/html; charset=utf-8";
        case "js" -> "text/javascript; charset=utf-8";
        case "css" -> "text/css; charset=utf-8";
        case "svg" -> "image/svg+xml";
        default -> "text/plain; charset=utf-8";
        };
    }

    static void json(HttpServletResponse resp, int status, Object body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.getWriter().write(GSON.toJson(body));
    }
}
