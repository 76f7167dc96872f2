package io.holdfast.launcher;

import io.holdfast.launcher.ConsolePassword.Credentials;
import io.holdfast.launcher.ConsolePassword.PasswordFileException;
import io.holdfast.launcher.HttpsKeystore.KeystoreException;
import io.holdfast.launcher.common.DataDirectory;
import io.holdfast.launcher.common.DataDirectory.DataDirectoryException;
import io.holdfast.launcher.common.EmbeddedRuntime;
import io.holdfast.launcher.common.Launcher;
import io.holdfast.launcher.common.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.osgi.framework.BundleException;
import org.osgi.framework.launch.Framework;

/**
 * {@code java -jar holdfast-gateway.jar}: checks the command line, the data directory and the port, then starts the
 * embedded runtime on Felix and runs until stopped (Ctrl-C, SIGTERM, or {@code stop 0} in the shell).
 * <p>
 * Every problem the operator can fix ends with one line on stderr and a non-zero exit: 2 for a wrong command line, 3
 * for an unusable data directory, 4 for a port in use, 1 when the framework fails to start (the conventions of
 * {@link Launcher}, which the backend's launcher shares).
 */
public final class Main {

    /** Where the build unpacks the runtime that bnd exported from {@code gateway.bndrun}. */
    private static final String RUNTIME = "/io/holdfast/launcher/runtime/";

    private final PrintStream out;
    private final Launcher launcher;

    Main(PrintStream out, PrintStream err) {
        this.out = out;
        this.launcher = new Launcher("holdfast", "gateway stopped", out, err);
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
        if (!main.launcher.stopping()) {
            System.exit(code);
        }
    }

    int run(String[] args) {
        LauncherOptions options;
        try {
            options = LauncherOptions.parse(Arrays.asList(args), System.console() != null);
        } catch (UsageException e) {
            return launcher.usage(e);
        }
        if (options.helpWanted()) {
            out.print(LauncherOptions.usage());
            return 0;
        }
        if (options.versionWanted()) {
            out.println("Holdfast gateway " + version());
            return 0;
        }
        int portCheck = launcher.checkPort(options.host(), options.port());
        if (portCheck != 0) {
            return portCheck;
        }
        try (DataDirectory data = DataDirectory.open(options.dataDir(), "gateway")) {
            return runFramework(options, data);
        } catch (DataDirectoryException e) {
            return launcher.fail(Launcher.EXIT_DATA_DIR, e.getMessage());
        }
    }

    private int runFramework(LauncherOptions options, DataDirectory data) {
        Credentials console;
        try {
            console = ConsolePassword.prepare(data.etc(), options.consolePasswordFile());
        } catch (PasswordFileException e) {
            return launcher.fail(Launcher.EXIT_USAGE, e.getMessage());
        } catch (IOException e) {
            return launcher.fail(Launcher.EXIT_DATA_DIR,
                    "cannot keep the console password in " + data.etc() + ": " + e);
        }
        Map<String, String> properties = frameworkProperties(options, console);
        if (options.https()) {
            try {
                properties.putAll(HttpsKeystore.properties(data.etc(), options, options.port()));
            } catch (KeystoreException e) {
                return launcher.fail(options.httpsKeystore() != null ? Launcher.EXIT_USAGE : Launcher.EXIT_DATA_DIR,
                        e.getMessage());
            }
        }
        Framework framework;
        try {
            framework = launcher.start(EmbeddedRuntime.load(RUNTIME), data, Main.class, properties);
        } catch (BundleException | IOException | RuntimeException e) {
            if (console.generated() != null) {
                ConsolePassword.forget(data.etc()); // never shown: the next start makes and shows a new one
            }
            return launcher.fail(Launcher.EXIT_FAILED, "the gateway failed to start: " + e);
        }
        // the first-start configurations are the OSGi Configurator's (bundle io.holdfast.gateway.config): it creates
        // them once, in a new data directory, and keeps in its bundle cache that it did
        reportStarted(options, console, data);
        return launcher.awaitStop(framework);
    }

    private static Map<String, String> frameworkProperties(LauncherOptions options, Credentials console) {
        Map<String, String> p = new HashMap<>(console.frameworkProperties());
        p.put("org.osgi.service.http.port", Integer.toString(options.port()));
        p.put("org.apache.felix.http.host", options.host());
        p.put("gosh.args", options.shell() ? "" : "--nointeractive");
        String overrides = FirstStartOverrides.json(options);
        if (overrides != null) {
            p.put(FirstStartOverrides.PROPERTY, overrides);
        }
        return p;
    }

    private void reportStarted(LauncherOptions options, Credentials console, DataDirectory data) {
        long ms = Launcher.awaitListening(options.host(), options.port());
        if (ms < 0) {
            launcher.fail(Launcher.EXIT_FAILED, "the gateway started but nothing answers on port " + options.port()
                    + " after 30 s; see the log in the data directory");
        } else {
            launcher.say("gateway started in " + ms + " ms; web console at " + (options.https() ? "https" : "http")
                    + "://" + Launcher.reachableHost(options.host()) + ":" + options.port() + "/system/console");
        }
        launcher.warnIfEveryInterface("the web console", options.host());
        if (console.generated() != null) {
            // the only time this password is shown: the data directory keeps its salted hash only
            launcher.say("web console user " + ConsolePassword.USER + ", password " + console.generated()
                    + " (shown once; to reset it delete " + data.etc().resolve(ConsolePassword.FILE)
                    + " and start again)");
        }
    }

    private static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "(development build)" : v;
    }
}
