package io.holdfast.launcher;

import io.holdfast.launcher.DataDirectory.DataDirectoryException;
import io.holdfast.launcher.EmbeddedRuntime.EmbeddedBundle;
import io.holdfast.launcher.LauncherOptions.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
 * {@code java -jar holdfast-gateway.jar}: checks the command line, the data directory and the port, then starts the
 * embedded runtime on Felix and runs until stopped (Ctrl-C, SIGTERM, or {@code stop 0} in the shell).
 * <p>
 * Every problem the operator can fix ends with one line on stderr and a non-zero exit: 2 for a wrong command line, 3
 * for an unusable data directory, 4 for a port in use, 1 when the framework fails to start.
 */
public final class Main {

    static final int EXIT_USAGE = 2;
    static final int EXIT_DATA_DIR = 3;
    static final int EXIT_PORT_IN_USE = 4;
    static final int EXIT_FAILED = 1;

    /** Bundles located here are the embedded runtime's; anything else was installed by someone (Deployment Admin). */
    static final String LOCATION_PREFIX = "holdfast-runtime:";
    private static final String DIGESTS = "runtime-bundles.properties";
    private static final Set<String> LOGGING = Set.of("slf4j.api", "ch.qos.logback.classic", "ch.qos.logback.core",
            "org.apache.felix.log", "org.apache.felix.logback");

    private final PrintStream out;
    private final PrintStream err;
    private final AtomicBoolean stopping = new AtomicBoolean();

    Main(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /**
     * Runs the gateway.
     *
     * @param args
     *            the command line
     */
    public static void main(String[] args) {
        Main main = new Main(System.out, System.err);
        int code = main.run(args);
        if (!main.stopping.get()) {
            System.exit(code);
        }
    }

    int run(String[] args) {
        LauncherOptions options;
        try {
            options = LauncherOptions.parse(Arrays.asList(args), System.console() != null);
        } catch (UsageException e) {
            err.println("holdfast: " + e.getMessage() + " (see --help)");
            return EXIT_USAGE;
        }
        if (options.helpWanted()) {
            out.print(LauncherOptions.USAGE);
            return 0;
        }
        if (options.versionWanted()) {
            out.println("Holdfast gateway " + version());
            return 0;
        }
        if (!portIsFree(options.host(), options.port())) {
            err.println("holdfast: port " + options.port() + " on " + options.host()
                    + " is already in use; stop what uses it or choose another with --port");
            return EXIT_PORT_IN_USE;
        }
        try (DataDirectory data = DataDirectory.open(options.dataDir())) {
            return runFramework(options, data);
        } catch (DataDirectoryException e) {
            err.println("holdfast: " + e.getMessage());
            return EXIT_DATA_DIR;
        }
    }

    private int runFramework(LauncherOptions options, DataDirectory data) {
        Framework framework;
        try {
            System.setProperty("holdfast.log.dir", data.log().toString());
            System.setProperty("logback.configurationFile", data.logbackConfig().toString());
            EmbeddedRuntime runtime = EmbeddedRuntime.load();
            framework = ServiceLoader.load(FrameworkFactory.class).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no OSGi framework in the launcher jar"))
                    .newFramework(frameworkProperties(runtime, options, data));
            framework.init();
            provision(framework, runtime, data.root());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(framework), "holdfast-shutdown"));
            framework.start();
        } catch (BundleException | IOException | RuntimeException e) {
            err.println("holdfast: the gateway failed to start: " + e);
            return EXIT_FAILED;
        }
        // the first-start configurations are the OSGi Configurator's (bundle io.holdfast.gateway.config): it creates
        // them once, in a new data directory, and keeps in its bundle cache that it did
        reportStarted(options);
        try {
            FrameworkEvent event = framework.waitForStop(0);
            if (event.getType() == FrameworkEvent.ERROR) {
                err.println("holdfast: the framework stopped with an error: " + event.getThrowable());
                return EXIT_FAILED;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!stopping.get()) {
            out.println("holdfast: gateway stopped"); // stopped from inside (the shell); on SIGTERM the hook says it
        }
        return 0;
    }

