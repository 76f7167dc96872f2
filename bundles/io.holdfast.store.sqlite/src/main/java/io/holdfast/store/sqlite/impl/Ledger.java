package io.holdfast.store.sqlite.impl;

import io.holdfast.api.queue.OutboundMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the file holds, kept in memory by the writer thread: the id high-water mark, the message count and payload
 * bytes, the pending messages per priority, the messages in flight, and when the oldest message was enqueued. Each
 * transaction begins with {@link #begin()}; if it fails, {@link #rollback()} restores the figures to what the file
 * holds, and {@link #changes()} counts what a committed transaction did. Only the writer thread touches it.
 */
final class Ledger {
    static final int PRIORITIES = OutboundMessage.PRIORITY_LOWEST + 1;

    private long lastId;
    private long count;
    private long bytes;
    private final long[] pendingByPriority = new long[PRIORITIES];
    /** In-flight messages: id to (size << 4 | priority). Bounded by what the sender took and did not settle. */
    private final TreeMap<Long, Long> inFlight = new TreeMap<>();
    private long oldestEnqueuedAt;

    private final Undo undo = new Undo();
    private final Changes changes = new Changes();

    /** What a transaction did, for the counters and rates of a commit. */
    static final class Changes {
        private long enqueued;
        private long acked;
        private long evicted;
        private long expired;
        private boolean removed;

        long enqueued() {
            return enqueued;
        }

        long acked() {
            return acked;
        }

        long evicted() {
            return evicted;
        }

        long expired() {
            return expired;
        }

        /** @return whether a message was removed, so that the oldest enqueue time may have changed */
        boolean removed() {
            return removed;
        }
    }

    /** The figures before the transaction in progress. */
    private static final class Undo {
        long lastId;
        long count;
        long bytes;
        final long[] pendingByPriority = new long[PRIORITIES];
        long oldestEnqueuedAt;
        /** {id, 0, 0} for a put of a new id, {id, 1, previous} for a removal. */
        final List<long[]> inFlight = new ArrayList<>();
    }

    Ledger(QueueStore.Contents contents) {
        this.lastId = contents.lastId();
        this.count = contents.count();
        this.bytes = contents.bytes();
        System.arraycopy(contents.countByPriority(), 0, pendingByPriority, 0, PRIORITIES);
        this.oldestEnqueuedAt = contents.oldestEnqueuedAt();
    }

    // ---------------------------------------------------------------------------------------------- transactions

    void begin() {
        undo.lastId = lastId;
        undo.count = count;
        undo.bytes = bytes;
        System.arraycopy(pendingByPriority, 0, undo.pendingByPriority, 0, PRIORITIES);
        undo.oldestEnqueuedAt = oldestEnqueuedAt;
        undo.inFlight.clear();
        changes.enqueued = 0;
        changes.acked = 0;
        changes.evicted = 0;
        changes.expired = 0;
        changes.removed = false;
    }

    void rollback() {
        lastId = undo.lastId;
        count = undo.count;
        bytes = undo.bytes;
        System.arraycopy(undo.pendingByPriority, 0, pendingByPriority, 0, PRIORITIES);
        oldestEnqueuedAt = undo.oldestEnqueuedAt;
        for (int i = undo.inFlight.size() - 1; i >= 0; i--) {
            long[] u = undo.inFlight.get(i);
            if (u[1] == 0) {
                inFlight.remove(u[0]);
            } else {
                inFlight.put(u[0], u[2]);
            }
        }
        undo.inFlight.clear();
    }

    /** @return whether the transaction in progress assigned ids, so that the high-water mark must be stored */
    boolean lastIdChanged() {
        return undo.lastId != lastId;
    }

    Changes changes() {
        return changes;
    }

    // ---------------------------------------------------------------------------------------------- figures

    long lastId() {
        return lastId;
    }

    long count() {
        return count;
    }

    long bytes() {
        return bytes;
    }

    int inFlightCount() {
        return inFlight.size();
    }

    long pending() {
        return count - inFlight.size();
    }

    long pendingOf(int priority) {
        return pendingByPriority[priority];
    }

    long oldestEnqueuedAt() {
        return oldestEnqueuedAt;
    }

    void oldestEnqueuedAt(long at) {
        oldestEnqueuedAt = at;
    }

    /** @return the least urgent priority that has pending messages, or -1 if none is pending */
    int highestPendingPriority() {
        for (int p = PRIORITIES - 1; p >= 0; p--) {
            if (pendingByPriority[p] > 0) {
                return p;
            }
        }
        return -1;
    }

    /** @return the figures of a message in flight, or null if it is not in flight */
    QueueStore.Info inFlight(long id) {
        Long packed = inFlight.get(id);
        return packed == null ? null : unpack(id, packed);
    }

    /** @return the messages in flight with ids from {@code fromId} to {@code toId}, both included */
    List<QueueStore.Info> inFlightBetween(long fromId, long toId) {
        List<QueueStore.Info> range = new ArrayList<>();
        for (Map.Entry<Long, Long> e : inFlight.subMap(fromId, true, toId, true).entrySet()) {
            range.add(unpack(e.getKey(), e.getValue()));
        }
        return range;
    }

    // ---------------------------------------------------------------------------------------------- changes

    /** @return the id of a new message */
    long nextId() {
        return ++lastId;
    }

    void enqueued(int priority, int size, long now) {
        if (count == 0) {
            oldestEnqueuedAt = now;
        }
        count++;
        bytes += size;
        pendingByPriority[priority]++;
        changes.enqueued++;
    }

    void taken(long id, int priority, int size) {
        pendingByPriority[priority]--;
        undo.inFlight.add(new long[] { id, 0, 0 });
        inFlight.put(id, ((long) size << 4) | priority);
    }

    /** An acknowledged message was deleted, pending or in flight. */
    void acked(QueueStore.Info m) {
        removeInFlight(m.id());
        removed(m);
        changes.acked++;
    }

    void evicted(QueueStore.Info m) {
        removed(m);
        changes.evicted++;
    }

    void expired(QueueStore.Info m) {
        removed(m);
        changes.expired++;
    }

    /** A message in flight is pending again. */
    void requeued(long id) {
        Long packed = removeInFlight(id);
        if (packed != null) {
            pendingByPriority[(int) (packed & 0xf)]++;
        }
    }

    /** Every message in flight is pending again. */
    void requeuedAll() {
        for (Long id : new ArrayList<>(inFlight.keySet())) {
            requeued(id);
        }
    }

    private void removed(QueueStore.Info m) {
        count--;
        bytes -= m.size();
        if (m.state() == QueueStore.STATE_PENDING) {
            pendingByPriority[m.priority()]--;
        }
        changes.removed = true;
    }

    private Long removeInFlight(long id) {
        Long before = inFlight.remove(id);
        if (before != null) {
            undo.inFlight.add(new long[] { id, 1, before });
        }
        return before;
    }

    private static QueueStore.Info unpack(long id, long packed) {
        return new QueueStore.Info(id, (int) (packed & 0xf), (int) (packed >>> 4), QueueStore.STATE_IN_FLIGHT);
    }
}
