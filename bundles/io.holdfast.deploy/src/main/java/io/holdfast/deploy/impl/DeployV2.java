package io.holdfast.deploy.impl;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.request.RequestHandler;
import org.eclipse.kura.cloudconnection.request.RequestHandlerContext;
import org.eclipse.kura.cloudconnection.request.RequestHandlerContextConstants;
import org.eclipse.kura.cloudconnection.request.RequestHandlerMessageConstants;
import org.eclipse.kura.message.KuraPayload;
import org.eclipse.kura.message.KuraRequestPayload;
import org.eclipse.kura.message.KuraResponsePayload;
import org.osgi.framework.BundleException;
import org.osgi.framework.Version;

/**
 * The DEPLOY-V2 request handler (KURA-CONTRACT.md section 6): {@code EXEC/download}, {@code EXEC/install},
 * {@code EXEC/uninstall}, {@code EXEC/start/<id>}, {@code EXEC/stop/<id>}, {@code GET/packages}, {@code GET/bundles},
 * {@code GET/download}, {@code GET/install} and {@code DEL/download}. A download, install or uninstall is accepted with
 * a 200 reply and runs as a {@link Job}, one at a time; its progress comes as notifications.
 */
final class DeployV2 implements RequestHandler {
    static final String APP_ID = "DEPLOY-V2";
    /** How long a job waits for the connection's notification publisher after its request's connection closed. */
    static final long NOTIFIER_WAIT_MS = 30_000;

