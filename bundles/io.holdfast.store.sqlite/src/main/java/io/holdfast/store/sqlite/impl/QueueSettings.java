package io.holdfast.store.sqlite.impl;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;

/**
 * The checked, resolved settings of one queue.
 *
 * @param name
 *            the queue name
 * @param file
 *            the database file
 * @param durability
 *            how commits reach the disk
 * @param capacityMessages
 *            the most messages stored
 * @param capacityBytes
 *            the most payload bytes stored
 * @param overflowPolicy
 *            what an enqueue does at capacity
 * @param ttl
 *            the store-wide time to live; zero for none
 * @param housekeepingInterval
 *            how often housekeeping runs
 */
record QueueSettings(String name, Path file, Durability durability, long capacityMessages, long capacityBytes,
        OverflowPolicy overflowPolicy, Duration ttl, Duration housekeepingInterval) {

    static final String DATA_DIR_PROPERTY = "holdfast.data.dir";
    /** Kura's data directory, as Kura sets it from kura.properties. */
    static final String KURA_DATA_PROPERTY = "kura.data";
    static final long DEFAULT_CAPACITY_MESSAGES = 1_000_000L;
    static final long DEFAULT_CAPACITY_BYTES = 512L * 1024 * 1024;
    static final Duration DEFAULT_HOUSEKEEPING = Duration.ofSeconds(60);

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    QueueSettings {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("queue name '" + name
                    + "' is invalid: use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(overflowPolicy, "overflowPolicy");
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(housekeepingInterval, "housekeepingInterval");
        if (capacityMessages < 1 || capacityBytes < 1 || ttl.isNegative() || housekeepingInterval.isNegative()
                || housekeepingInterval.isZero()) {
            throw new IllegalArgumentException(
                    "capacities and the housekeeping interval must be positive, the TTL " + "zero or positive");
        }
    }

    /**
     * Settings with the defaults of {@link SqliteQueueConfig}.
     *
     * @param name
     *            the queue name
     * @param file
     *            the database file
     *
     * @return the settings
     */
    static QueueSettings defaults(String name, Path file) {
        return new QueueSettings(name, file, Durability.FULL, DEFAULT_CAPACITY_MESSAGES, DEFAULT_CAPACITY_BYTES,
                OverflowPolicy.REJECT_NEWEST, Duration.ZERO, DEFAULT_HOUSEKEEPING);
    }

    QueueSettings withDurability(Durability d) {
        return new QueueSettings(name, file, d, capacityMessages, capacityBytes, overflowPolicy, ttl,
                housekeepingInterval);
    }

    QueueSettings withCapacity(long messages, long bytes) {
        return new QueueSettings(name, file, durability, messages, bytes, overflowPolicy, ttl, housekeepingInterval);
    }

    QueueSettings withOverflowPolicy(OverflowPolicy policy) {
        return new QueueSettings(name, file, durability, capacityMessages, capacityBytes, policy, ttl,
                housekeepingInterval);
    }

    QueueSettings withTtl(Duration t) {
        return new QueueSettings(name, file, durability, capacityMessages, capacityBytes, overflowPolicy, t,
                housekeepingInterval);
    }

    QueueSettings withHousekeepingInterval(Duration interval) {
        return new QueueSettings(name, file, durability, capacityMessages, capacityBytes, overflowPolicy, ttl,
                interval);
    }

    /**
     * Resolves a configuration. An out-of-range number is logged in one line and replaced by its default, so that a
     * typo in the console does not take the queue down; an invalid name fails.
     *
     * @param config
     *            the configuration
     * @param frameworkProperty
     *            looks up a framework property (null when absent)
     * @param dataArea
     *            the bundle's data area for a relative name (null when the framework has none)
     * @param log
     *            where to report replaced values
     *
     * @return the settings
     *
     * @throws IllegalArgumentException
     *             if the name is invalid or no data directory can be found
     */
    static QueueSettings from(SqliteQueueConfig config, Function<String, String> frameworkProperty,
            Function<String, File> dataArea, Logger log) {
        String name = config.holdfast_queue_name() == null ? "" : config.holdfast_queue_name().trim();
        String filePath = config.file_path() == null ? "" : config.file_path().trim();
        Path file;
        if (!filePath.isEmpty()) {
            file = Path.of(filePath).toAbsolutePath();
        } else {
            file = dataDir(frameworkProperty, dataArea).resolve("store").resolve(name + ".db");
        }
        Durability durability = orDefault(config::durability, Durability.FULL, "durability", name, log);
        OverflowPolicy policy = orDefault(config::overflow_policy, OverflowPolicy.REJECT_NEWEST, "overflow.policy",
                name, log);
        long capacityMessages = positive(config.capacity_messages(), DEFAULT_CAPACITY_MESSAGES, "capacity.messages",
                name, log);
        long capacityBytes = positive(config.capacity_bytes(), DEFAULT_CAPACITY_BYTES, "capacity.bytes", name, log);
        long ttl = config.ttl_seconds();
        if (ttl < 0) {
            log.warn("Queue {}: ttl.seconds={} is invalid (must be 0 or more); using 0 (no time to live)", name, ttl);
            ttl = 0;
        }
        long housekeeping = positive(config.housekeeping_interval_seconds(), DEFAULT_HOUSEKEEPING.toSeconds(),
                "housekeeping.interval.seconds", name, log);
        return new QueueSettings(name, file, durability, capacityMessages, capacityBytes, policy,
                Duration.ofSeconds(ttl), Duration.ofSeconds(housekeeping));
    }

    private static Path dataDir(Function<String, String> frameworkProperty, Function<String, File> dataArea) {
        for (String key : new String[] { DATA_DIR_PROPERTY, KURA_DATA_PROPERTY }) {
            String dir = frameworkProperty.apply(key);
            if (dir != null && !dir.isBlank()) {
                return Path.of(dir.trim()).toAbsolutePath();
            }
        }
        File area = dataArea.apply("");
        if (area == null) {
            throw new IllegalArgumentException("no data directory: set the file path, or the framework property "
                    + DATA_DIR_PROPERTY + " (the framework has no bundle data area)");
        }
        return area.toPath().toAbsolutePath();
    }

    private static long positive(long value, long fallback, String key, String name, Logger log) {
        if (value >= 1) {
            return value;
        }
        log.warn("Queue {}: {}={} is invalid (must be 1 or more); using the default {}", name, key, value, fallback);
        return fallback;
    }

    private static <E extends Enum<E>> E orDefault(Supplier<E> value, E fallback, String key, String name, Logger log) {
        try {
            E e = value.get();
            if (e != null) {
                return e;
            }
        } catch (RuntimeException invalid) {
            // Config Admin holds a string the enum does not know; SCR throws when it is read
        }
        log.warn("Queue {}: {} is invalid; using the default {}", name, key, fallback);
        return fallback;
    }
}
