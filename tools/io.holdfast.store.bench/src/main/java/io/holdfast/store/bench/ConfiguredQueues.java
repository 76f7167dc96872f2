package io.holdfast.store.bench;

import io.holdfast.api.queue.DurableQueue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Queues of the real store bundle, made as an operator makes them: a factory configuration of {@value #FACTORY_PID}
 * through Config Admin; deleting it closes the queue.
 */
final class ConfiguredQueues {
    static final String FACTORY_PID = "io.holdfast.store.sqlite.SqliteQueue";
    private static final long WAIT_MILLIS = TimeUnit.MINUTES.toMillis(2);

    private final BundleContext context;
    private final ConfigurationAdmin configAdmin;

    ConfiguredQueues(BundleContext context, ConfigurationAdmin configAdmin) {
        this.context = context;
        this.configAdmin = configAdmin;
    }

    /** A queue the store bundle opened for a configuration; {@link #close()} deletes the configuration. */
    final class Open implements AutoCloseable {
        final DurableQueue queue;
        private final Configuration configuration;
        private final ServiceTracker<DurableQueue, DurableQueue> tracker;
        private final Path file;

        private Open(DurableQueue queue, Configuration configuration,
                ServiceTracker<DurableQueue, DurableQueue> tracker, Path file) {
            this.queue = queue;
            this.configuration = configuration;
            this.tracker = tracker;
            this.file = file;
        }

        /** Deletes the configuration and waits until the store has unregistered the queue and closed its file. */
        @Override
        public void close() throws IOException, InterruptedException {
            configuration.delete();
            long deadline = System.currentTimeMillis() + WAIT_MILLIS;
            // the store checkpoints and closes the file when deactivated: SQLite then removes the WAL
            while (!tracker.isEmpty() || Files.exists(Path.of(file + "-wal"))) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("the store did not close " + file);
                }
                Thread.sleep(10);
            }
            tracker.close();
        }
    }

    /**
     * Makes a queue and waits for the store to open it.
     *
     * @return the open queue
     */
    Open open(String name, Path file, String durability, long capacityMessages, long capacityBytes,
            long housekeepingSeconds) throws IOException, InterruptedException, InvalidSyntaxException {
        ServiceTracker<DurableQueue, DurableQueue> tracker = new ServiceTracker<>(context,
                context.createFilter("(&(" + Constants.OBJECTCLASS + "=" + DurableQueue.class.getName() + ")("
                        + DurableQueue.QUEUE_NAME + "=" + name + "))"),
                null);
        tracker.open();
        Configuration c = configAdmin.getFactoryConfiguration(FACTORY_PID, name, "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("holdfast.queue.name", name);
        props.put("file.path", file.toString());
        props.put("durability", durability);
        props.put("capacity.messages", capacityMessages);
        props.put("capacity.bytes", capacityBytes);
        props.put("housekeeping.interval.seconds", housekeepingSeconds);
        c.update(props);
        DurableQueue q = tracker.waitForService(WAIT_MILLIS);
        if (q == null) {
            tracker.close();
            throw new IllegalStateException("the store opened no queue " + name + " within 2 minutes");
        }
        return new Open(q, c, tracker, file);
    }
}
