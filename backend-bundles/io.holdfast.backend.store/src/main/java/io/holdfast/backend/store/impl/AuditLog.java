package io.holdfast.backend.store.impl;

import io.holdfast.backend.store.AuditChain;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Appends to the audit trail inside the caller's transaction. The database's write lock is taken before the newest hash
 * is read, so that appends from the API, the alarm evaluator and other backends on the same database form one chain:
 * PostgreSQL takes an advisory transaction lock (per schema), SQLite its write lock (an update that changes nothing).
 */
final class AuditLog {

    private AuditLog() {
    }

    static void append(Connection c, Dialect dialect, long ts, String actor, String action, String target,
            String detail) throws SQLException {
        try (Statement s = c.createStatement()) {
            if (dialect == Dialect.POSTGRESQL) {
                s.execute("SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.audit'))");
            } else {
                s.executeUpdate("UPDATE audit SET id = id WHERE 1 = 0");
            }
        }
        String prev = AuditChain.GENESIS;
        try (PreparedStatement p = c.prepareStatement("SELECT hash FROM audit ORDER BY id DESC LIMIT 1");
                ResultSet rs = p.executeQuery()) {
            if (rs.next()) {
                prev = rs.getString(1);
            }
        }
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO audit (ts, actor, action, target, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            p.setLong(1, ts);
            p.setString(2, actor);
            p.setString(3, action);
            p.setString(4, target);
            p.setString(5, detail);
            p.setString(6, prev);
            p.setString(7, AuditChain.hash(prev, ts, actor, action, target, detail));
            p.executeUpdate();
        }
    }
}
