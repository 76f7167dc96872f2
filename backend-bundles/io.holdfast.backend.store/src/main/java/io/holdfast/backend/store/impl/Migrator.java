package io.holdfast.backend.store.impl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies the versioned SQL files of {@code migration/} (listed in {@code migration/index}, named
 * {@code V<n>__<description>.sql}) that a database has not had yet, each in its own transaction, and records them in
 * {@code schema_version} with a checksum; a changed file that was applied before is an error, not a silent skip.
 * Several backends starting at once on one PostgreSQL database take an advisory lock, so only one migrates.
 */
public final class Migrator {

    /** One migration file. */
    record Migration(int version, String name, String sql, String checksum) {
    }

    private final Dialect dialect;
    private final List<Migration> migrations;

    public Migrator(Dialect dialect) {
        this(dialect, load("migration/"));
    }

    Migrator(Dialect dialect, List<Migration> migrations) {
        this.dialect = dialect;
        this.migrations = migrations;
    }

    static List<Migration> load(String folder) {
        List<Migration> list = new ArrayList<>();
        try (InputStream index = Migrator.class.getResourceAsStream(folder + "index")) {
            if (index == null) {
                throw new IllegalStateException("no migration index in " + folder);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(index, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                String name = line.strip();
                if (name.isEmpty()) {
                    continue;
                }
                try (InputStream in = Migrator.class.getResourceAsStream(folder + name)) {
                    if (in == null) {
                        throw new IllegalStateException("migration index lists missing file " + name);
                    }
                    list.add(migration(name, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(list);
    }

    static Migration migration(String name, String sql) {
        if (!name.matches("V[0-9]+__[A-Za-z0-9_]+\\.sql")) {
            throw new IllegalArgumentException("migration file name must be V<n>__<description>.sql: " + name);
        }
        int version = Integer.parseInt(name.substring(1, name.indexOf("__")));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(sql.getBytes(StandardCharsets.UTF_8));
            return new Migration(version, name, sql, HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Brings the database up to the newest version.
     *
     * @return the versions applied now, empty when it was up to date
     */
    public List<Integer> migrate(Connection c) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            lock(c);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                        + "name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at BIGINT NOT NULL)");
            }
            c.commit();
            List<Integer> applied = new ArrayList<>();
            for (Migration m : migrations) {
                lock(c);
                Map<Integer, String> done = applied(c);
                String checksum = done.get(m.version());
                if (checksum != null) {
                    if (!checksum.equals(m.checksum())) {
                        c.rollback();
                        throw new SQLException("migration " + m.name() + " was changed after it was applied "
                                + "(checksum " + checksum + " in schema_version)");
                    }
                    c.commit();
                    continue;
                }
                try (Statement s = c.createStatement()) {
                    for (String statement : statements(dialect.schema(m.sql()))) {
                        s.execute(statement);
                    }
                }
                try (PreparedStatement p = c.prepareStatement(
                        "INSERT INTO schema_version (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)")) {
                    p.setInt(1, m.version());
                    p.setString(2, m.name());
                    p.setString(3, m.checksum());
                    p.setLong(4, System.currentTimeMillis());
                    p.executeUpdate();
                }
                c.commit();
                applied.add(m.version());
            }
            return applied;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private void lock(Connection c) throws SQLException {
        if (dialect == Dialect.POSTGRESQL) {
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(7420013)");
            }
        }
        // SQLite: the first write of the transaction takes the database lock
    }

    private static Map<Integer, String> applied(Connection c) throws SQLException {
        Map<Integer, String> done = new LinkedHashMap<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version, checksum FROM schema_version ORDER BY version")) {
            while (rs.next()) {
                done.put(rs.getInt(1), rs.getString(2));
            }
        }
        return done;
    }

    /** Splits a file at semicolons that end a line; comment lines are dropped. */
    static List<String> statements(String sql) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\n")) {
            String t = line.strip();
            if (t.startsWith("--") || t.isEmpty()) {
                continue;
            }
            if (t.endsWith(";")) {
                current.append(t, 0, t.length() - 1);
                out.add(current.toString().strip());
                current.setLength(0);
            } else {
                current.append(t).append('\n');
            }
        }
        if (!current.toString().isBlank()) {
            throw new IllegalArgumentException("migration ends without a semicolon: " + current.toString().strip());
        }
        return out;
    }
}
