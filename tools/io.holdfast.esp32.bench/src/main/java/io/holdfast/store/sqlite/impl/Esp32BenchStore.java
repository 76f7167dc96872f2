package io.holdfast.store.sqlite.impl;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * Opens the SQLite queue for the ESP32 driver benchmark, which runs on a plain class path (the store bundle's
 * {@code .impl} package is private in OSGi, not here).
 */
public final class Esp32BenchStore {

    private Esp32BenchStore() {
    }

    /**
     * Opens a queue.
     *
     * @param file
     *            the database file
     * @param durability
     *            FULL or NORMAL
     *
     * @return the open queue; close it when done
     */
    public static SqliteQueue open(Path file, String durability) {
        return new SqliteQueue(QueueSettings.defaults("default", file).withDurability(Durability.valueOf(durability))
                .withCapacity(50_000_000L, 32L * 1024 * 1024 * 1024).withHousekeepingInterval(Duration.ofSeconds(60)),
                Clock.systemUTC());
    }
}
