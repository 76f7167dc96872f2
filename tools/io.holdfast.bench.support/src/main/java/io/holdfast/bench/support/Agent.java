package io.holdfast.bench.support;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;

/** The benchmark agent's part inside the measured runtime: the run on a thread of its own, then the framework stops. */
public final class Agent {

    /** Framework properties that carry the options; {@code PREFIX + "failed"} tells the launcher the run failed. */
    public static final String PREFIX = "holdfast.bench.";

    /** A run that may throw. */
    public interface Run {
        /**
         * Runs the measurement.
         *
         * @throws Exception
         *             when it fails
         */
        void run() throws Exception;
    }

    private Agent() {
    }

    /**
     * Starts the run on its own thread; when it ends, marks a failure in the system properties (the launcher's exit
     * code) and stops the framework.
     *
     * @param context
     *            to stop the framework
     * @param thread
     *            the thread's name
     * @param run
     *            the measurement
     */
    public static void start(BundleContext context, String thread, Run run) {
        Thread t = new Thread(() -> {
            try {
                run.run();
            } catch (Throwable e) {
                System.getProperties().put(PREFIX + "failed", "true");
                e.printStackTrace();
            } finally {
                try {
                    context.getBundle(0).stop();
                } catch (BundleException e) {
                    e.printStackTrace();
                }
            }
        }, thread);
        t.start();
    }
}
