package io.holdfast.bench.support;

import io.holdfast.api.queue.DurableQueue;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import org.eclipse.kura.cloudconnection.CloudConnectionManager;
import org.eclipse.kura.cloudconnection.CloudEndpoint;
import org.eclipse.kura.cloudconnection.publisher.CloudPublisher;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The SQLite store on a file, an MQTT connection drawing from it and its publisher (application {@code W1}, topic
 * {@code readings/{device}}, QoS 1), configured through Config Admin as a user configures them, and used only through
 * their services. Closing deletes the configurations, waits until the services are gone and deletes the database.
 */
public final class CloudStack implements AutoCloseable {
    private static final String STORE_PID = "io.holdfast.store.sqlite.SqliteQueue";
    private static final String ENDPOINT_PID = "io.holdfast.cloud.mqtt.MqttCloudEndpoint";
    private static final String PUBLISHER_PID = "io.holdfast.cloud.mqtt.MqttCloudPublisher";
    private static final long CLOSE_TIMEOUT_NANOS = 600_000_000_000L;

    /** The connection's pid, also the queue's name; the publisher's pid is {@code pid + "-publisher"}. */
    public final String pid;
    /** The store. */
    public final DurableQueue queue;
    /** The connection. */
    public final CloudEndpoint endpoint;
    /** The connection, as the manager that connects it. */
    public final CloudConnectionManager manager;
    /** The publisher. */
    public final CloudPublisher publisher;

    private final BundleContext context;
    private final Path file;
    private final Configuration storeConfig;
    private final Configuration endpointConfig;
    private final Configuration publisherConfig;

    /**
     * Configures the three and waits for their services.
     *
     * @param context
     *            the benchmark bundle's context
     * @param configAdmin
     *            where they are configured
     * @param pid
     *            the connection's pid and the queue's name
     * @param file
     *            the store's database file
     * @param store
     *            the store's properties beside its name and file (durability, capacities)
     * @param endpoint
     *            the connection's properties beside its pid and store (broker, client id, account, ...)
     *
     * @throws Exception
     *             if Config Admin fails or a service does not come within 60 s
     */
    public CloudStack(BundleContext context, ConfigurationAdmin configAdmin, String pid, Path file,
            Map<String, Object> store, Map<String, Object> endpoint) throws Exception {
        this.context = context;
        this.pid = pid;
        this.file = file;
        Dictionary<String, Object> s = new Hashtable<>(store);
        s.put("holdfast.queue.name", pid);
        s.put("file.path", file.toString());
        storeConfig = configAdmin.createFactoryConfiguration(STORE_PID, "?");
        storeConfig.update(s);
        queue = Waits.service(context, DurableQueue.class, "(holdfast.queue.name=" + pid + ")");

        Dictionary<String, Object> ep = new Hashtable<>(endpoint);
        ep.put("kura.service.pid", pid);
        ep.put("DurableQueue.target", "(holdfast.queue.name=" + pid + ")");
        endpointConfig = configAdmin.createFactoryConfiguration(ENDPOINT_PID, "?");
        endpointConfig.update(ep);
        this.endpoint = Waits.service(context, CloudEndpoint.class, "(kura.service.pid=" + pid + ")");
        manager = Waits.service(context, CloudConnectionManager.class, "(kura.service.pid=" + pid + ")");

        Dictionary<String, Object> pp = new Hashtable<>();
        pp.put("kura.service.pid", pid + "-publisher");
        pp.put("cloud.endpoint.service.pid", pid);
        pp.put("appId", "W1");
        pp.put("app.topic", "readings/{device}");
        pp.put("qos", 1);
        publisherConfig = configAdmin.createFactoryConfiguration(PUBLISHER_PID, "?");
        publisherConfig.update(pp);
        publisher = Waits.service(context, CloudPublisher.class, "(kura.service.pid=" + pid + "-publisher)");
    }

    @Override
    public void close() throws Exception {
        publisherConfig.delete();
        endpointConfig.delete();
        Waits.until(() -> context.getServiceReferences(CloudEndpoint.class, "(kura.service.pid=" + pid + ")").isEmpty(),
                CLOSE_TIMEOUT_NANOS, 5, "the connection " + pid + " to stop");
        storeConfig.delete();
        Waits.until(
                () -> context.getServiceReferences(DurableQueue.class, "(holdfast.queue.name=" + pid + ")").isEmpty(),
                CLOSE_TIMEOUT_NANOS, 5, "the store " + pid + " to close");
        Waits.deleteDatabase(file);
    }
}
