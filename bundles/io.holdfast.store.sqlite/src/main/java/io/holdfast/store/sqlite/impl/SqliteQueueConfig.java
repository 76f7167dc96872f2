package io.holdfast.store.sqlite.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the SQLite queue, as Kura's web console and Config Admin show it. Its id is the component name and
 * the factory PID (as Kura requires: docs/architecture.md, Configuration).
 */
@ObjectClassDefinition(id = SqliteQueue.PID, name = "Holdfast SQLite queue", description = "The durable store-and-forward queue: "
        + "every message is kept in SQLite until the broker has acknowledged it.")
public @interface SqliteQueueConfig {

    /** The queue name: the value of the holdfast.queue.name service property, and the default file name. */
    @AttributeDefinition(name = "Queue name", description = "The queue's name: consumers select it with the "
            + "holdfast.queue.name service property. Letters, digits, '.', '_' and '-'.")
    String holdfast_queue_name() default "default";

    /** The database file; empty for the default location. */
    @AttributeDefinition(name = "File path", required = false, description = "The SQLite file. Empty: "
            + "<data dir>/store/<queue name>.db, where the data dir is the framework property holdfast.data.dir, "
            + "else kura.data, else the bundle's data area.")
    String file_path() default "";

    /** FULL or NORMAL. */
    @AttributeDefinition(name = "Durability", description = "FULL: every commit is fsynced; nothing committed is lost, "
            + "even on a power loss. NORMAL: faster; survives a crash of the JVM, but a power loss may roll back the "
            + "last transactions (never corrupts the file).")
    Durability durability() default Durability.FULL;

    /** Capacity in messages. */
    @AttributeDefinition(name = "Capacity (messages)", min = "1", description = "The most messages stored at once.")
    long capacity_messages() default 1_000_000L;

    /** Capacity in payload bytes. */
    @AttributeDefinition(name = "Capacity (bytes)", min = "1", description = "The most payload bytes stored at once "
            + "(512 MiB by default).")
    long capacity_bytes() default 512L * 1024 * 1024;

    /** What an enqueue does at capacity. */
    @AttributeDefinition(name = "Overflow policy", description = "At capacity: REJECT_NEWEST refuses the new "
            + "message; EVICT_OLDEST_LOWEST_PRIORITY drops the oldest message of the least urgent priority to make room.")
    OverflowPolicy overflow_policy() default OverflowPolicy.REJECT_NEWEST;

    /** Store-wide time to live. */
    @AttributeDefinition(name = "Time to live (s)", min = "0", description = "Messages older than this (counted from "
            + "their enqueue) are dropped and counted as expired; 0 keeps them until acknowledged. A message's own expiry "
            + "time overrides it. Applies to messages enqueued after a change.")
    long ttl_seconds() default 0L;

    /** Housekeeping interval. */
    @AttributeDefinition(name = "Housekeeping interval (s)", min = "1", description = "How often expired messages "
            + "are removed, the WAL is checkpointed and free pages are returned to the file system.")
    long housekeeping_interval_seconds() default 60L;
}