    private final Deployer deployer;
    private final String clientId;
    private final ExecutorService jobs = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "holdfast-deploy-job");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong localJobIds = new AtomicLong();
    private volatile Job current;

    DeployV2(Deployer deployer, String clientId) {
        this.deployer = deployer;
        this.clientId = clientId;
    }

    /**
     * The cloud connection went (or the Deployer stops): a download in progress is cancelled, but an install or
     * uninstall that has started runs to its end. It must not be interrupted: the package being installed may be the
     * cloud connection itself, whose old bundle goes before the new one comes, and Deployment Admin would give up
     * half-way ("timed out (Thread interrupted)"), leaving neither version.
     */
    void close() {
        Job j = current;
        if (j != null && j.download() != null) {
            j.download().cancel();
        }
        jobs.shutdown();
    }

    @Override
    public KuraMessage doGet(RequestHandlerContext context, KuraMessage request) throws KuraException {
        List<String> args = args(request);
        String what = args.isEmpty() ? "" : args.get(0);
        KuraResponsePayload r = new KuraResponsePayload(KuraResponsePayload.RESPONSE_CODE_OK);
        Job j = current;
        switch (what) {
        case "packages" -> r.setBody(Xml.packages(deployer.packages()).getBytes(StandardCharsets.UTF_8));
        case "bundles" -> r.setBody(Xml.bundles(deployer.bundles()).getBytes(StandardCharsets.UTF_8));
        case "download" -> {
            if (j != null && j.kind() == Job.Kind.DOWNLOAD) {
                r.addMetric("job.id", j.jobId());
                r.addMetric("dp.download.status", j.downloadStatus());
                r.addMetric("dp.download.progress", Math.max(0, j.download().percent()));
                r.addMetric("dp.download.size", (int) (Math.max(0, j.download().total()) / 1024));
            } else {
                r.addMetric("dp.download.status", Job.IDLE);
            }
        }
        case "install" -> {
            if (j != null && j.kind() != Job.Kind.UNINSTALL) {
                r.addMetric("job.id", j.jobId());
                r.addMetric("dp.name", j.name());
                r.addMetric("dp.version", j.version());
                r.addMetric("dp.install.status", j.installStatus());
            } else {
                r.addMetric("dp.install.status", Job.IDLE);
            }
        }
        default -> {
            return error(KuraResponsePayload.RESPONSE_CODE_NOTFOUND, "no resource GET/" + String.join("/", args));
        }
        }
        return new KuraMessage(r);
    }

    @Override
    public KuraMessage doExec(RequestHandlerContext context, KuraMessage request) throws KuraException {
        List<String> args = args(request);
        String what = args.isEmpty() ? "" : args.get(0);
        KuraPayload in = request.getPayload();
        try {
            return switch (what) {
            case "download" -> startDownload(context, in);
            case "install" -> startInstall(context, in);
            case "uninstall" -> start(context, Job.Kind.UNINSTALL, in, required(in, "dp.name"), null, null, null,
                    false);
            case "start", "stop" -> startStop(args, what.equals("start"));
            default -> error(KuraResponsePayload.RESPONSE_CODE_NOTFOUND, "no resource EXEC/" + String.join("/", args));
            };
        } catch (BadRequest e) {
            return error(KuraResponsePayload.RESPONSE_CODE_BAD_REQUEST, e.getMessage());
        }
    }

    @Override
    public KuraMessage doDel(RequestHandlerContext context, KuraMessage request) throws KuraException {
        List<String> args = args(request);
        if (!args.equals(List.of("download"))) {
            return error(KuraResponsePayload.RESPONSE_CODE_NOTFOUND, "no resource DEL/" + String.join("/", args));
        }
        Job j = current;
        if (j == null || j.kind() != Job.Kind.DOWNLOAD || j.finished()) {
            return error(KuraResponsePayload.RESPONSE_CODE_NOTFOUND, "no download in progress");
        }
        j.download().cancel();
        return new KuraMessage(new KuraResponsePayload(KuraResponsePayload.RESPONSE_CODE_OK));
    }

    private KuraMessage startDownload(RequestHandlerContext context, KuraPayload in) throws BadRequest {
        String uri = required(in, "dp.uri");
        String name = required(in, "dp.name");
        String version = required(in, "dp.version");
        Object protocol = in.getMetric("dp.download.protocol");
        if (protocol != null && !"HTTP".equalsIgnoreCase(protocol.toString())
                && !"HTTPS".equalsIgnoreCase(protocol.toString())) {
            throw new BadRequest("unsupported dp.download.protocol " + protocol + " (HTTP covers http and https)");
        }
        URI u;
        try {
            u = URI.create(uri.trim());
            Download.checkAllowed(u, Arrays.asList(deployer.config().download_allowed_prefixes()));
        } catch (IllegalArgumentException | IOException e) {
            throw new BadRequest(e.getMessage());
        }
        Path file = deployer.packagesDir().resolve("downloads").resolve(safe(name) + "_" + safe(version) + ".dp");
        int readTimeout = (int) number(in, "dp.download.timeout", deployer.config().download_read_timeout() * 1000L);
        Download.Request dr = new Download.Request(u, file, string(in, "dp.download.hash"),
                string(in, "dp.download.username"), string(in, "dp.download.password"),
                deployer.config().download_connect_timeout() * 1000, readTimeout,
                deployer.config().download_max_bytes(), deployer.config().download_attempts(),
                number(in, "dp.download.block.size", 64 * 1024));
        boolean install = !"false".equalsIgnoreCase(String.valueOf(in.getMetric("dp.install")));
        return start(context, Job.Kind.DOWNLOAD, in, name, version, dr, file, install);
    }

    private KuraMessage startInstall(RequestHandlerContext context, KuraPayload in) throws BadRequest {
        String name = required(in, "dp.name");
        String version = required(in, "dp.version");
        Path file = deployer.packagesDir().resolve("downloads").resolve(safe(name) + "_" + safe(version) + ".dp");
        if (!Files.isRegularFile(file)) {
            throw new BadRequest("no downloaded package " + name + " " + version + ": EXEC/download it first");
        }
        return start(context, Job.Kind.INSTALL, in, name, version, null, file, true);
    }

    private synchronized KuraMessage start(RequestHandlerContext context, Job.Kind kind, KuraPayload in, String name,
            String version, Download.Request dr, Path file, boolean install) throws BadRequest {
        Job running = current;
        if (running != null && !running.finished()) {
            throw new BadRequest("another job (" + running.jobId() + ", " + running.kind().name().toLowerCase() + " of "
                    + running.name() + ") is in progress");
        }
        if (kind == Job.Kind.DOWNLOAD && version != null) {
            Version v = parseVersion(version);
            if (v != null && v.equals(deployer.installedVersion(name))) {
                KuraResponsePayload r = new KuraResponsePayload(KuraResponsePayload.RESPONSE_CODE_OK);
                r.addMetric("dp.download.status", Job.ALREADY_DONE);
                return new KuraMessage(r);
            }
        }
        long jobId = number(in, "job.id", -localJobIds.incrementAndGet());
        String requester = String.valueOf(context.getContextProperties().getOrDefault(
                KuraRequestPayload.REQUESTER_CLIENT_ID, String.valueOf(in.getMetric("requester.client.id"))));
        Job[] holder = new Job[1];
        Download d = dr == null ? null : new Download(dr, (b, t, p) -> holder[0].progress(b, t, p));
        Job job = new Job(kind, jobId, name, version, clientId, deployer, d, file, install, notifier(context),
                requester);
        holder[0] = job;
        current = job;
        jobs.execute(job);
        KuraResponsePayload r = new KuraResponsePayload(KuraResponsePayload.RESPONSE_CODE_OK);
        r.addMetric("job.id", jobId);
        return new KuraMessage(r);
    }

    /**
     * The job's notifier: the request's publisher, and the connection's publisher service named in the request context
     * once that one is closed (an install that replaces the cloud connection itself).
     */
    private Notifier notifier(RequestHandlerContext context) {
        Object pid = context.getContextProperties()
                .get(RequestHandlerContextConstants.NOTIFICATION_PUBLISHER_PID.name());
        return new Notifier(context.getNotificationPublisher(), deployer.bundleContext(),
                pid == null ? null : pid.toString(), NOTIFIER_WAIT_MS);
    }

    private KuraMessage startStop(List<String> args, boolean start) throws BadRequest {
        if (args.size() != 2) {
            throw new BadRequest("EXEC/" + args.get(0) + "/<bundle id> expected");
        }
        long id;
        try {
            id = Long.parseLong(args.get(1));
        } catch (NumberFormatException e) {
            throw new BadRequest("not a bundle id: " + args.get(1));
        }
        try {
            if (!deployer.startStop(id, start)) {
                return error(KuraResponsePayload.RESPONSE_CODE_NOTFOUND, "no bundle " + id);
            }
        } catch (BundleException | IllegalStateException e) {
            return error(KuraResponsePayload.RESPONSE_CODE_ERROR, e.getMessage());
        }
        return new KuraMessage(new KuraResponsePayload(KuraResponsePayload.RESPONSE_CODE_OK));
    }

    /** A request that cannot be carried out as sent. */
    private static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }

    private static KuraMessage error(int code, String message) {
        KuraResponsePayload r = new KuraResponsePayload(code);
        r.setExceptionMessage(message);
        return new KuraMessage(r);
    }

    @SuppressWarnings("unchecked")
    private static List<String> args(KuraMessage request) {
        Object a = request.getProperties().get(RequestHandlerMessageConstants.ARGS_KEY.value());
        return a instanceof List<?> l ? (List<String>) l : List.of();
    }

    private static String required(KuraPayload p, String metric) throws BadRequest {
        String s = string(p, metric);
        if (s == null || s.isBlank()) {
            throw new BadRequest("missing metric " + metric);
        }
        return s;
    }

    private static String string(KuraPayload p, String metric) {
        Object o = p.getMetric(metric);
        return o == null ? null : o.toString();
    }

    private static long number(KuraPayload p, String metric, long dflt) {
        Object o = p.getMetric(metric);
        if (o instanceof Number n) {
            return n.longValue();
        }
        try {
            return o == null ? dflt : Long.parseLong(o.toString().trim());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    private static Version parseVersion(String v) {
        try {
            return Version.parseVersion(v);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A file name part: no path separators or dots that climb. */
    private static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "_").replace("..", "_");
    }
}
