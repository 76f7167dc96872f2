package io.holdfast.cloud.mqtt.impl.session;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.kura.cloudconnection.CloudEndpoint;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BIRTH and APPS again after a deployment package changed the gateway, as Kura does: Deployment Admin posts
 * {@code org/osgi/service/deployment/COMPLETE} after every install and uninstall (and {@code UNINSTALL} before one);
 * every connected cloud connection of this bundle then publishes its lifecycle messages, so that the cloud sees the new
 * application set. Events that come close together (UNINSTALL then COMPLETE) give one republication.
 * <p>
 * The bundle imports {@code org.osgi.service.event} optionally: without Event Admin only this component is missing.
 */
@Component(service = EventHandler.class, property = { "event.topics=" + DeploymentBirth.TOPIC_COMPLETE,
        "event.topics=" + DeploymentBirth.TOPIC_UNINSTALL })
public final class DeploymentBirth implements EventHandler {

    /** A cloud connection that can publish its lifecycle messages now (nothing when it is not connected). */
    public interface Lifecycle {
        /**
         * Publishes one lifecycle message if connected.
         *
         * @param what
         *            {@code BIRTH} or {@code APPS}
         */
        void publishLifecycle(String what);
    }

    /** Deployment Admin's event after an install or an uninstall, successful or not. */
    public static final String TOPIC_COMPLETE = "org/osgi/service/deployment/COMPLETE";
    /** Deployment Admin's event before an uninstall. */
    public static final String TOPIC_UNINSTALL = "org/osgi/service/deployment/UNINSTALL";
    /** How long events are gathered into one republication. */
    static final long COALESCE_MS = 200;

    private static final Logger LOG = LoggerFactory.getLogger(DeploymentBirth.class);

    private final Set<Lifecycle> endpoints = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean pending = new AtomicBoolean();
    private final ScheduledExecutorService worker;

    public DeploymentBirth() {
        worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "holdfast-cloud-deployment-birth");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Binds a cloud connection of this bundle (others are ignored).
     *
     * @param endpoint
     *            the connection
     */
    @Reference(name = "CloudEndpoint", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, target = "(kura.cloud.connection.factory.pid=io.holdfast.cloud.mqtt.MqttCloudEndpoint)")
    public void addEndpoint(CloudEndpoint endpoint) {
        if (endpoint instanceof Lifecycle l) {
            endpoints.add(l);
        }
    }

    /**
     * Unbinds a cloud connection.
     *
     * @param endpoint
     *            the connection
     */
    public void removeEndpoint(CloudEndpoint endpoint) {
        if (endpoint instanceof Lifecycle l) {
            endpoints.remove(l);
        }
    }

    @Override
    public void handleEvent(Event event) {
        if (pending.compareAndSet(false, true)) {
            try {
                worker.schedule(this::republish, COALESCE_MS, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                pending.set(false); // deactivated
            }
        }
    }

    private void republish() {
        pending.set(false);
        LOG.info("Deployment package changed: republishing BIRTH and APPS on {} cloud connection(s)", endpoints.size());
        for (Lifecycle l : endpoints) {
            try {
                l.publishLifecycle("BIRTH");
                l.publishLifecycle("APPS");
            } catch (RuntimeException e) {
                LOG.warn("Cannot republish BIRTH after a deployment: {}", e.toString());
            }
        }
    }

    /** Stops the worker; a republication not yet sent is dropped (the connection goes too, or stays as it was). */
    @Deactivate
    public void close() {
        worker.shutdownNow();
    }
}
