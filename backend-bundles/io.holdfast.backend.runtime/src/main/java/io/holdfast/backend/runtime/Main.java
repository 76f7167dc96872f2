package io.holdfast.backend.runtime;

import io.holdfast.backend.runtime.DataDirectory.DataDirectoryException;
import io.holdfast.backend.runtime.EmbeddedRuntime.EmbeddedBundle;
import io.holdfast.backend.runtime.Options.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;

/**
 * {@code java -jar holdfast-backend.jar}: the same conventions as the gateway's launcher. Every problem the operator
 * can fix ends with one line on stderr and a non-zero exit: 2 for a wrong command line, 3 for an unusable data
 * directory, 4 for a port in use, 1 when the framework fails to start. The embedded bundles are installed fresh into
 * the bundle cache on every start (the backend has no Deployment Admin).
 */
public final class Main {

    static final int EXIT_USAGE = 2;
    static final int EXIT_DATA_DIR = 3;
    static final int EXIT_PORT_IN_USE = 4;
    static final int EXIT_FAILED = 1;
    private static final Set<String> LOGGING = Set.of("slf4j.api", "ch.qos.logback.classic", "ch.qos.logback.core",
            "org.apache.felix.log", "org.apache.felix.logback");

    private final PrintStream out;
    private final PrintStream err;
    private final AtomicBoolean stopping = new AtomicBoolean();

    Main(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        Main main = new Main(System.out, System.err);
        int code = main.run(args);
        if (!main.stopping.get()) {
            System.exit(code);
        }
    }

    int run(String[] args) {
        Options options;
        try {
            options = Options.parse(Arrays.asList(args));
        } catch (UsageException e) {
            err.println("holdfast-backend: " + e.getMessage() + " (see --help)");
            return EXIT_USAGE;
        }
        if (options.help()) {
            out.print(Options.USAGE);
            return 0;
        }
        if (options.version()) {
            String v = Main.class.getPackage().getImplementationVersion();
            out.println("Holdfast backend " + (v == null ? "(development build)" : v));
            return 0;
        }
        if (!portIsFree(options.host(), options.port())) {
            err.println("holdfast-backend: port " + options.port() + " on " + options.host()
                    + " is already in use; stop what uses it or choose another with --port");
            return EXIT_PORT_IN_USE;
        }
        try (DataDirectory data = DataDirectory.open(options.dataDir());
                EmbeddedBroker broker = EmbeddedBroker.startIfNoBroker(options, data.root(), data.log())) {
            return runFramework(broker == null ? options : options.withBroker(broker.url()), data);
        } catch (DataDirectoryException e) {
            err.println("holdfast-backend: " + e.getMessage());
            return EXIT_DATA_DIR;
        } catch (EmbeddedBroker.PortInUse e) {
            err.println("holdfast-backend: " + e.getMessage());
            return EXIT_PORT_IN_USE;
        } catch (IOException e) {
            err.println("holdfast-backend: cannot start the embedded MQTT broker: " + e.getMessage());
            return EXIT_FAILED;
        }
    }

    private int runFramework(Options options, DataDirectory data) {
        Framework framework;
        try {
            System.setProperty("holdfast.log.dir", data.log().toString());
            System.setProperty("logback.configurationFile", data.logbackConfig().toString());
            EmbeddedRuntime runtime = EmbeddedRuntime.load();
            Map<String, String> p = new HashMap<>(runtime.runProperties());
            p.put(Constants.FRAMEWORK_STORAGE, data.cache().toString());
            p.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
            p.put("felix.cm.dir", data.config().toString());
            p.put("holdfast.data.dir", data.root().toString());
            p.put("org.osgi.service.http.port", Integer.toString(options.port()));
            p.put("org.apache.felix.http.host", options.host());
            framework = ServiceLoader.load(FrameworkFactory.class).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no OSGi framework in the launcher jar"))
                    .newFramework(p);
            framework.init();
            for (EmbeddedBundle e : runtime.bundles()) {
                try (InputStream in = e.open()) {
                    Bundle b = framework.getBundleContext().installBundle("holdfast-backend:" + e.symbolicName(), in);
                    if (!e.fragment()) {
                        b.adapt(BundleStartLevel.class).setStartLevel(LOGGING.contains(e.symbolicName()) ? 1 : 2);
                        b.start(Bundle.START_ACTIVATION_POLICY);
                    }
                }
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(framework), "holdfast-shutdown"));
            framework.start();
            Configurations.apply(framework.getBundleContext(), options);
        } catch (Exception e) {
            err.println("holdfast-backend: the backend failed to start: " + e);
            return EXIT_FAILED;
        }
        reportStarted(options);
        try {
            FrameworkEvent event = framework.waitForStop(0);
            if (event.getType() == FrameworkEvent.ERROR) {
                err.println("holdfast-backend: the framework stopped with an error: " + event.getThrowable());
                return EXIT_FAILED;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private void stop(Framework framework) {
        stopping.set(true);
        try {
            framework.stop();
            FrameworkEvent event = framework.waitForStop(TimeUnit.SECONDS.toMillis(30));
            out.println(event.getType() == FrameworkEvent.WAIT_TIMEDOUT
                    ? "holdfast-backend: the framework did not stop within 30 s; exiting anyway"
                    : "holdfast-backend: stopped");
            out.flush();
        } catch (BundleException | InterruptedException e) {
            err.println("holdfast-backend: clean shutdown failed: " + e);
        }
    }

    private void reportStarted(Options options) {
        long startedAt = ManagementFactory.getRuntimeMXBean().getStartTime();
        String host = options.host().equals("0.0.0.0") ? "localhost" : options.host();
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, options.port()), 200);
                out.println("holdfast-backend: started in " + (System.currentTimeMillis() - startedAt)
                        + " ms; API at http://" + host + ":" + options.port() + "/api/v1");
                return;
            } catch (IOException e) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
        }
        err.println("holdfast-backend: started, but nothing answers on port " + options.port()
                + " after 30 s; see the log in the data directory");
    }

    private static boolean portIsFree(String host, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(host), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
