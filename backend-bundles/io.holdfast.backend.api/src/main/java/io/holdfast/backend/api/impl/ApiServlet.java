package io.holdfast.backend.api.impl;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.holdfast.backend.api.impl.Tokens.Principal;
import io.holdfast.backend.api.impl.Tokens.Role;
import io.holdfast.backend.store.BackendStore;
import io.holdfast.backend.store.StoreException;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/v1}: one servlet on the HTTP whiteboard, dispatching by the route table of {@link Routes}. Every route
 * but {@code /health} and {@code /openapi.json} needs {@code Authorization: Bearer <token>} of a role that covers the
 * route's. Errors are {@code {"error": ..., "detail": ...}}; a database failure is a 503, never a stack trace.
 */
@Component(name = ApiServlet.PID, configurationPid = ApiServlet.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/api/v1/*", "osgi.http.whiteboard.servlet.name=holdfast-backend-api" })
@Designate(ocd = ApiConfig.class)
public final class ApiServlet extends HttpServlet {

    static final String PID = "io.holdfast.backend.api.Api";
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);
    static final Gson GSON = new GsonBuilder().serializeNulls().create();

    private final transient Routes routes;
    private final transient Tokens tokens;

    @Activate
    public ApiServlet(ApiConfig config, @Reference(policyOption = ReferencePolicyOption.GREEDY) BackendStore store)
            throws SQLException {
        this(config, store, System.out);
    }

    /** {@code out} is where the first start prints the admin token, once; it never goes to the log. */
    public ApiServlet(ApiConfig config, BackendStore store, PrintStream out) throws SQLException {
        this.tokens = new Tokens(store.dataSource());
        Audit audit = new Audit(store);
        this.routes = new Routes(config, store, tokens, audit, new AlarmRules(store.dataSource()));
        if (tokens.none()) {
            String admin = tokens.create("first-start admin", Role.ADMIN);
            audit.append("system", "token.create", admin.split("_")[1], "first-start admin token, role admin");
            out.println("holdfast-backend: first start: an admin API token was created; it is shown this once:");
            out.println("holdfast-backend: " + admin);
            out.flush();
        }
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
        try {
            Routes.Match m = routes.match(req.getMethod(), path);
            Principal who = null;
            if (m.route().role() != null) {
                who = authenticate(req);
                if (!who.role().covers(m.route().role())) {
                    throw new ApiException(403, "forbidden",
                            "this route needs the " + m.route().role().name().toLowerCase(java.util.Locale.ROOT)
                                    + " role; the token has " + who.role().name().toLowerCase(java.util.Locale.ROOT));
                }
            }
            Object result = m.route().handler()
                    .handle(new Routes.Call(req, resp, m.vars(), new Params(req.getParameterMap()), who));
            if (result != null) {
                write(resp, resp.getStatus(), result); // 200 unless the handler set another (201)
            }
        } catch (ApiException e) {
            if (e.status == 401) {
                resp.setHeader("WWW-Authenticate", "Bearer");
            }
            error(resp, e.status, e.error, e.getMessage());
        } catch (StoreException | SQLException e) {
            LOG.warn("{} {}: {}", req.getMethod(), path, e.getMessage());
            error(resp, 503, "unavailable", "the database failed; try again");
        } catch (IOException e) {
            throw e; // the client went away mid-response
        } catch (Exception e) {
            LOG.error("{} {} failed", req.getMethod(), path, e);
            error(resp, 500, "internal", "an unexpected error; see the backend log");
        }
    }

    private Principal authenticate(HttpServletRequest req) throws ApiException, SQLException {
        String h = req.getHeader("Authorization");
        if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ApiException(401, "unauthorized", "send Authorization: Bearer <token>");
        }
        Optional<Principal> p = tokens.verify(h.substring(7).strip());
        if (p.isEmpty()) {
            throw new ApiException(401, "unauthorized", "the token is unknown or revoked");
        }
        return p.get();
    }

    static JsonObject body(HttpServletRequest req) throws ApiException, IOException {
        try (InputStream in = req.getInputStream()) {
            byte[] b = in.readNBytes(64 * 1024 + 1);
            if (b.length > 64 * 1024) {
                throw ApiException.badRequest("the body is larger than 64 KiB");
            }
            JsonElement e = JsonParser.parseString(new String(b, StandardCharsets.UTF_8));
            if (!e.isJsonObject()) {
                throw ApiException.badRequest("the body must be a JSON object");
            }
            return e.getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw ApiException.badRequest("the body is not JSON: " + e.getMessage());
        }
    }

    static void write(HttpServletResponse resp, int status, Object body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json");
        resp.setCharacterEncoding("UTF-8");
        resp.getWriter().write(GSON.toJson(body));
    }

    private static void error(HttpServletResponse resp, int status, String error, String detail) throws IOException {
        if (resp.isCommitted()) {
            return; // a stream that failed half-way: the client sees a cut response
        }
        resp.reset();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", error);
        m.put("detail", detail);
        write(resp, status, m);
    }

    static List<String> routeTable(Routes routes) {
        return routes.table();
    }

    Routes routes() {
        return routes;
    }
}
