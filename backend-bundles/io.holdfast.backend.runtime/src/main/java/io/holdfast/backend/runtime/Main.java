package io.holdfast.backend.runtime;

import io.holdfast.launcher.common.DataDirectory;
import io.holdfast.launcher.common.DataDirectory.DataDirectoryException;
import io.holdfast.launcher.common.EmbeddedRuntime;
import io.holdfast.launcher.common.Launcher;
import io.holdfast.launcher.common.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;

/**
 * {@code java -jar holdfast-backend.jar}: the gateway launcher's conventions ({@link Launcher}, shared with it). Every
 * problem the operator can fix ends with one line on stderr and a non-zero exit: 2 for a wrong command line, 3 for an
 * unusable data directory, 4 for a port in use, 1 when the framework fails to start. The embedded bundles are installed
 * fresh into the bundle cache on every start (the backend has no Deployment Admin).
 */
public final class Main {

    /** Where the build unpacks the runtime that bnd exported from {@code backend.bndrun}. */
    private static final String RUNTIME = "/io/holdfast/backend/runtime/runtime/";

    private final PrintStream out;
    private final Launcher launcher;

    Main(PrintStream out, PrintStream err) {
        this.out = out;
        this.launcher = new Launcher("holdfast-backend", "stopped", out, err);
    }

    public static void main(String[] args) {
        Main main = new Main(System.out, System.err);
        int code = main.run(args);
        if (!main.launcher.stopping()) {
            System.exit(code);
        }
    }

    int run(String[] args) {
        Options options;
        try {
            options = Options.parse(Arrays.asList(args));
        } catch (UsageException e) {
            return launcher.usage(e);
        }
        if (options.help()) {
            out.print(Options.usage());
            return 0;
        }
        if (options.version()) {
            String v = Main.class.getPackage().getImplementationVersion();
            out.println("Holdfast backend " + (v == null ? "(development build)" : v));
            return 0;
        }
        int portCheck = launcher.checkPort(options.host(), options.port());
        if (portCheck != 0) {
            return portCheck;
        }
        try (DataDirectory data = DataDirectory.open(options.dataDir(), "backend");
                EmbeddedBroker broker = EmbeddedBroker.startIfNoBroker(options, data.root(), data.log())) {
            return runFramework(broker == null ? options : options.withBroker(broker.url()), data);
        } catch (DataDirectoryException e) {
            return launcher.fail(Launcher.EXIT_DATA_DIR, e.getMessage());
        } catch (EmbeddedBroker.PortInUse e) {
            return launcher.fail(Launcher.EXIT_PORT_IN_USE, e.getMessage());
        } catch (IOException e) {
            return launcher.fail(Launcher.EXIT_FAILED, "cannot start the embedded MQTT broker: " + e.getMessage());
        }
    }

    private int runFramework(Options options, DataDirectory data) {
        Framework framework;
        try {
            framework = launcher.start(EmbeddedRuntime.load(RUNTIME), data, Main.class,
                    Map.of(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT,
                            "org.osgi.service.http.port", Integer.toString(options.port()),
                            "org.apache.felix.http.host", options.host()));
            Configurations.apply(framework.getBundleContext(), options);
        } catch (Exception e) {
            return launcher.fail(Launcher.EXIT_FAILED, "the backend failed to start: " + e);
        }
        reportStarted(options);
        return launcher.awaitStop(framework);
    }

    private void reportStarted(Options options) {
        long ms = Launcher.awaitListening(options.host(), options.port());
        if (ms < 0) {
            launcher.fail(Launcher.EXIT_FAILED, "started, but nothing answers on port " + options.port()
                    + " after 30 s; see the log in the data directory");
            return;
        }
        launcher.say("started in " + ms + " ms; API at http://" + Launcher.reachableHost(options.host()) + ":"
                + options.port() + "/api/v1");
        launcher.warnIfEveryInterface("the API", options.host());
    }
}
