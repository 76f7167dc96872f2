package io.holdfast.store.sqlite.impl;

import io.holdfast.api.queue.OutboundMessage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The queue's SQL on one connection. Not thread safe: the queue's writer thread is its only user once it is open.
 * <p>
 * Two partial indexes keep every hot query logarithmic: pending messages by (priority, id) for take and eviction, in
 * flight messages by id for requeue and range acks. Ids are assigned by the queue, not by SQLite, and their high-water
 * mark is kept in {@code meta} so that an id is never reused, even after the queue was empty.
 */
final class QueueStore implements AutoCloseable {

    /** "Hold": marks a file as a Holdfast queue, so that a misconfigured path never writes into a foreign database. */
    static final int APPLICATION_ID = 0x486f6c64;
    static final int SCHEMA_VERSION = 1;
    static final int SQLITE_CORRUPT = 11;
    static final int SQLITE_FULL = 13;
    static final int SQLITE_NOTADB = 26;
    private static final int BUSY_TIMEOUT_MS = 2000;

    static final int STATE_PENDING = 0;
    static final int STATE_IN_FLIGHT = 1;

    private final Connection c;
    private final SeqMarks marks;
    private Statement statement;
    private PreparedStatement insert;
    private PreparedStatement setLastId;
    private PreparedStatement pending;
    private PreparedStatement markInFlight;
    private PreparedStatement delete;
    private PreparedStatement info;
    private PreparedStatement deleteInFlightRange;
    private PreparedStatement requeue;
    private PreparedStatement requeueAll;
    private PreparedStatement oldestOfPriority;
    private PreparedStatement expired;
    private PreparedStatement oldest;
    /**
     * Messages the previous open left in flight are still marked so in the file, though counted as pending: returning
     * them at open failed for a full disk. The next take returns them first, in its own transaction.
     */
    private boolean leftInFlight;
    /** The transaction open now has returned them (cleared at its commit or rollback). */
    private boolean leftInFlightReturned;

    /** What the file holds when it is opened; every message is pending then. */
    record Contents(long[] countByPriority, long count, long bytes, long lastId, long oldestEnqueuedAt, int requeued) {
    }

    /** A stored message as {@link #pending} reads it. */
    record Row(long id, int priority, int size, long expiresAt, OutboundMessage message, int deliveryCount) {
    }

    /** A message's bookkeeping figures. */
    record Info(long id, int priority, int size, int state) {
    }

    private QueueStore(Connection c) throws SQLException {
        this.c = c;
        this.marks = SeqMarks.load(c);
        prepare();
    }

    private void prepare() throws SQLException {
        this.statement = c.createStatement();
        this.insert = c.prepareStatement("INSERT INTO message (id, priority, state, topic, payload, qos, retain, "
                + "device_id, seq, created_at, enqueued_at, expires_at, delivery_count) "
                + "VALUES (?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)");
        this.setLastId = c.prepareStatement("UPDATE meta SET value = ? WHERE key = 'last_id'");
        this.pending = c.prepareStatement("SELECT id, priority, topic, payload, qos, retain, device_id, seq, "
                + "created_at, expires_at, delivery_count FROM message WHERE state = 0 ORDER BY priority, id LIMIT ?");
        this.markInFlight = c
                .prepareStatement("UPDATE message SET state = 1, delivery_count = delivery_count + 1 WHERE id = ?");
        this.delete = c.prepareStatement("DELETE FROM message WHERE id = ?");
        this.info = c.prepareStatement("SELECT priority, length(payload), state FROM message WHERE id = ?");
        this.deleteInFlightRange = c.prepareStatement("DELETE FROM message WHERE state = 1 AND id BETWEEN ? AND ?");
        this.requeue = c.prepareStatement("UPDATE message SET state = 0 WHERE id = ? AND state = 1");
        this.requeueAll = c.prepareStatement("UPDATE message SET state = 0 WHERE state = 1");
        this.oldestOfPriority = c.prepareStatement(
                "SELECT id, length(payload) FROM message WHERE state = 0 AND priority = ? ORDER BY id LIMIT 1");
        this.expired = c.prepareStatement(
                "SELECT id, priority, length(payload) FROM message WHERE expires_at <= ? AND state = 0 LIMIT ?");
        this.oldest = c.prepareStatement("SELECT enqueued_at FROM message ORDER BY id LIMIT 1");
    }

