package io.holdfast.store.sqlite.impl;

/**
 * How hard a commit is pushed to the disk before an enqueue returns.
 */
public enum Durability {
    /**
     * {@code synchronous=FULL}: the WAL is fsynced at every commit. A committed message survives a crash of the JVM, of
     * the operating system and a power loss.
     */
    FULL,
    /**
     * {@code synchronous=NORMAL}: the WAL is fsynced only at checkpoints. A committed message survives a crash of the
     * JVM, but on a power loss or an OS crash the last transactions before it may roll back (the file is never
     * corrupted).
     */
    NORMAL
}
