package io.holdfast.bench.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

/** Waiting for conditions, services and producer threads, and the small facts a benchmark prints or cleans up. */
public final class Waits {

    /** A condition that may throw. */
    public interface Condition {
        /**
         * @return whether it holds
         *
         * @throws Exception
         *             when it cannot be told
         */
        boolean holds() throws Exception;
    }

    /** What one of {@link #inThreads} threads does. */
    public interface Work {
        /**
         * @param index
         *            the thread's number, 0 to threads - 1
         *
         * @throws Exception
         *             when it fails
         */
        void run(int index) throws Exception;
    }

    private Waits() {
    }

    /**
     * Runs the work on that many threads at once and waits until all have ended.
     *
     * @param threads
     *            how many
     * @param name
     *            the threads' name, their number appended
     * @param failed
     *            the message when one failed
     * @param work
     *            what each thread does
     *
     * @throws InterruptedException
     *             if interrupted while waiting; {@link IllegalStateException} with the first failure as its cause
     */
    public static void inThreads(int threads, String name, String failed, Work work) throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> ts = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int index = i;
            Thread t = new Thread(() -> {
                try {
                    work.run(index);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, name + i);
            t.start();
            ts.add(t);
        }
        for (Thread t : ts) {
            t.join();
        }
        if (failure.get() != null) {
            throw new IllegalStateException(failed, failure.get());
        }
    }

    /**
     * Polls a condition until it holds.
     *
     * @param condition
     *            what to wait for
     * @param timeoutNanos
     *            how long at most
     * @param pollMillis
     *            the pause between two looks
     * @param what
     *            for the message when it times out
     *
     * @throws Exception
     *             from the condition, or {@link IllegalStateException} on time-out
     */
    public static void until(Condition condition, long timeoutNanos, long pollMillis, String what) throws Exception {
        long deadline = System.nanoTime() + timeoutNanos;
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(pollMillis);
        }
    }

    /**
     * Waits up to 60 s for a service; the tracker stays open, the service is used until the benchmark ends.
     *
     * @param <T>
     *            its type
     * @param context
     *            the benchmark bundle's context
     * @param type
     *            its type
     * @param filter
     *            an LDAP filter on its properties
     *
     * @return the service
     *
     * @throws Exception
     *             if the filter is bad or interrupted; {@link IllegalStateException} if none came
     */
    public static <T> T service(BundleContext context, Class<T> type, String filter) throws Exception {
        ServiceTracker<T, T> tracker = new ServiceTracker<>(context,
                context.createFilter("(&(objectClass=" + type.getName() + ")" + filter + ")"), null);
        tracker.open();
        T s = tracker.waitForService(TimeUnit.SECONDS.toMillis(60));
        if (s == null) {
            throw new IllegalStateException("no " + type.getSimpleName() + " " + filter + " within 60 s");
        }
        return s;
    }

    /** @return the CPU's model name from {@code /proc/cpuinfo}, or {@code ?} */
    public static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    /**
     * Deletes an SQLite database with its WAL and shared-memory files.
     *
     * @param file
     *            the database file
     *
     * @throws IOException
     *             if a file cannot be deleted
     */
    public static void deleteDatabase(Path file) throws IOException {
        for (String suffix : new String[] { "", "-wal", "-shm" }) {
            Files.deleteIfExists(Path.of(file + suffix));
        }
    }
}
