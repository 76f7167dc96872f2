package io.holdfast.cloud.mqtt.impl;

import io.holdfast.store.sqlite.impl.SqliteQueue;
import io.holdfast.store.sqlite.impl.SqliteQueueConfig;
import io.holdfast.testkit.ConfigAnnotations;
import io.holdfast.testkit.TestDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.osgi.framework.BundleContext;

/**
 * The real durable queue of the store bundle, opened outside OSGi on a file under target/: the product path of the
 * cloud connection, with the store's defaults (durability FULL, group commit) unless a test overrides them.
 */
public final class StoreQueues {

    static {
        try {
            // sqlite-jdbc unpacks its native library into java.io.tmpdir, which the build points under target/
            Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private StoreQueues() {
    }

    /** A fresh file for one queue, under target/queues. */
    public static Path freshFile(String name) {
        Path dir = TestDirs.target().resolve("queues").resolve(UUID.randomUUID().toString());
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir.resolve(name + ".db");
    }

    /** Opens a queue named {@code default} on a fresh file. */
    public static SqliteQueue fresh() {
        return open(freshFile("default"));
    }

    /**
     * Opens (or reopens) the queue on a file, through the component's own activation constructor.
     *
     * @param file
     *            the SQLite file
     */
    public static SqliteQueue open(Path file) {
        return open(file, Map.of());
    }

    /**
     * Opens (or reopens) the queue on a file, through the component's own activation constructor.
     *
     * @param file
     *            the SQLite file
     * @param overrides
     *            {@link SqliteQueueConfig} properties by their PID names, e.g. {@code "capacity.messages", 1L}
     */
    public static SqliteQueue open(Path file, Map<String, ?> overrides) {
        Map<String, Object> all = new HashMap<>(overrides);
        all.put("file.path", file.toString());
        return new SqliteQueue(ConfigAnnotations.of(SqliteQueueConfig.class, all), NO_FRAMEWORK);
    }

    /** A bundle context that knows no framework properties: the file path is always given. */
    private static final BundleContext NO_FRAMEWORK = (BundleContext) Proxy.newProxyInstance(
            StoreQueues.class.getClassLoader(), new Class<?>[] { BundleContext.class }, (proxy, method, args) -> {
                switch (method.getName()) {
                case "toString":
                    return "no framework";
                case "hashCode":
                    return 0;
                case "equals":
                    return proxy == args[0];
                default:
                    return null;
                }
            });
}
