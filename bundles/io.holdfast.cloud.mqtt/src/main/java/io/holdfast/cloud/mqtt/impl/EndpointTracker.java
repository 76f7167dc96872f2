package io.holdfast.cloud.mqtt.impl;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.eclipse.kura.cloudconnection.CloudConnectionConstants;
import org.eclipse.kura.cloudconnection.CloudEndpoint;
import org.eclipse.kura.configuration.ConfigurationService;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Follows the cloud endpoint a publisher or subscriber names by {@code cloud.endpoint.service.pid} (its
 * {@code kura.service.pid}, or its {@code service.pid}), as it comes and goes.
 */
final class EndpointTracker {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Consumer<CloudEndpoint> added;
    private final Consumer<CloudEndpoint> removed;
    private volatile CloudEndpoint endpoint;
    /** Set by {@link #close()}: a publisher or subscriber that is deactivated waits for no endpoint any more. */
    private volatile boolean closed;
    private ServiceTracker<CloudEndpoint, CloudEndpoint> tracker;

    EndpointTracker(Consumer<CloudEndpoint> added, Consumer<CloudEndpoint> removed) {
        this.added = added;
        this.removed = removed;
    }

    static Filter filter(String endpointPid) throws InvalidSyntaxException {
        String pid = escape(endpointPid);
        return FrameworkUtil.createFilter("(&(" + Constants.OBJECTCLASS + "=" + CloudEndpoint.class.getName() + ")(|("
                + ConfigurationService.KURA_SERVICE_PID + "=" + pid + ")(" + Constants.SERVICE_PID + "=" + pid + ")))");
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '(' || c == ')' || c == '*' || c == '\\') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }

    /**
     * Follows the cloud endpoint a publisher or subscriber is configured for.
     *
     * @throws IllegalArgumentException
     *             if the endpoint PID is not configured
     */
    void open(BundleContext context, String endpointPid) throws InvalidSyntaxException {
        if (endpointPid == null || endpointPid.isBlank()) {
            throw new IllegalArgumentException(
                    CloudConnectionConstants.CLOUD_ENDPOINT_SERVICE_PID_PROP_NAME.value() + " is not configured");
        }
        tracker = new ServiceTracker<>(context, filter(endpointPid.trim()), null) {
            @Override
            public CloudEndpoint addingService(ServiceReference<CloudEndpoint> reference) {
                CloudEndpoint e = super.addingService(reference);
                if (e != null) {
                    set(e);
                }
                return e;
            }

            @Override
            public void removedService(ServiceReference<CloudEndpoint> reference, CloudEndpoint service) {
                unset(service);
                super.removedService(reference, service);
            }
        };
        tracker.open();
    }

    /**
     * Stops following the endpoint. A caller still inside {@link #await(long)} (a publishing thread that took this
     * publisher just before its bundle stopped) returns {@code null} at once instead of waiting for an endpoint that
     * goes to this publisher's successor: it can retry with the new publisher right away.
     */
    void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (tracker != null) {
            tracker.close();
        }
        CloudEndpoint e = endpoint;
        if (e != null) {
            unset(e);
        }
    }

    boolean closed() {
        return closed;
    }

    /** Sets the endpoint directly (tests, tools). */
    void set(CloudEndpoint e) {
        lock.lock();
        try {
            CloudEndpoint old = endpoint;
            if (old != null && old != e) {
                removed.accept(old);
            }
            endpoint = e;
            added.accept(e);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void unset(CloudEndpoint e) {
        lock.lock();
        try {
            if (endpoint == e) {
                endpoint = null;
                removed.accept(e);
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    CloudEndpoint current() {
        return endpoint;
    }

    /** The endpoint, waiting for it up to the timeout; {@code null} if none came or the tracker is closed. */
    CloudEndpoint await(long timeoutMillis) throws InterruptedException {
        long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        lock.lock();
        try {
            while (endpoint == null) {
                if (nanos <= 0 || closed) {
                    return null;
                }
                nanos = changed.awaitNanos(nanos);
            }
            return endpoint;
        } finally {
            lock.unlock();
        }
    }
}
