package io.holdfast.backend.store.impl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * The databases the tests run on: a fresh SQLite file under target/, or a fresh schema in the machine's PostgreSQL
 * (127.0.0.1:5432, user postgres; {@code -Dholdfast.test.pg.url} overrides), dropped afterwards.
 */
public final class TestDatabases {

    public static final String PG_SERVER = System.getProperty("holdfast.test.pg.url",
            "jdbc:postgresql://127.0.0.1:5432/postgres");
    public static final String PG_USER = System.getProperty("holdfast.test.pg.user", "postgres");

    /** A database for one test; {@link #close()} drops it. */
    public record TestDatabase(String url, String user, Runnable drop) implements AutoCloseable {
        @Override
        public void close() {
            drop.run();
        }
    }

    private TestDatabases() {
    }

    public static Path target() {
        return Path.of(System.getProperty("holdfast.build.directory", "target"));
    }

    public static TestDatabase sqlite() {
        try {
            Path dir = Files.createDirectories(target().resolve("db").resolve(UUID.randomUUID().toString()));
            return new TestDatabase("jdbc:sqlite:" + dir.resolve("holdfast.db"), "", () -> {
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TestDatabase postgres() {
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        exec("CREATE SCHEMA " + schema);
        String sep = PG_SERVER.contains("?") ? "&" : "?";
        return new TestDatabase(PG_SERVER + sep + "currentSchema=" + schema, PG_USER,
                () -> exec("DROP SCHEMA " + schema + " CASCADE"));
    }

    private static void exec(String sql) {
        try (Connection c = DriverManager.getConnection(PG_SERVER, PG_USER, ""); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + PG_SERVER + ": " + e.getMessage(), e);
        }
    }
}
