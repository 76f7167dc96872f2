package io.holdfast.backend.dashboard.impl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import javax.sql.DataSource;

/**
 * Appends the dashboard's own actions (logins, uploads, deployment requests) to the backend's hash-chained audit table,
 * with the chain rule backend-bundles/README.md documents: {@code hash = SHA-256(prev_hash | len:ts | len:actor |
 * len:action | len:target | len:detail)}, so that {@code /audit/verify} checks these entries as its own. The API's
 * appender is not exported; this one takes the database's write lock before it reads the previous hash (SQLite: BEGIN
 * IMMEDIATE; PostgreSQL: a table lock), so that it can never fork the chain itself.
 */
final class AuditLog {

    private static final String GENESIS = "0".repeat(64);
    private final DataSource db;
    private final boolean sqlite;

    AuditLog(DataSource db, String dialect) {
        this.db = db;
        this.sqlite = "sqlite".equals(dialect);
    }

    synchronized void append(String actor, String action, String target, String detail) throws SQLException {
        try (Connection c = db.getConnection()) {
            boolean auto = c.getAutoCommit();
            try (Statement st = c.createStatement()) {
                if (sqlite) {
                    c.setAutoCommit(true);
                    st.execute("BEGIN IMMEDIATE");
                } else {
                    c.setAutoCommit(false);
                    st.execute("LOCK TABLE audit IN SHARE ROW EXCLUSIVE MODE");
                }
                try {
                    insert(c, actor, action, target, detail);
                    if (sqlite) {
                        st.execute("COMMIT");
                    } else {
                        c.commit();
                    }
                } catch (SQLException | RuntimeException e) {
                    if (sqlite) {
                        st.execute("ROLLBACK");
                    } else {
                        c.rollback();
                    }
                    throw e;
                }
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }

    private static void insert(Connection c, String actor, String action, String target, String detail)
            throws SQLException {
        String prev = GENESIS;
        try (PreparedStatement p = c.prepareStatement("SELECT hash FROM audit ORDER BY id DESC LIMIT 1");
                ResultSet rs = p.executeQuery()) {
            if (rs.next()) {
                prev = rs.getString(1);
            }
        }
        long ts = System.currentTimeMillis();
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO audit (ts, actor, action, target, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            p.setLong(1, ts);
            p.setString(2, actor);
            p.setString(3, action);
            p.setString(4, target);
            p.setString(5, detail);
            p.setString(6, prev);
            p.setString(7, hash(prev, ts, actor, action, target, detail));
            p.executeUpdate();
        }
    }

    static String hash(String prev, long ts, String actor, String action, String target, String detail) {
        StringBuilder sb = new StringBuilder(prev);
        for (String f : new String[] { Long.toString(ts), actor, action, target, detail }) {
            sb.append('|').append(f.length()).append(':').append(f);
        }
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
