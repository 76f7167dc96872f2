package io.holdfast.deploy.impl;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.SynchronousBundleListener;

/**
 * What the framework did while one package was installed: every bundle event (stopped, uninstalled, installed, updated,
 * resolved, unresolved, started) and each package refresh, with its time from the start of the install, and the bundles
 * outside the package that were stopped (a refresh restarting a dependent). One line in the log after each install:
 * where the time of a hot swap went.
 */
final class InstallTrace implements SynchronousBundleListener, FrameworkListener, AutoCloseable {
    private final BundleContext context;
    private final Set<String> packageBundles;
    private final long start = System.nanoTime();
    private final List<String> events = new ArrayList<>();
    private final Set<String> stoppedOutside = new LinkedHashSet<>();

    InstallTrace(BundleContext context, Set<String> packageBundles) {
        this.context = context;
        this.packageBundles = packageBundles;
        context.addBundleListener(this);
        context.addFrameworkListener(this);
    }

    @Override
    public synchronized void bundleChanged(BundleEvent event) {
        String type = switch (event.getType()) {
        case BundleEvent.INSTALLED -> "installed";
        case BundleEvent.RESOLVED -> "resolved";
        case BundleEvent.STARTED -> "started";
        case BundleEvent.STOPPED -> "stopped";
        case BundleEvent.UNINSTALLED -> "uninstalled";
        case BundleEvent.UNRESOLVED -> "unresolved";
        case BundleEvent.UPDATED -> "updated";
        default -> null; // starting, stopping, lazy activation: the events after them say it
        };
        if (type == null) {
            return;
        }
        Bundle b = event.getBundle();
        String name = b.getSymbolicName() == null ? "#" + b.getBundleId() : b.getSymbolicName();
        events.add("+" + elapsed() + " " + name + " " + type);
        if (event.getType() == BundleEvent.STOPPED && !packageBundles.contains(name)) {
            stoppedOutside.add(name);
        }
    }

    @Override
    public synchronized void frameworkEvent(FrameworkEvent event) {
        if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
            events.add("+" + elapsed() + " packages refreshed");
        }
    }

    private long elapsed() {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** The trace in one line: total time, the events, and what outside the package was restarted. */
    synchronized String summary() {
        return elapsed() + " ms; bundles outside the package stopped: "
                + (stoppedOutside.isEmpty() ? "none" : String.join(", ", stoppedOutside)) + "; "
                + String.join(", ", events);
    }

    @Override
    public void close() {
        context.removeBundleListener(this);
        context.removeFrameworkListener(this);
    }
}
