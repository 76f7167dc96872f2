package io.holdfast.backend.dashboard.impl;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.holdfast.backend.store.BackendStore;
import io.holdfast.backend.store.GatewayInfo;
import io.holdfast.backend.store.StoreException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * {@code /dashboard/deploy/...} (admin role): uploaded packages, DEPLOY-V2 requests to a gateway, the jobs and their
 * progress; and {@code /dashboard/dp/<id>/<file>}, where gateways download a package. Every request is audited.
 */
final class DeployRoutes {

    /** An error answer. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;
        final String error;

        Failure(int status, String error, String detail) {
            super(detail);
            this.status = status;
            this.error = error;
        }
    }

    private final BackendStore store;
    private final PackageStore packages;
    private final Deployments deployments;
    private final AuditLog audit;
    private final String baseUrl;

    DeployRoutes(BackendStore store, PackageStore packages, Deployments deployments, AuditLog audit, String baseUrl) {
        this.store = store;
        this.packages = packages;
        this.deployments = deployments;
        this.audit = audit;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    Object handle(String actor, String method, String path, HttpServletRequest req)
            throws IOException, SQLException, Failure, StoreException {
        String[] p = path.substring(1).split("/");
        if (path.equals("/packages") && method.equals("GET")) {
            return Map.of("packages", packages.list());
        }
        if (path.equals("/packages") && method.equals("POST")) {
            try (InputStream in = req.getInputStream()) {
                PackageStore.Package pkg = packages.store(in, actor);
                audit.append(actor, "deploy.upload", "package/" + pkg.id(),
                        pkg.file() + ", " + pkg.size() + " bytes, SHA-256:" + pkg.sha256());
                return pkg;
            } catch (PackageStore.RefusedException e) {
                audit.append(actor, "deploy.upload.refused", "package", e.getMessage());
                throw new Failure(e.status, "refused", e.getMessage());
            }
        }
        if (path.equals("/jobs") && method.equals("GET")) {
            return Map.of("jobs", deployments == null ? List.of() : deployments.jobs(), "connected",
                    deployments != null && deployments.connected());
        }
        if (p.length == 3 && p[0].equals("gateways")) {
            GatewayInfo gw = gateway(p[1]);
            if (method.equals("GET") && (p[2].equals("packages") || p[2].equals("bundles"))) {
                audit.append(actor, "deploy.list", "gateway/" + gw.clientId(), "GET/" + p[2]);
                KuraPayloads.Payload reply = send(gw, "GET/" + p[2], Map.of());
                return Map.of(p[2], xml(reply.body(), p[2]));
            }
            if (method.equals("POST") && p[2].equals("install")) {
                return install(actor, gw, body(req), req);
            }
            if (method.equals("POST") && p[2].equals("uninstall")) {
                JsonObject b = body(req);
                String name = b.has("name") ? b.get("name").getAsString() : "";
                return uninstall(actor, gw, name);
            }
        }
        throw new Failure(404, "not-found", "no such deployment route: " + method + " " + path);
    }

    private static JsonObject body(HttpServletRequest req) throws IOException, Failure {
        try (InputStream in = req.getInputStream()) {
            return JsonParser.parseString(new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8))
                    .getAsJsonObject();
        } catch (RuntimeException e) {
            throw new Failure(400, "bad-request", "the body must be a JSON object");
        }
    }

    private Map<String, Object> install(String actor, GatewayInfo gw, JsonObject b, HttpServletRequest req)
            throws IOException, SQLException, Failure {
        String id = b.has("packageId") ? b.get("packageId").getAsString() : "";
        PackageStore.Package pkg = packages.find(id)
                .orElseThrow(() -> new Failure(404, "not-found", "no uploaded package " + id));
        String base = !baseUrl.isEmpty() ? baseUrl
                : req.getScheme() + "://" + req.getServerName() + ":" + req.getServerPort();
        String uri = base + "/dashboard/dp/" + pkg.id() + "/" + pkg.file();
        long jobId = deployments().newJobId();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dp.uri", uri);
        m.put("dp.name", pkg.name());
        m.put("dp.version", pkg.version());
        m.put("dp.download.protocol", "HTTP");
        m.put("dp.download.hash", "SHA-256:" + pkg.sha256());
        m.put("dp.install", true);
        m.put("dp.install.system.update", false);
        m.put("job.id", jobId);
        audit.append(actor, "deploy.install", "gateway/" + gw.clientId(),
                pkg.file() + " from " + uri + ", SHA-256:" + pkg.sha256() + ", job " + jobId);
        Deployments.Job job = deployments()
                .track(new Deployments.Job(jobId, gw.clientId(), "install", pkg.name(), pkg.version(), actor));
        KuraPayloads.Payload reply;
        try {
            reply = send(gw, "EXEC/download", m);
        } catch (Failure e) {
            job.status = "FAILED";
            job.message = e.getMessage();
            deployments().track(job);
            throw e;
        }
        Object st = reply.metrics().get("dp.download.status");
        if (st != null && st.toString().startsWith("ALREADY")) {
            job.phase = "install";
            job.status = "ALREADY DONE";
            job.progress = 100;
            deployments().track(job);
        }
        return job.json();
    }

    private Map<String, Object> uninstall(String actor, GatewayInfo gw, String name)
            throws IOException, SQLException, Failure {
        if (!name.matches("[A-Za-z0-9_.-]+")) {
            throw new Failure(400, "bad-request", "name the package to uninstall");
        }
        long jobId = deployments().newJobId();
        audit.append(actor, "deploy.uninstall", "gateway/" + gw.clientId(), name + ", job " + jobId);
        Deployments.Job job = deployments()
                .track(new Deployments.Job(jobId, gw.clientId(), "uninstall", name, "", actor));
        try {
            send(gw, "EXEC/uninstall", Map.of("dp.name", name, "job.id", jobId));
        } catch (Failure e) {
            job.status = "FAILED";
            job.message = e.getMessage();
            deployments().track(job);
            throw e;
        }
        return job.json();
    }

    private KuraPayloads.Payload send(GatewayInfo gw, String request, Map<String, Object> metrics) throws Failure {
        boolean json = "SIMPLE_JSON".equals(String.valueOf(gw.birth().get("payload_encoding")));
        KuraPayloads.Payload reply;
        try {
            reply = deployments().request(gw.account(), gw.clientId(), json, request, metrics);
        } catch (IOException e) {
            throw new Failure(504, "gateway", e.getMessage());
        }
        Object code = reply.metrics().get("response.code");
        int c = code instanceof Number n ? n.intValue() : 500;
        if (c != 200) {
            Object why = reply.metrics().getOrDefault("response.exception.message", "no reason given");
            throw new Failure(502, "gateway", "gateway " + gw.clientId() + " answered " + c + ": " + why);
        }
        return reply;
    }

    private Deployments deployments() throws Failure {
        if (deployments == null) {
            throw new Failure(503, "unavailable", "the dashboard has no MQTT connection (see the backend log)");
        }
        return deployments;
    }

    private GatewayInfo gateway(String id) throws Failure, StoreException {
        for (GatewayInfo g : store.gateways()) {
            if (g.clientId().equals(id)) {
                return g;
            }
        }
        throw new Failure(404, "not-found", "no gateway " + id);
    }

    /** {@code <packages><package><name/><version/><bundles><bundle>...} or {@code <bundles><bundle>...} as lists. */
    static List<Map<String, Object>> xml(byte[] body, String what) throws Failure {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            Document d = f.newDocumentBuilder().parse(new ByteArrayInputStream(body));
            Element root = d.getDocumentElement();
            String item = what.equals("packages") ? "package" : "bundle";
            List<Map<String, Object>> out = new ArrayList<>();
            for (Element e : children(root, item)) {
                Map<String, Object> m = fields(e);
                if (item.equals("package")) {
                    List<Map<String, Object>> bundles = new ArrayList<>();
                    for (Element bs : children(e, "bundles")) {
                        for (Element b : children(bs, "bundle")) {
                            bundles.add(fields(b));
                        }
                    }
                    m.put("bundles", bundles);
                }
                out.add(m);
            }
            return out;
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new Failure(502, "gateway", "the gateway's " + what + " list is not readable: " + e.getMessage());
        }
    }

    private static Map<String, Object> fields(Element e) {
        Map<String, Object> m = new LinkedHashMap<>();
        NodeList nl = e.getChildNodes();
        for (int i = 0; i < nl.getLength(); i++) {
            Node n = nl.item(i);
            if (n instanceof Element c && !c.getTagName().equals("bundles")) {
                m.put(c.getTagName(), c.getTextContent().strip());
            }
        }
        return m;
    }

    private static List<Element> children(Element e, String tag) {
        List<Element> out = new ArrayList<>();
        NodeList nl = e.getChildNodes();
        for (int i = 0; i < nl.getLength(); i++) {
            if (nl.item(i) instanceof Element c && c.getTagName().equals(tag)) {
                out.add(c);
            }
        }
        return out;
    }

    /** {@code GET /dashboard/dp/<id>/<file>}: the package's bytes, for gateways (Range requests: the whole file). */
    void download(String rest, HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String[] p = rest.split("/");
        var pkg = p.length == 2 ? packages.find(p[0]) : java.util.Optional.<PackageStore.Package> empty();
        if (pkg.isEmpty() || !pkg.get().file().equals(p[1])) {
            DashboardServlet.json(resp, 404, Map.of("error", "not-found", "detail", "no such package"));
            return;
        }
        var file = packages.file(pkg.get());
        long size = Files.size(file);
        long from = 0;
        String range = req.getHeader("Range");
        if (range != null && range.matches("bytes=\\d+-")) {
            from = Long.parseLong(range.substring(6, range.length() - 1));
            if (from >= size) {
                resp.setStatus(416);
                resp.setHeader("Content-Range", "bytes */" + size);
                return;
            }
            resp.setStatus(206);
            resp.setHeader("Content-Range", "bytes " + from + "-" + (size - 1) + "/" + size);
        }
        resp.setContentType("application/vnd.osgi.dp");
        resp.setHeader("Accept-Ranges", "bytes");
        resp.setContentLengthLong(size - from);
        resp.setHeader("X-Checksum-SHA256", pkg.get().sha256());
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(from);
            in.transferTo(resp.getOutputStream());
        }
    }
}
