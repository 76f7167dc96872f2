package io.holdfast.launcher.common;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * The conventions both launchers keep. Every problem the operator can fix ends with one line on stderr, prefixed with
 * the launcher's name, and a non-zero exit: {@value #EXIT_USAGE} for a wrong command line, {@value #EXIT_DATA_DIR} for
 * an unusable data directory, {@value #EXIT_PORT_IN_USE} for a port in use, {@value #EXIT_FAILED} when the framework
 * fails to start. The framework is Felix from the launcher's class path, with the embedded runtime provisioned into the
 * data directory's bundle cache; SIGTERM and Ctrl-C stop it cleanly.
 */
public final class Launcher {

    public static final int EXIT_FAILED = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_DATA_DIR = 3;
    public static final int EXIT_PORT_IN_USE = 4;

    private static final String DIGESTS = "runtime-bundles.properties";

    private final String name;
    private final String stoppedLine;
    private final PrintStream out;
    private final PrintStream err;
    private final AtomicBoolean stopping = new AtomicBoolean();

    /**
     * @param name
     *            the prefix of every line the launcher prints ({@code holdfast}, {@code holdfast-backend})
     * @param stoppedLine
     *            what it says when the framework has stopped ({@code gateway stopped})
     * @param out
     *            where progress goes
     * @param err
     *            where errors go
     */
    public Launcher(String name, String stoppedLine, PrintStream out, PrintStream err) {
        this.name = name;
        this.stoppedLine = stoppedLine;
        this.out = out;
        this.err = err;
    }

    /** Prints one line of progress. */
    public void say(String line) {
        out.println(name + ": " + line);
    }

    /**
     * Prints one line of error.
     *
     * @return {@code code}, for {@code return launcher.fail(...)}
     */
    public int fail(int code, String line) {
        err.println(name + ": " + line);
        return code;
    }

    /** A wrong command line: its one line and exit code 2. */
    public int usage(UsageException e) {
        return fail(EXIT_USAGE, e.getMessage() + " (see --help)");
    }

    /**
     * Checks that the port is free, so that a port in use is one line and exit code 4 rather than a stack trace in the
     * log of a gateway that runs without its console.
     *
     * @return 0 when it is free, otherwise the exit code after the line was printed
     */
    public int checkPort(String host, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(host), port));
            return 0;
        } catch (IOException e) {
            return fail(EXIT_PORT_IN_USE, "port " + port + " on " + host
                    + " is already in use; stop what uses it or choose another with --port");
        }
    }

    /** Whether the shutdown hook runs (SIGTERM, Ctrl-C): then the launcher must not call {@code System.exit}. */
    public boolean stopping() {
        return stopping.get();
    }

    /**
     * Starts the embedded runtime on Felix: logging into the data directory's {@code log/}, the bundle cache and Config
     * Admin's files in the data directory, the embedded bundles reconciled with the cache, a shutdown hook.
     *
     * @param runtime
     *            what to run
     * @param data
     *            where it keeps its state
     * @param owner
     *            the launcher class beside which the default {@code logback.xml} lies
     * @param properties
     *            framework properties added to (or replacing) the runtime's run properties
     *
     * @return the started framework
     */
    public Framework start(EmbeddedRuntime runtime, DataDirectory data, Class<?> owner, Map<String, String> properties)
            throws BundleException, IOException {
        System.setProperty("holdfast.log.dir", data.log().toString());
        System.setProperty("logback.configurationFile", data.logbackConfig(owner).toString());
        Map<String, String> p = new HashMap<>(runtime.runProperties());
        p.put(Constants.FRAMEWORK_STORAGE, data.cache().toString());
        p.put("felix.cm.dir", data.config().toString());
        p.put("holdfast.data.dir", data.root().toString());
        p.putAll(properties);
        Framework framework = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework in the launcher jar")).newFramework(p);
        framework.init();
        runtime.provision(framework, data.root().resolve(DIGESTS), this::say);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(framework), name + "-shutdown"));
        framework.start();
        return framework;
    }

    /**
     * Waits until the framework stops (from inside, or by the shutdown hook).
     *
     * @return the exit code: 0, or 1 when it stopped with an error
     */
    public int awaitStop(Framework framework) {
        try {
            FrameworkEvent event = framework.waitForStop(0);
            if (event.getType() == FrameworkEvent.ERROR) {
                return fail(EXIT_FAILED, "the framework stopped with an error: " + event.getThrowable());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!stopping.get()) {
            say(stoppedLine);
        }
        return 0;
    }

    private void stop(Framework framework) {
        stopping.set(true);
        try {
            framework.stop();
            FrameworkEvent event = framework.waitForStop(TimeUnit.SECONDS.toMillis(30));
            if (event.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                fail(EXIT_FAILED, "the framework did not stop within 30 s; exiting anyway");
            } else {
                say(stoppedLine);
            }
            out.flush();
        } catch (BundleException | InterruptedException e) {
            fail(EXIT_FAILED, "clean shutdown failed: " + e);
        }
    }

    /**
     * Warns, in one line, when a server listens on every interface: both launchers do so by default, so that they are
     * reachable from the site network.
     *
     * @param what
     *            the server, for the line ({@code the web console}, {@code the API})
     * @param host
     *            the address it listens on
     */
    public void warnIfEveryInterface(String what, String host) {
        if (everyInterface(host)) {
            say("warning: " + what + " listens on every interface (" + host
                    + "); anyone who can reach this machine can try to log in. --host 127.0.0.1 keeps it local");
        }
    }

    /** Whether a server bound to {@code host} listens on every interface (the wildcard address). */
    public static boolean everyInterface(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }

    /** The address to reach a server on from this machine: {@code localhost} for one that listens everywhere. */
    public static String reachableHost(String host) {
        return everyInterface(host) ? "localhost" : host;
    }

    /**
     * Waits up to 30 s until something answers on the port.
     *
     * @return the milliseconds since the JVM started, or -1 when nothing answered
     */
    public static long awaitListening(String host, int port) {
        long startedAt = ManagementFactory.getRuntimeMXBean().getStartTime();
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(reachableHost(host), port), 200);
                return System.currentTimeMillis() - startedAt;
            } catch (IOException e) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
        }
        return -1;
    }
}
