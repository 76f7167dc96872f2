package io.holdfast.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Creates the configurations of {@code first-start.configs} through Config Admin, once per data directory. The launcher
 * lives outside the framework, so it calls Config Admin's public API through the interface the Config Admin bundle
 * exposes.
 */
final class FirstStartConfigurations {

    /** One configuration: a PID, or a factory PID and a name, and its properties. */
    record Entry(String pid, String factoryPid, String name, Map<String, String> properties) {
    }

    private static final String CONFIG_ADMIN = "org.osgi.service.cm.ConfigurationAdmin";
    private static final String MARKER = "first-start-configurations.applied";

    private FirstStartConfigurations() {
    }

    static List<Entry> parse(BufferedReader in) throws IOException {
        List<Entry> entries = new ArrayList<>();
        String header = null;
        Map<String, String> props = null;
        String line;
        int n = 0;
        while ((line = in.readLine()) != null) {
            n++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            if (t.startsWith("[") && t.endsWith("]")) {
                if (header != null) {
                    entries.add(entry(header, props));
                }
                header = t.substring(1, t.length() - 1).strip();
                props = new LinkedHashMap<>();
                continue;
            }
            int eq = t.indexOf('=');
            if (header == null || eq <= 0) {
                throw new IllegalArgumentException(
                        "first-start.configs line " + n + " is not [pid] or key = value: " + t);
            }
            props.put(t.substring(0, eq).strip(), t.substring(eq + 1).strip());
        }
        if (header != null) {
            entries.add(entry(header, props));
        }
        return entries;
    }

    private static Entry entry(String header, Map<String, String> props) {
        int tilde = header.indexOf('~');
        return tilde < 0 ? new Entry(header, null, null, Map.copyOf(props))
                : new Entry(null, header.substring(0, tilde), header.substring(tilde + 1), Map.copyOf(props));
    }

    /**
     * Applies the configurations unless this data directory had them applied before. Problems are reported on
     * {@code err} and do not stop the gateway.
     */
    static void applyOnce(BundleContext system, Path dataDir, PrintStream out, PrintStream err) {
        Path marker = dataDir.resolve(MARKER);
        if (Files.exists(marker)) {
            return;
        }
        List<Entry> entries;
        try (InputStream in = FirstStartConfigurations.class.getResourceAsStream("first-start.configs")) {
            entries = parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(system, CONFIG_ADMIN, null);
        tracker.open(true);
        try {
            Object ca = tracker.waitForService(TimeUnit.SECONDS.toMillis(30));
            ServiceReference<Object> ref = tracker.getServiceReference();
            if (ca == null || ref == null) {
                err.println("holdfast: no Config Admin within 30 s; the first-start configurations were not created");
                return;
            }
            Class<?> api = ref.getBundle().loadClass(CONFIG_ADMIN);
            int created = 0;
            for (Entry e : entries) {
                if (create(api, ca, e)) {
                    created++;
                }
            }
            Files.writeString(marker, "created " + created + " configurations from first-start.configs\n");
            out.println("holdfast: created " + created + " first-start configurations (edit them in the web console)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ReflectiveOperationException | IOException | RuntimeException e) {
            err.println("holdfast: the first-start configurations were not created: " + e);
        } finally {
            tracker.close();
        }
    }

    private static boolean create(Class<?> api, Object ca, Entry e) throws ReflectiveOperationException {
        Object cfg;
        try {
            cfg = e.factoryPid() == null
                    ? api.getMethod("getConfiguration", String.class, String.class).invoke(ca, e.pid(), "?")
                    : api.getMethod("getFactoryConfiguration", String.class, String.class, String.class).invoke(ca,
                            e.factoryPid(), e.name(), "?");
        } catch (InvocationTargetException ite) {
            throw new IllegalStateException(ite.getCause());
        }
        Class<?> configuration = api.getClassLoader().loadClass("org.osgi.service.cm.Configuration");
        if (configuration.getMethod("getProperties").invoke(cfg) != null) {
            return false; // someone configured it already
        }
        Dictionary<String, Object> props = new Hashtable<>(e.properties());
        Method update = configuration.getMethod("update", Dictionary.class);
        update.invoke(cfg, props);
        return true;
    }
}
