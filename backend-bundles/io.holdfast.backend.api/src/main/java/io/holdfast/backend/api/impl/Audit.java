package io.holdfast.backend.api.impl;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The audit trail: append-only; each entry's hash is SHA-256 over the previous entry's hash and the entry's fields, so
 * that an entry altered, removed or inserted in the database breaks the chain at that entry. Appends are serialised in
 * this instance; several backends on one database would need a database lock (not done yet).
 */
final class Audit {

    static final String GENESIS = "0".repeat(64);
    private final DataSource db;

    Audit(DataSource db) {
        this.db = db;
    }

    synchronized void append(String actor, String action, String target, String detail) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                String prev = GENESIS;
                try (PreparedStatement p = c.prepareStatement("SELECT hash FROM audit ORDER BY id DESC LIMIT 1");
                        ResultSet rs = p.executeQuery()) {
                    if (rs.next()) {
                        prev = rs.getString(1);
                    }
                }
                long ts = System.currentTimeMillis();
                try (PreparedStatement p = c.prepareStatement("INSERT INTO audit (ts, actor, action, target, detail, "
                        + "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    p.setLong(1, ts);
                    p.setString(2, actor);
                    p.setString(3, action);
                    p.setString(4, target);
                    p.setString(5, detail);
                    p.setString(6, prev);
                    p.setString(7, hash(prev, ts, actor, action, target, detail));
                    p.executeUpdate();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    static String hash(String prev, long ts, String actor, String action, String target, String detail) {
        // lengths first, so that no two field lists give the same text
        StringBuilder sb = new StringBuilder(prev);
        for (String f : new String[] { Long.toString(ts), actor, action, target, detail }) {
            sb.append('|').append(f.length()).append(':').append(f);
        }
        return Tokens.sha256(sb.toString());
    }

    List<Map<String, Object>> list(long afterId, int limit) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement p = c.prepareStatement(
                "SELECT id, ts, actor, action, target, detail, hash FROM audit WHERE id > ? ORDER BY id LIMIT ?")) {
            p.setLong(1, afterId);
            p.setInt(2, limit);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", rs.getLong(1));
                    m.put("ts", rs.getLong(2));
                    m.put("actor", rs.getString(3));
                    m.put("action", rs.getString(4));
                    m.put("target", rs.getString(5));
                    m.put("detail", rs.getString(6));
                    m.put("hash", rs.getString(7));
                    out.add(m);
                }
            }
        }
        return out;
    }

    /** Walks the chain: {@code ok}, entries checked, and the first broken entry's id and why. */
    Map<String, Object> verify() throws SQLException {
        Map<String, Object> out = new LinkedHashMap<>();
        long checked = 0;
        String prev = GENESIS;
        try (Connection c = db.getConnection(); PreparedStatement p = c.prepareStatement(
                "SELECT id, ts, actor, action, target, detail, prev_hash, hash FROM audit ORDER BY id")) {
            p.setFetchSize(1000);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    String problem = null;
                    if (!rs.getString(7).equals(prev)) {
                        problem = "its previous hash is not the hash of the entry before it (an entry was removed or inserted)";
                    } else if (!hash(prev, rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6)).equals(rs.getString(8))) {
                        problem = "its content does not match its hash (the entry was altered)";
                    }
                    if (problem != null) {
                        out.put("ok", false);
                        out.put("checked", checked);
                        out.put("brokenAt", id);
                        out.put("detail", "audit entry " + id + ": " + problem);
                        return out;
                    }
                    prev = rs.getString(8);
                    checked++;
                }
            }
        }
        out.put("ok", true);
        out.put("checked", checked);
        return out;
    }
}