    /**
     * Prepares every statement again after a failed transaction: sqlite-jdbc finalizes a statement whose step failed (a
     * full disk, an I/O error), and any later use of it fails with "statement is not executing".
     */
    void recover() throws SQLException {
        for (Statement st : new Statement[] { statement, insert, setLastId, pending, markInFlight, delete, info,
                deleteInFlightRange, requeue, requeueAll, oldestOfPriority, expired, oldest }) {
            try {
                st.close();
            } catch (SQLException e) {
                // finalized already
            }
        }
        prepare();
        marks.prepare();
    }

    /**
     * Opens (or creates) a queue file and reads what it holds; messages that were in flight become pending.
     *
     * @throws CorruptFileException
     *             if the file is not a database or fails SQLite's quick check
     * @throws SQLException
     *             on any other failure (locked by another process, unreadable, not a Holdfast queue)
     */
    static Opened open(Path file, Durability durability) throws SQLException, CorruptFileException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + file);
        Connection c = ds.getConnection();
        try {
            try (Statement s = c.createStatement()) {
                // before WAL is enabled: the WAL index then lives in heap memory (no -shm file), and a second
                // opener (another queue on the same path, another process) fails fast instead of sharing the file
                s.execute("PRAGMA locking_mode = EXCLUSIVE");
                boolean fresh = Sql.queryLong(s, "PRAGMA page_count") == 0;
                if (fresh) {
                    // must precede the first table; lets housekeeping give freed pages back to the file system
                    s.execute("PRAGMA auto_vacuum = INCREMENTAL");
                    s.execute("PRAGMA application_id = " + APPLICATION_ID);
                } else {
                    long appId = Sql.queryLong(s, "PRAGMA application_id");
                    if (appId != APPLICATION_ID) {
                        throw new SQLException(file + " is an SQLite database of another application (application_id "
                                + appId + "), not a Holdfast queue; choose another file path");
                    }
                }
                String mode = Sql.queryString(s, "PRAGMA journal_mode = WAL");
                if (!"wal".equalsIgnoreCase(mode)) {
                    throw new SQLException("cannot switch " + file + " to WAL (journal mode is " + mode + ")");
                }
                s.execute("PRAGMA synchronous = " + durability.name());
                if (!fresh) {
                    String check = Sql.queryString(s, "PRAGMA quick_check(1)");
                    if (!"ok".equalsIgnoreCase(check)) {
                        throw new SQLException("quick check: " + check.replace('\n', ' '), null, SQLITE_CORRUPT);
                    }
                }
                createSchema(s);
            }
            QueueStore store = new QueueStore(c);
            return new Opened(store, store.load());
        } catch (SQLException e) {
            int code = e.getErrorCode() & 0xff;
            if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) {
                throw new CorruptFileException(oneLine(e), e, c);
            }
            closeQuietly(c);
            throw e;
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /** An open store and what it held. */
    record Opened(QueueStore store, Contents contents) {
    }

    private static void createSchema(Statement s) throws SQLException {
        s.execute("BEGIN IMMEDIATE");
        try {
            s.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)");
            s.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('schema', " + SCHEMA_VERSION + ")");
            s.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('last_id', 0)");
            long version = Sql.queryLong(s, "SELECT value FROM meta WHERE key = 'schema'");
            if (version != SCHEMA_VERSION) {
                throw new SQLException("the queue file has schema version " + version + "; this store reads version "
                        + SCHEMA_VERSION);
            }
            // created_at, enqueued_at and expires_at are epoch milliseconds; expires_at is NULL for never
            s.execute("CREATE TABLE IF NOT EXISTS message (" //
                    + "id INTEGER PRIMARY KEY, priority INTEGER NOT NULL, state INTEGER NOT NULL, " //
                    + "topic TEXT NOT NULL, payload BLOB NOT NULL, qos INTEGER NOT NULL, retain INTEGER NOT NULL, "
                    + "device_id TEXT, seq INTEGER NOT NULL, created_at INTEGER NOT NULL, "
                    + "enqueued_at INTEGER NOT NULL, expires_at INTEGER, delivery_count INTEGER NOT NULL)");
            s.execute("CREATE INDEX IF NOT EXISTS message_pending ON message (priority, id) WHERE state = 0");
            s.execute("CREATE INDEX IF NOT EXISTS message_in_flight ON message (id) WHERE state = 1");
            s.execute("CREATE INDEX IF NOT EXISTS message_expiry ON message (expires_at) WHERE expires_at IS NOT NULL");
            SeqMarks.createSchema(s);
            s.execute("COMMIT");
        } catch (SQLException e) {
            Sql.rollbackQuietly(s);
            throw e;
        }
    }

    private Contents load() throws SQLException {
        try {
            return load(true);
        } catch (SQLException e) {
            if ((e.getErrorCode() & 0xff) != SQLITE_FULL) {
                throw e;
            }
            // a full disk has no room for the WAL of that update: open all the same (enqueues must be stored again as
            // soon as space returns) and return them with the first take; they count as pending already
            recover();
            leftInFlight = true;
            return load(false);
        }
    }

    private Contents load(boolean requeue) throws SQLException {
        begin();
        try {
            int requeued = requeue ? requeueAll.executeUpdate()
                    : (int) Sql.queryLong(statement, "SELECT count(*) FROM message WHERE state = 1");
            long[] byPriority = new long[OutboundMessage.PRIORITY_LOWEST + 1];
            long count = 0;
            long bytes = 0;
            try (ResultSet rs = statement
                    .executeQuery("SELECT priority, count(*), total(length(payload)) FROM message GROUP BY priority")) {
                while (rs.next()) {
                    int p = rs.getInt(1);
                    if (p < 0 || p >= byPriority.length) {
                        throw new SQLException("a stored message has priority " + p);
                    }
                    byPriority[p] = rs.getLong(2);
                    count += rs.getLong(2);
                    bytes += (long) rs.getDouble(3);
                }
            }
            long lastId = Math.max(Sql.queryLong(statement, "SELECT coalesce(max(id), 0) FROM message"),
                    Sql.queryLong(statement, "SELECT value FROM meta WHERE key = 'last_id'"));
            long oldestAt = oldestEnqueuedAt();
            commit();
            return new Contents(byPriority, count, bytes, lastId, oldestAt, requeued);
        } catch (SQLException e) {
            rollback();
            throw e;
        }
    }

    void begin() throws SQLException {
        statement.execute("BEGIN IMMEDIATE");
    }

    /** Commits, with the runs of committed sequence numbers the transaction's inserts recorded. */
    void commit() throws SQLException {
        marks.write();
        statement.execute("COMMIT");
        marks.committed();
        if (leftInFlightReturned) {
            leftInFlight = false;
            leftInFlightReturned = false;
        }
    }

    /** Rolls back if a transaction is open; SQLite may already have rolled back after a full disk or an I/O error. */
    void rollback() {
        Sql.rollbackQuietly(statement);
        marks.rolledBack();
        leftInFlightReturned = false;
    }

    /**
     * Returns to pending the messages that the open could not return (a full disk then): before a take, in its
     * transaction. Nothing when there are none.
     */
    void returnLeftInFlight() throws SQLException {
        if (leftInFlight && !leftInFlightReturned) {
            requeueAll.executeUpdate();
            leftInFlightReturned = true;
        }
    }

    void insert(long id, OutboundMessage m, long enqueuedAt, long expiresAt) throws SQLException {
        insert.setLong(1, id);
        insert.setInt(2, m.priority());
        insert.setString(3, m.topic());
        insert.setBytes(4, m.payload());
        insert.setInt(5, m.qos());
        insert.setInt(6, m.retain() ? 1 : 0);
        insert.setString(7, m.deviceId());
        insert.setLong(8, m.seq());
        insert.setLong(9, m.createdAt().toEpochMilli());
        insert.setLong(10, enqueuedAt);
        if (expiresAt == Long.MAX_VALUE) {
            insert.setNull(11, java.sql.Types.INTEGER);
        } else {
            insert.setLong(11, expiresAt);
        }
        insert.executeUpdate();
        marks.record(m.deviceId(), m.seq());
    }

    void setLastId(long id) throws SQLException {
        setLastId.setLong(1, id);
        setLastId.executeUpdate();
    }

    /**
     * Reads pending messages in sending order.
     *
     * @param limit
     *            at most this many rows
     * @param maxBytes
     *            stop before the row that would take the payload total of the returned rows above this, unless no row
     *            was returned yet; {@code bytesSoFar} counts rows returned by earlier calls
     * @param now
     *            rows expiring at or before this are returned in {@code expiredOut} instead
     * @param out
     *            receives the rows to send
     * @param expiredOut
     *            receives the expired rows
     *
     * @return {@code true} if reading stopped because of {@code maxBytes}
     */
    boolean pending(int limit, long maxBytes, long bytesSoFar, boolean anyTaken, long now, List<Row> out,
            List<Info> expiredOut) throws SQLException {
        pending.setInt(1, limit);
        long total = bytesSoFar;
        boolean any = anyTaken;
        try (ResultSet rs = pending.executeQuery()) {
            while (rs.next()) {
                long id = rs.getLong(1);
                int priority = rs.getInt(2);
                byte[] payload = rs.getBytes(4);
                if (payload == null) {
                    payload = new byte[0];
                }
                long expiresAt = rs.getLong(10);
                if (rs.wasNull()) {
                    expiresAt = Long.MAX_VALUE;
                }
                if (expiresAt <= now) {
                    expiredOut.add(new Info(id, priority, payload.length, STATE_PENDING));
                    continue;
                }
                if (any && total + payload.length > maxBytes) {
                    return true;
                }
                OutboundMessage.Builder b = OutboundMessage.builder(rs.getString(3), payload).priority(priority)
                        .qos(rs.getInt(5)).retain(rs.getInt(6) != 0).createdAt(Instant.ofEpochMilli(rs.getLong(9)))
                        .expiresAt(expiresAt == Long.MAX_VALUE ? null : Instant.ofEpochMilli(expiresAt));
                String device = rs.getString(7);
                long seq = rs.getLong(8);
                if (device != null || seq != OutboundMessage.NO_SEQ) {
                    b.reading(device, seq);
                }
                out.add(new Row(id, priority, payload.length, expiresAt, b.build(), rs.getInt(11)));
                total += payload.length;
                any = true;
            }
        }
        return false;
    }

    void markInFlight(long id) throws SQLException {
        markInFlight.setLong(1, id);
        markInFlight.executeUpdate();
    }

    int delete(long id) throws SQLException {
        delete.setLong(1, id);
        return delete.executeUpdate();
    }

    /** @return the message's figures, or null if there is no such message */
    Info info(long id) throws SQLException {
        info.setLong(1, id);
        try (ResultSet rs = info.executeQuery()) {
            return rs.next() ? new Info(id, rs.getInt(1), rs.getInt(2), rs.getInt(3)) : null;
        }
    }

    int deleteInFlight(long fromId, long toId) throws SQLException {
        deleteInFlightRange.setLong(1, fromId);
        deleteInFlightRange.setLong(2, toId);
        return deleteInFlightRange.executeUpdate();
    }

    int requeue(long id) throws SQLException {
        requeue.setLong(1, id);
        return requeue.executeUpdate();
    }

    int requeueAll() throws SQLException {
        if (leftInFlight) {
            leftInFlightReturned = true; // this update returns them too
        }
        return requeueAll.executeUpdate();
    }

    /** @return the oldest pending message of a priority, or null */
    Info oldestPending(int priority) throws SQLException {
        oldestOfPriority.setInt(1, priority);
        try (ResultSet rs = oldestOfPriority.executeQuery()) {
            return rs.next() ? new Info(rs.getLong(1), priority, rs.getInt(2), STATE_PENDING) : null;
        }
    }

    /** @return up to {@code limit} pending messages that expired at or before {@code now} */
    List<Info> expired(long now, int limit) throws SQLException {
        expired.setLong(1, now);
        expired.setInt(2, limit);
        List<Info> out = new ArrayList<>();
        try (ResultSet rs = expired.executeQuery()) {
            while (rs.next()) {
                out.add(new Info(rs.getLong(1), rs.getInt(2), rs.getInt(3), STATE_PENDING));
            }
        }
        return out;
    }

    /** @return when the oldest stored message was enqueued, or 0 when none is stored */
    long oldestEnqueuedAt() throws SQLException {
        try (ResultSet rs = oldest.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    long freePages() throws SQLException {
        return Sql.queryLong(statement, "PRAGMA freelist_count");
    }

    long pageCount() throws SQLException {
        return Sql.queryLong(statement, "PRAGMA page_count");
    }

    /**
     * Gives up to {@code pages} free pages back. The pragma frees one page per step and its rows have no columns:
     * sqlite-jdbc's execute() steps once (one page) and executeQuery() refuses it; executeUpdate() runs it to the end.
     */
    void incrementalVacuum(int pages) throws SQLException {
        statement.executeUpdate("PRAGMA incremental_vacuum(" + pages + ")");
    }

    /** Copies the WAL into the database and truncates it; outside any transaction. */
    void checkpoint() throws SQLException {
        try (ResultSet rs = statement.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
            while (rs.next()) {
                // busy, log frames, checkpointed frames: nothing to act on with an exclusive connection
            }
        }
    }

    /** The committed runs of sequence numbers of a device's readings; any thread. */
    java.util.List<io.holdfast.api.queue.SeqRange> committedSeqs(String device) {
        return marks.committed(device);
    }

    Connection connection() {
        return c;
    }

    @Override
    public void close() {
        closeQuietly(c);
    }

    static String oneLine(SQLException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replace('\n', ' ').replace('\r', ' ');
    }

    static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // closing a broken connection: nothing left to save
        }
    }
}
