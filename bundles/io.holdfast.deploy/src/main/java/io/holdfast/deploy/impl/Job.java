package io.holdfast.deploy.impl;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.Map;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.message.KuraPayload;
import org.osgi.service.deploymentadmin.DeploymentException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One DEPLOY-V2 job (download then install, install, or uninstall), run on the handler's job thread, with its progress
 * published as Kura does on {@code <requester>/DEPLOY-V2/NOTIFY/<client-id>/<download|install|uninstall>}.
 */
final class Job implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Job.class);

    enum Kind {
        DOWNLOAD, INSTALL, UNINSTALL
    }

    /** Status values of the notifications (Kura's strings). */
    static final String IN_PROGRESS = "IN_PROGRESS";
    static final String COMPLETED = "COMPLETED";
    static final String FAILED = "FAILED";
    static final String ALREADY_DONE = "ALREADY DONE";
    static final String CANCELLED = "CANCELLED";
    static final String IDLE = "IDLE";

    private final Kind kind;
    private final long jobId;
    private final String name;
    private final String version;
    private final String clientId;
    private final Deployer deployer;
    private final Download download;
    private final Path file;
    private final boolean install;
    private final Notifier notifier;
    private final String requester;
    private volatile String downloadStatus = IDLE;
    private volatile String installStatus = IDLE;
    private volatile String error;

    Job(Kind kind, long jobId, String name, String version, String clientId, Deployer deployer, Download download,
            Path file, boolean install, Notifier notifier, String requester) {
        this.kind = kind;
        this.jobId = jobId;
        this.name = name;
        this.version = version;
        this.clientId = clientId;
        this.deployer = deployer;
        this.download = download;
        this.file = file;
        this.install = install;
        this.notifier = notifier;
        this.requester = requester;
    }

    Kind kind() {
        return kind;
    }

    long jobId() {
        return jobId;
    }

    String name() {
        return name;
    }

    String version() {
        return version;
    }

    Download download() {
        return download;
    }

    String downloadStatus() {
        return downloadStatus;
    }

    String installStatus() {
        return installStatus;
    }

    String error() {
        return error;
    }

    boolean finished() {
        String d = downloadStatus;
        String i = installStatus;
        return switch (kind) {
        case DOWNLOAD -> !d.equals(IN_PROGRESS) && !d.equals(IDLE)
                && (!install || !d.equals(COMPLETED) || !i.equals(IN_PROGRESS) && !i.equals(IDLE));
        case INSTALL, UNINSTALL -> !i.equals(IN_PROGRESS) && !i.equals(IDLE);
        };
    }

    @Override
    public void run() {
        switch (kind) {
        case DOWNLOAD -> downloadThenInstall();
        case INSTALL -> install(file, true);
        case UNINSTALL -> uninstall();
        }
    }

    private void downloadThenInstall() {
        downloadStatus = IN_PROGRESS;
        notifyDownload(0, IN_PROGRESS, null);
        Path got;
        try {
            got = download.run();
        } catch (InterruptedIOException e) {
            downloadStatus = CANCELLED;
            notifyDownload(download.percent(), CANCELLED, "download cancelled");
            return;
        } catch (IOException e) {
            error = e.getMessage();
            downloadStatus = FAILED;
            LOG.warn("DEPLOY-V2 job {}: download of {} {} failed: {}", jobId, name, version, e.getMessage());
            notifyDownload(download.percent(), FAILED, e.getMessage());
            return;
        }
        downloadStatus = COMPLETED;
        notifyDownload(100, COMPLETED, null);
        if (install) {
            install(got, true);
        }
    }

    private void install(Path dp, boolean deleteAfter) {
        installStatus = IN_PROGRESS;
        notifyInstall(0, IN_PROGRESS, null);
        try {
            PackageFile pkg = deployer.inspect(dp);
            if (pkg.version().equals(deployer.installedVersion(pkg.name()))) {
                installStatus = ALREADY_DONE;
                notifyInstall(100, ALREADY_DONE, null);
                return;
            }
            deployer.install(dp);
            installStatus = COMPLETED;
            notifyInstall(100, COMPLETED, null);
        } catch (PackageFile.Refused | IOException | RuntimeException e) {
            failInstall(e.getMessage());
        } catch (DeploymentException e) {
            failInstall(Deployment.describe(e));
        } finally {
            if (deleteAfter) {
                try {
                    Files.deleteIfExists(dp);
                } catch (IOException e) {
                    LOG.debug("cannot delete {}", dp, e);
                }
            }
        }
    }

    private void failInstall(String message) {
        error = message;
        installStatus = FAILED;
        LOG.warn("DEPLOY-V2 job {}: install of {} {} failed: {}", jobId, name, version, message);
        notifyInstall(0, FAILED, message);
    }

    private void uninstall() {
        installStatus = IN_PROGRESS;
        notify("uninstall", Map.of("dp.uninstall.progress", 0, "dp.uninstall.status", IN_PROGRESS), null, null);
        try {
            boolean done = deployer.uninstall(name);
            installStatus = done ? COMPLETED : ALREADY_DONE;
            notify("uninstall", Map.of("dp.uninstall.progress", 100, "dp.uninstall.status", installStatus), null, null);
        } catch (DeploymentException | IOException | RuntimeException e) {
            error = e instanceof DeploymentException de ? Deployment.describe(de) : e.getMessage();
            installStatus = FAILED;
            notify("uninstall", Map.of("dp.uninstall.progress", 0, "dp.uninstall.status", FAILED),
                    "dp.uninstall.error.message", error);
        }
    }

    private void notifyDownload(int percent, String status, String message) {
        long total = download.total();
        notify("download", Map.of("dp.download.progress", Math.max(0, percent), "dp.download.status", status,
                "dp.download.size", (int) ((total < 0 ? download.bytes() : total) / 1024)), "dp.download.error.message",
                message);
    }

    private void notifyInstall(int percent, String status, String message) {
        notify("install", Map.of("dp.install.progress", percent, "dp.install.status", status),
                "dp.install.error.message", message);
    }

    /** Called by the download while it runs. */
    void progress(long bytes, long total, int percent) {
        if (percent < 100) {
            notifyDownload(percent, IN_PROGRESS, null);
        }
    }

    private void notify(String resource, Map<String, Object> metrics, String errorKey, String message) {
        KuraPayload p = new KuraPayload();
        p.setTimestamp(new Date());
        p.addMetric("client.id", clientId);
        p.addMetric("job.id", jobId);
        if (name != null) {
            p.addMetric("dp.name", name);
        }
        if (version != null) {
            p.addMetric("dp.version", version);
        }
        metrics.forEach(p::addMetric);
        if (message != null) {
            p.addMetric(errorKey, message);
        }
        try {
            notifier.publish(new KuraMessage(p,
                    Map.of("message.type", resource, "requestor.client.id", requester, "app.id", DeployV2.APP_ID)));
        } catch (KuraException | RuntimeException e) {
            LOG.warn("DEPLOY-V2 job {}: cannot publish the {} notification: {}", jobId, resource, e.getMessage());
        }
    }
}