    private static Map<String, String> frameworkProperties(EmbeddedRuntime runtime, LauncherOptions options,
            DataDirectory data) {
        Map<String, String> p = new HashMap<>(runtime.runProperties());
        p.put(Constants.FRAMEWORK_STORAGE, data.cache().toString());
        p.put("felix.cm.dir", data.config().toString());
        p.put("holdfast.data.dir", data.root().toString());
        p.put("org.osgi.service.http.port", Integer.toString(options.port()));
        p.put("org.apache.felix.http.host", options.host());
        p.put("gosh.args", options.shell() ? "" : "--nointeractive");
        return p;
    }

    /**
     * Installs the embedded bundles that are missing, updates those whose content changed, uninstalls embedded bundles
     * that are no longer embedded, and leaves alone what Deployment Admin installed (a deployment package may carry a
     * newer build of one of Holdfast's bundles).
     */
    private void provision(Framework framework, EmbeddedRuntime runtime, Path dataDir)
            throws BundleException, IOException {
        Path digestFile = dataDir.resolve(DIGESTS);
        Properties digests = new Properties();
        if (Files.exists(digestFile)) {
            try (InputStream in = Files.newInputStream(digestFile)) {
                digests.load(in);
            }
        }
        Map<String, Bundle> byLocation = new HashMap<>();
        Map<String, Bundle> bySymbolicName = new HashMap<>();
        for (Bundle b : framework.getBundleContext().getBundles()) {
            byLocation.put(b.getLocation(), b);
            if (b.getSymbolicName() != null) {
                bySymbolicName.put(b.getSymbolicName(), b);
            }
        }
        Properties current = new Properties();
        List<String> embeddedLocations = runtime.bundles().stream().map(b -> LOCATION_PREFIX + b.symbolicName())
                .toList();
        for (Bundle b : byLocation.values()) {
            if (b.getLocation().startsWith(LOCATION_PREFIX) && !embeddedLocations.contains(b.getLocation())) {
                b.uninstall();
            }
        }
        for (EmbeddedBundle e : runtime.bundles()) {
            String location = LOCATION_PREFIX + e.symbolicName();
            Bundle b = byLocation.get(location);
            Bundle other = bySymbolicName.get(e.symbolicName());
            if (b == null && other != null && !other.getLocation().startsWith(LOCATION_PREFIX)) {
                out.println("holdfast: keeping " + e.symbolicName() + " " + other.getVersion() + " installed from "
                        + other.getLocation());
                continue;
            }
            if (b == null) {
                try (InputStream in = e.open()) {
                    b = framework.getBundleContext().installBundle(location, in);
                }
            } else if (!e.sha256().equals(digests.getProperty(location))) {
                try (InputStream in = e.open()) {
                    b.update(in);
                }
            }
            current.setProperty(location, e.sha256());
            if (!e.fragment()) {
                b.adapt(BundleStartLevel.class).setStartLevel(LOGGING.contains(e.symbolicName()) ? 1 : 2);
                b.start(Bundle.START_ACTIVATION_POLICY);
            }
        }
        try (OutputStream os = Files.newOutputStream(digestFile)) {
            current.store(os, "SHA-256 of the embedded bundles last installed; the launcher updates what changed");
        }
    }

    private void stop(Framework framework) {
        stopping.set(true);
        try {
            framework.stop();
            FrameworkEvent event = framework.waitForStop(TimeUnit.SECONDS.toMillis(30));
            if (event.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                err.println("holdfast: the framework did not stop within 30 s; exiting anyway");
            } else {
                out.println("holdfast: gateway stopped");
            }
            out.flush();
        } catch (BundleException | InterruptedException e) {
            err.println("holdfast: clean shutdown failed: " + e);
        }
    }

    private void reportStarted(LauncherOptions options) {
        long startedAt = ManagementFactory.getRuntimeMXBean().getStartTime();
        String host = options.host().equals("0.0.0.0") ? "localhost" : options.host();
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, options.port()), 200);
                out.println("holdfast: gateway started in " + (System.currentTimeMillis() - startedAt)
                        + " ms; web console at http://" + host + ":" + options.port() + "/system/console");
                return;
            } catch (IOException e) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
        }
        err.println("holdfast: the gateway started but nothing answers on port " + options.port()
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

    private static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "(development build)" : v;
    }
}
