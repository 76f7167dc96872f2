package io.holdfast.deploy.impl;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.osgi.framework.Bundle;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.deploymentadmin.DeploymentException;

/**
 * The "Packages" page of the Felix Web Console ({@code /system/console/packages}, behind the console's login): the
 * installed deployment packages with their bundles, install from a file (the page posts the file's bytes to
 * {@code packages/install}), uninstall ({@code packages/uninstall?name=...}). {@code packages.json} lists the packages.
 */
@Component(service = Servlet.class, property = { "felix.webconsole.label=" + PackagesPlugin.LABEL,
        "felix.webconsole.title=Packages", "felix.webconsole.category=Holdfast" })
public final class PackagesPlugin extends HttpServlet {
    static final String LABEL = "packages";
    private static final long serialVersionUID = 1L;

    private final transient Deployer deployer;

    /**
     * @param deployer
     *            what installs
     */
    @Activate
    public PackagesPlugin(@Reference Deployer deployer) {
        this.deployer = deployer;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setCharacterEncoding(StandardCharsets.UTF_8.name());
        resp.setHeader("Cache-Control", "no-store");
        if (req.getRequestURI().endsWith(".json")) {
            resp.setContentType("application/json");
            resp.getWriter().write(json());
            return;
        }
        resp.setContentType("text/html");
        resp.getWriter().write(html());
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String uri = req.getRequestURI();
        resp.setCharacterEncoding(StandardCharsets.UTF_8.name());
        resp.setContentType("text/plain");
        if (uri.endsWith("/" + LABEL + "/install")) {
            install(req, resp);
        } else if (uri.endsWith("/" + LABEL + "/uninstall")) {
            String name = req.getParameter("name");
            if (name == null || name.isBlank()) {
                reply(resp, HttpServletResponse.SC_BAD_REQUEST, "name of the package to uninstall missing");
                return;
            }
            try {
                if (deployer.uninstall(name)) {
                    reply(resp, HttpServletResponse.SC_OK, "uninstalled " + name);
                } else {
                    reply(resp, HttpServletResponse.SC_NOT_FOUND, "no package " + name);
                }
            } catch (DeploymentException e) {
                reply(resp, HttpServletResponse.SC_CONFLICT, Deployment.describe(e));
            }
        } else {
            reply(resp, HttpServletResponse.SC_NOT_FOUND, "POST packages/install or packages/uninstall");
        }
    }

    private void install(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        long max = deployer.config().download_max_bytes();
        if (req.getContentLengthLong() > max) {
            reply(resp, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "package larger than " + max + " bytes");
            return;
        }
        Path dir = Files.createDirectories(deployer.packagesDir().resolve("uploads"));
        Path tmp = dir.resolve(UUID.randomUUID() + ".dp");
        try {
            long n = copy(req.getInputStream(), tmp, max);
            if (n < 0) {
                reply(resp, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "package larger than " + max + " bytes");
                return;
            }
            if (n == 0) {
                reply(resp, HttpServletResponse.SC_BAD_REQUEST, "no file uploaded");
                return;
            }
            PackageFile pkg = deployer.inspect(tmp);
            if (pkg.version().equals(deployer.installedVersion(pkg.name()))) {
                reply(resp, HttpServletResponse.SC_OK, pkg.name() + " " + pkg.version() + " is already installed");
                return;
            }
            deployer.install(tmp);
            reply(resp, HttpServletResponse.SC_OK, "installed " + pkg.name() + " " + pkg.version());
        } catch (PackageFile.Refused e) {
            reply(resp, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
        } catch (DeploymentException e) {
            reply(resp, HttpServletResponse.SC_CONFLICT, Deployment.describe(e));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static long copy(InputStream in, Path to, long max) throws IOException {
        long n = 0;
        byte[] buf = new byte[16 * 1024];
        try (OutputStream out = Files.newOutputStream(to)) {
            for (int r = in.read(buf); r >= 0; r = in.read(buf)) {
                n += r;
                if (n > max) {
                    return -1;
                }
                out.write(buf, 0, r);
            }
        }
        return n;
    }

    private static void reply(HttpServletResponse resp, int status, String message) throws IOException {
        resp.setStatus(status);
        resp.getWriter().write(message + "\n");
    }

    private String json() {
        StringBuilder sb = new StringBuilder("{\"packages\":[");
        String sep = "";
        for (Deployer.Installed p : deployer.packages()) {
            sb.append(sep).append("{\"name\":\"").append(esc(p.name())).append("\",\"version\":\"").append(p.version())
                    .append("\",\"bundles\":[");
            String bsep = "";
            for (Bundle b : p.bundles()) {
                sb.append(bsep).append("{\"name\":\"").append(esc(String.valueOf(b.getSymbolicName())))
                        .append("\",\"version\":\"").append(b.getVersion()).append("\",\"id\":").append(b.getBundleId())
                        .append(",\"state\":\"").append(Xml.state(b)).append("\"}");
                bsep = ",";
            }
            sb.append("]}");
            sep = ",";
        }
        return sb.append("]}").toString();
    }

    private String html() {
        StringBuilder sb = new StringBuilder();
        sb.append("<h2>Deployment packages</h2>\n<table class=\"tablesorter nicetable\"><thead><tr>")
                .append("<th>Package</th><th>Version</th><th>Bundles</th><th></th></tr></thead><tbody>\n");
        for (Deployer.Installed p : deployer.packages()) {
            sb.append("<tr><td>").append(esc(p.name())).append("</td><td>").append(p.version()).append("</td><td>");
            for (Bundle b : p.bundles()) {
                sb.append(esc(String.valueOf(b.getSymbolicName()))).append(' ').append(b.getVersion()).append(" (")
                        .append(Xml.state(b)).append(")<br>");
            }
            sb.append("</td><td><button onclick=\"hfUninstall('").append(esc(p.name()))
                    .append("')\">Uninstall</button></td></tr>\n");
        }
        sb.append("</tbody></table>\n<h3>Install or update</h3>\n")
                .append("<p><input type=\"file\" id=\"hf-dp\" accept=\".dp\"> ")
                .append("<button onclick=\"hfInstall()\">Install</button></p>\n<pre id=\"hf-result\"></pre>\n")
                .append("<script>\nfunction hfShow(r){r.text().then(function(t){")
                .append("document.getElementById('hf-result').textContent=t;if(r.ok){location.reload();}});}\n")
                .append("function hfInstall(){var f=document.getElementById('hf-dp').files[0];if(!f){return;}")
                .append("fetch('").append(LABEL).append("/install',{method:'POST',headers:{'Content-Type':")
                .append("'application/vnd.osgi.dp'},body:f}).then(hfShow);}\n")
                .append("function hfUninstall(n){if(!confirm('Uninstall '+n+'?')){return;}fetch('").append(LABEL)
                .append("/uninstall?name='+encodeURIComponent(n),{method:'POST'}).then(hfShow);}\n</script>\n");
        return sb.toString();
    }

    private static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
            case '<' -> sb.append("&lt;");
            case '>' -> sb.append("&gt;");
            case '&' -> sb.append("&amp;");
            case '"' -> sb.append("&quot;");
            case '\'' -> sb.append("&#39;");
            case '\\' -> sb.append("\\\\");
            default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
