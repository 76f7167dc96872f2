package io.holdfast.store.sqlite.impl;

import io.holdfast.api.queue.SeqRange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The committed sequence numbers of each device's readings, as runs ({@code seq_mark}: device, first, last), written in
 * the transaction that inserts the messages and kept after they are deleted, so that a producer that restarts learns
 * what was committed before ({@link io.holdfast.api.queue.CommittedReadings}). At most {@value #MAX_RUNS} runs per
 * device: when a hole splits more off, the oldest are forgotten (a reading from them sent again is stored again, a
 * duplicate rather than a loss).
 * <p>
 * The table is a versioned extension of the schema ({@code meta} key {@value #SCHEMA_KEY}), not a new version of the
 * message table: a store of an older version opens the file, ignores the table, and leaves it as it is. Changes of a
 * transaction are visible to {@link #committed} only once it committed. The writer thread calls every method but
 * {@link #committed}, which any thread may call.
 */
final class SeqMarks {

    static final String SCHEMA_KEY = "seq_mark_schema";
    static final int SCHEMA_VERSION = 1;
    static final int MAX_RUNS = 16;

    private final Connection c;
    private PreparedStatement deleteDevice;
    private PreparedStatement insertRun;
    /** What is committed: device -> first -> last. Guarded by itself. */
    private final Map<String, TreeMap<Long, Long>> committed;
    /** The devices the open transaction changed, with their runs as they will be after it. */
    private final Map<String, TreeMap<Long, Long>> changed = new HashMap<>();

    private SeqMarks(Connection c, Map<String, TreeMap<Long, Long>> committed) throws SQLException {
        this.c = c;
        this.committed = committed;
        prepare();
    }

    /** Creates the table if missing (the migration of a file written before it existed); inside a transaction. */
    static void createSchema(Statement s) throws SQLException {
        s.execute("CREATE TABLE IF NOT EXISTS seq_mark (device_id TEXT NOT NULL, first_seq INTEGER NOT NULL, "
                + "last_seq INTEGER NOT NULL, PRIMARY KEY (device_id, first_seq)) WITHOUT ROWID");
        s.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('" + SCHEMA_KEY + "', " + SCHEMA_VERSION + ")");
        try (ResultSet rs = s.executeQuery("SELECT value FROM meta WHERE key = '" + SCHEMA_KEY + "'")) {
            long v = rs.next() ? rs.getLong(1) : 0;
            if (v != SCHEMA_VERSION) {
                throw new SQLException("the queue file's seq_mark table has version " + v + "; this store reads "
                        + "version " + SCHEMA_VERSION);
            }
        }
    }

    /** Reads every device's runs. */
    static SeqMarks load(Connection c) throws SQLException {
        Map<String, TreeMap<Long, Long>> runs = new HashMap<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT device_id, first_seq, last_seq FROM seq_mark")) {
            while (rs.next()) {
                runs.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).put(rs.getLong(2), rs.getLong(3));
            }
        }
        return new SeqMarks(c, runs);
    }

    void prepare() throws SQLException {
        close();
        deleteDevice = c.prepareStatement("DELETE FROM seq_mark WHERE device_id = ?");
        insertRun = c.prepareStatement("INSERT INTO seq_mark (device_id, first_seq, last_seq) VALUES (?, ?, ?)");
    }

    void close() {
        for (PreparedStatement p : new PreparedStatement[] { deleteDevice, insertRun }) {
            if (p != null) {
                try {
                    p.close();
                } catch (SQLException e) {
                    // finalized already
                }
            }
        }
    }

    /** A message of a device's reading is inserted in the open transaction. */
    void record(String device, long seq) {
        if (device == null || seq < 0) {
            return;
        }
        TreeMap<Long, Long> runs = changed.get(device);
        if (runs == null) {
            synchronized (committed) {
                TreeMap<Long, Long> now = committed.get(device);
                runs = now == null ? new TreeMap<>() : new TreeMap<>(now);
            }
            changed.put(device, runs);
        }
        add(runs, seq);
    }

    /** Adds a number to runs (first -> last), merging neighbours, keeping the newest {@value #MAX_RUNS}. */
    static void add(TreeMap<Long, Long> runs, long seq) {
        Map.Entry<Long, Long> below = runs.floorEntry(seq);
        if (below != null && below.getValue() >= seq) {
            return;
        }
        long first = seq;
        if (below != null && below.getValue() == seq - 1) {
            first = below.getKey();
        }
        long last = seq;
        Long above = runs.get(seq + 1);
        if (above != null) {
            last = runs.remove(seq + 1);
        }
        runs.put(first, last);
        while (runs.size() > MAX_RUNS) {
            runs.pollFirstEntry();
        }
    }

    /** Writes the changed devices' runs; just before the transaction commits. */
    void write() throws SQLException {
        for (Map.Entry<String, TreeMap<Long, Long>> e : changed.entrySet()) {
            deleteDevice.setString(1, e.getKey());
            deleteDevice.executeUpdate();
            for (Map.Entry<Long, Long> r : e.getValue().entrySet()) {
                insertRun.setString(1, e.getKey());
                insertRun.setLong(2, r.getKey());
                insertRun.setLong(3, r.getValue());
                insertRun.addBatch();
            }
        }
        if (!changed.isEmpty()) {
            insertRun.executeBatch();
        }
    }

    /** The transaction committed: its changes become visible. */
    void committed() {
        if (changed.isEmpty()) {
            return;
        }
        synchronized (committed) {
            committed.putAll(changed);
        }
        changed.clear();
    }

    /** The transaction rolled back: its changes are forgotten. */
    void rolledBack() {
        changed.clear();
    }

    /** The committed runs of a device, ascending; empty when none. Any thread. */
    List<SeqRange> committed(String device) {
        List<SeqRange> out = new ArrayList<>();
        synchronized (committed) {
            TreeMap<Long, Long> runs = committed.get(device);
            if (runs != null) {
                runs.forEach((f, l) -> out.add(new SeqRange(f, l)));
            }
        }
        return out;
    }
}
