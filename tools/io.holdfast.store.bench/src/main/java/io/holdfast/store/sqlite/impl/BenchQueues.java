package io.holdfast.store.sqlite.impl;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * Opens a queue with explicit settings for the benchmark, which runs on a plain class path (the store bundle's
 * {@code .impl} package is private in OSGi, not here).
 */
public final class BenchQueues {

    private BenchQueues() {
    }

    /**
     * Opens a queue.
     *
     * @param file
     *            the database file
     * @param durability
     *            FULL or NORMAL
     * @param capacityMessages
     *            capacity in messages
     * @param capacityBytes
     *            capacity in payload bytes
     *
     * @return the open queue; close it when done
     */
    public static SqliteQueue open(Path file, String durability, long capacityMessages, long capacityBytes) {
        return new SqliteQueue(
                QueueSettings.defaults("bench", file).withDurability(Durability.valueOf(durability))
                        .withCapacity(capacityMessages, capacityBytes).withHousekeepingInterval(Duration.ofSeconds(60)),
                Clock.systemUTC());
    }

    /**
     * Runs a housekeeping pass now and waits for it.
     *
     * @param queue
     *            the queue
     *
     * @throws io.holdfast.api.queue.QueueException
     *             if it failed
     */
    public static void housekeep(SqliteQueue queue) throws io.holdfast.api.queue.QueueException {
        queue.housekeep();
    }
}
