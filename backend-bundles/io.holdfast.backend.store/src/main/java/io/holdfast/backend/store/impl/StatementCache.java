package io.holdfast.backend.store.impl;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ingest's prepared statements, kept per physical connection (the pool's proxy unwrapped) and reused across
 * batches: sqlite-jdbc compiles every {@code prepareStatement} anew, and compiling the multi-row statements of a batch
 * (500 rows of 7 to 11 parameters) took about a tenth of the writer thread's time in a profile of the ingest. At most
 * {@link #PER_CONNECTION} statements a connection, least recently used closed first; the statements of a connection the
 * pool has closed are dropped on the next call. A statement is used by the thread that holds its connection, within
 * that thread's transaction, like the connection itself.
 */
final class StatementCache {

    static final int PER_CONNECTION = 32;

    private final Map<Connection, Map<String, PreparedStatement>> byConnection = new IdentityHashMap<>();

    PreparedStatement get(Connection c, String sql) throws SQLException {
        Connection physical = c.unwrap(Connection.class);
        Map<String, PreparedStatement> statements;
        synchronized (byConnection) {
            byConnection.keySet().removeIf(StatementCache::closed);
            statements = byConnection.computeIfAbsent(physical, k -> new Lru());
        }
        PreparedStatement p = statements.get(sql);
        if (p == null || p.isClosed()) {
            p = physical.prepareStatement(sql);
            statements.put(sql, p);
        }
        return p;
    }

    /** Closes every cached statement (the store is closing). */
    void close() {
        synchronized (byConnection) {
            byConnection.values().forEach(m -> m.values().forEach(StatementCache::close));
            byConnection.clear();
        }
    }

    private static boolean closed(Connection c) {
        try {
            return c.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    private static void close(PreparedStatement p) {
        try {
            p.close();
        } catch (SQLException e) {
            // the connection is gone already
        }
    }

    private static final class Lru extends LinkedHashMap<String, PreparedStatement> {
        private static final long serialVersionUID = 1L;

        Lru() {
            super(16, 0.75f, true);
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() > PER_CONNECTION) {
                close(eldest.getValue());
                return true;
            }
            return false;
        }
    }
}
