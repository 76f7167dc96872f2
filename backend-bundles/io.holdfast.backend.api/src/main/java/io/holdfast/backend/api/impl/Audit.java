package io.holdfast.backend.api.impl;

import io.holdfast.backend.store.AuditChain;
import io.holdfast.backend.store.BackendStore;
import io.holdfast.backend.store.StoreException;
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
 * that an entry altered, removed or inserted in the database breaks the chain at that entry. Appends go through the
 * store, which serialises them with a database lock (the alarm evaluator and other backends append too).
 */
final class Audit {

    static final String GENESIS = AuditChain.GENESIS;
    private final BackendStore store;
    private final DataSource db;

    Audit(BackendStore store) {
        this.store = store;
        this.db = store.dataSource();
    }

    void append(String actor, String action, String target, String detail) throws SQLException {
        try {
            store.audit(actor, action, target, detail);
        } catch (StoreException e) {
            throw new SQLException(e.getMessage(), e);
        }
    }

    static String hash(String prev, long ts, String actor, String action, String target, String detail) {
        return AuditChain.hash(prev, ts, actor, action, target, detail);
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
