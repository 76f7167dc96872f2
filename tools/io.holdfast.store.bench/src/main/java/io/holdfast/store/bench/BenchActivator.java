package io.holdfast.store.bench;

import java.util.Hashtable;
import java.util.concurrent.Callable;
import org.osgi.annotation.bundle.Header;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Runs the benchmark on bnd's launcher main thread (a {@code Callable} with {@code main.thread=true}), with the command
 * line the launcher was given, then stops the framework.
 */
@Header(name = Constants.BUNDLE_ACTIVATOR, value = "${@class}")
public final class BenchActivator implements BundleActivator {

    @Override
    public void start(BundleContext context) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("main.thread", "true");
        context.registerService(Callable.class, new Run(context), props);
    }

    /** A named class: the launcher checks that the service is a {@code Callable<Integer>}. */
    private static final class Run implements Callable<Integer> {
        private final BundleContext context;

        Run(BundleContext context) {
            this.context = context;
        }

        @Override
        public Integer call() throws Exception {
            return run(context);
        }
    }

    @Override
    public void stop(BundleContext context) {
        // the launcher's thread ends the run
    }

    private static int run(BundleContext context) throws Exception {
        ServiceTracker<ConfigurationAdmin, ConfigurationAdmin> cm = new ServiceTracker<>(context,
                ConfigurationAdmin.class, null);
        cm.open();
        try {
            ConfigurationAdmin admin = cm.waitForService(60_000);
            if (admin == null) {
                System.err.println("store-bench: no Config Admin in the runtime");
                return 1;
            }
            return QueueBench.main(arguments(context), new ConfiguredQueues(context, admin));
        } finally {
            cm.close();
            context.getBundle(Constants.SYSTEM_BUNDLE_ID).stop();
        }
    }

    /** The command line: bnd's launcher registers it as the {@code launcher.arguments} service property. */
    private static String[] arguments(BundleContext context) throws InvalidSyntaxException {
        ServiceReference<?>[] refs = context.getAllServiceReferences(null, "(launcher.arguments=*)");
        if (refs != null && refs[0].getProperty("launcher.arguments") instanceof String[] args) {
            return args;
        }
        return new String[0];
    }
}
