package io.holdfast.backend.runtime;

import java.lang.reflect.InvocationTargetException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Writes what the command line says into Config Admin: the store's and the ingest's configurations. The launcher lives
 * outside the framework, so it calls Config Admin through the interface of the Config Admin bundle.
 */
final class Configurations {

    static final String STORE = "io.holdfast.backend.store.JdbcBackendStore";
    static final String INGEST = "io.holdfast.backend.ingest.MqttIngest";
    private static final String CONFIG_ADMIN = "org.osgi.service.cm.ConfigurationAdmin";

    private Configurations() {
    }

    static void apply(BundleContext system, Options o) throws Exception {
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(system, CONFIG_ADMIN, null);
        tracker.open(true);
        try {
            Object ca = tracker.waitForService(TimeUnit.SECONDS.toMillis(30));
            ServiceReference<Object> ref = tracker.getServiceReference();
            if (ca == null || ref == null) {
                throw new IllegalStateException("no Config Admin within 30 s");
            }
            Class<?> api = ref.getBundle().loadClass(CONFIG_ADMIN);
            Map<String, String> store = new java.util.HashMap<>();
            if (o.jdbcUrl() != null) {
                store.put("jdbc.url", o.jdbcUrl());
            }
            update(api, ca, STORE, store, true);
            Map<String, String> ingest = new java.util.HashMap<>();
            if (o.broker() != null) {
                ingest.put("broker.url", o.broker());
            }
            if (o.shareGroup() != null) {
                ingest.put("share.group", o.shareGroup());
            }
            if (o.clientId() != null) {
                ingest.put("client.id", o.clientId());
            }
            update(api, ca, INGEST, ingest, true);
        } finally {
            tracker.close();
        }
    }

    /** Sets the given properties; {@code create}: a configuration that does not exist yet is made (with defaults). */
    private static void update(Class<?> api, Object ca, String pid, Map<String, String> values, boolean create)
            throws ReflectiveOperationException {
        Object cfg;
        try {
            cfg = api.getMethod("getConfiguration", String.class, String.class).invoke(ca, pid, "?");
        } catch (InvocationTargetException ite) {
            throw new IllegalStateException(ite.getCause());
        }
        Class<?> configuration = api.getClassLoader().loadClass("org.osgi.service.cm.Configuration");
        @SuppressWarnings("unchecked")
        Dictionary<String, Object> props = (Dictionary<String, Object>) configuration.getMethod("getProperties")
                .invoke(cfg);
        if (props == null && values.isEmpty() && !create) {
            return;
        }
        Dictionary<String, Object> next = props == null ? new Hashtable<>() : props;
        boolean changed = props == null;
        for (Map.Entry<String, String> e : values.entrySet()) {
            changed |= !e.getValue().equals(next.get(e.getKey()));
            next.put(e.getKey(), e.getValue());
        }
        if (changed) {
            configuration.getMethod("update", Dictionary.class).invoke(cfg, next);
        }
    }
}
