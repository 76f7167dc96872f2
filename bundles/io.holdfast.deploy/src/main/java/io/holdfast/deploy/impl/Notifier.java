package io.holdfast.deploy.impl;

import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.publisher.CloudNotificationPublisher;
import org.eclipse.kura.configuration.ConfigurationService;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Publishes a job's notifications: through the publisher of the request that started the job and, once that one is
 * closed (the cloud connection was updated or reconfigured while the job ran, for instance by the job itself), through
 * the connection's notification publisher service found by the PID the request context named, as Kura's handlers find
 * it again after a restart. Waits for that service up to a bound, since the new connection comes up after the old one
 * went.
 */
final class Notifier {
    private final CloudNotificationPublisher requestPublisher;
    private final BundleContext context;
    private final String servicePid;
    private final long waitMillis;
    private volatile boolean requestPublisherClosed;

    /**
     * @param requestPublisher
     *            the publisher of the request's context
     * @param context
     *            the bundle context to find the service in; {@code null}: no fallback
     * @param servicePid
     *            the {@code kura.service.pid} of the connection's notification publisher; {@code null}: no fallback
     * @param waitMillis
     *            how long to wait for that service
     */
    Notifier(CloudNotificationPublisher requestPublisher, BundleContext context, String servicePid, long waitMillis) {
        this.requestPublisher = requestPublisher;
        this.context = context;
        this.servicePid = servicePid;
        this.waitMillis = waitMillis;
    }

    /** Publishes; the message needs the {@code requestor.client.id} and {@code app.id} properties for the fallback. */
    void publish(KuraMessage message) throws KuraException {
        if (!requestPublisherClosed) {
            try {
                requestPublisher.publish(message);
                return;
            } catch (KuraException | RuntimeException e) {
                if (context == null || servicePid == null) {
                    throw e;
                }
                requestPublisherClosed = true;
            }
        }
        CloudNotificationPublisher now = service();
        if (now == null) {
            throw new KuraException(KuraErrorCode.NOT_FOUND, "the request's connection is closed and "
                    + "no notification publisher " + servicePid + " came within " + waitMillis + " ms");
        }
        now.publish(message);
    }

    private CloudNotificationPublisher service() throws KuraException {
        String filter = "(&(objectClass=" + CloudNotificationPublisher.class.getName() + ")("
                + ConfigurationService.KURA_SERVICE_PID + "=" + servicePid + "))";
        ServiceTracker<CloudNotificationPublisher, CloudNotificationPublisher> t;
        try {
            t = new ServiceTracker<>(context, context.createFilter(filter), null);
        } catch (InvalidSyntaxException e) {
            throw new KuraException(KuraErrorCode.INVALID_PARAMETER, e,
                    "not a notification publisher PID: " + servicePid);
        }
        t.open();
        try {
            return t.waitForService(waitMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            t.close();
        }
    }
}
