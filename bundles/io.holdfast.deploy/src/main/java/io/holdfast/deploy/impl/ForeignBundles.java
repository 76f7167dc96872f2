package io.holdfast.deploy.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.FrameworkWiring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bundles a package takes over that Deployment Admin did not install: the standalone runtime's launcher installs
 * the gateway bundles itself (location {@code holdfast-runtime:<name>}), so the first package of, say, the driver meets
 * a running {@code io.holdfast.esp32} that belongs to no package. Felix Deployment Admin refuses a bundle of the same
 * name and version ("already present") and installs one of another version beside it, so that two drivers would run at
 * once (both holding the TCP port, both publishing). Those bundles are therefore uninstalled and refreshed away just
 * before Deployment Admin installs the package (so that its bundles cannot wire to their old revisions); the launcher
 * leaves a name that a package installed alone at the next start. If Deployment Admin then fails, they are missing
 * until the launcher installs them again at the next start (said in the log).
 */
final class ForeignBundles {
    private static final Logger LOG = LoggerFactory.getLogger(ForeignBundles.class);
    /** Where Felix Deployment Admin installs bundles. */
    private static final String DP_LOCATION = "osgi-dp:";

    private final BundleContext context;

    ForeignBundles(BundleContext context) {
        this.context = context;
    }

    /**
     * Stops and uninstalls every bundle with a name of the package that no package installed.
     *
     * @param pkg
     *            the package about to be installed
     *
     * @return the uninstalled bundles
     */
    List<Bundle> takeOver(PackageFile pkg) {
        List<Bundle> gone = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName() == null || !pkg.bundles().containsKey(b.getSymbolicName())
                    || b.getLocation().startsWith(DP_LOCATION) || b.getBundleId() == 0) {
                continue;
            }
            try {
                LOG.info("Package {} takes over {} {} (installed from {})", pkg.name(), b.getSymbolicName(),
                        b.getVersion(), b.getLocation());
                b.uninstall();
                gone.add(b);
            } catch (BundleException | IllegalStateException e) {
                LOG.warn("Cannot uninstall {} before package {}: {}", b.getSymbolicName(), pkg.name(), e.toString());
            }
        }
        refresh(gone);
        return gone;
    }

    /** Refreshes the uninstalled bundles and waits (up to 30 s) until the framework dropped their revisions. */
    private void refresh(List<Bundle> gone) {
        if (gone.isEmpty()) {
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class).refreshBundles(gone,
                e -> done.countDown());
        try {
            if (!done.await(30, TimeUnit.SECONDS)) {
                LOG.warn("Refreshing {} bundle(s) took more than 30 s", gone.size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Says what is missing when Deployment Admin failed after {@link #takeOver(PackageFile)}.
     *
     * @param pkg
     *            the package
     * @param gone
     *            what was uninstalled
     */
    void failed(PackageFile pkg, List<Bundle> gone) {
        for (Bundle b : gone) {
            LOG.error("Package {} failed after {} {} was uninstalled; it is installed again at the next start",
                    pkg.name(), b.getSymbolicName(), b.getVersion());
        }
    }
}
