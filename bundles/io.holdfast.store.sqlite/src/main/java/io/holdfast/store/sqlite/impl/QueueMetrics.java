package io.holdfast.store.sqlite.impl;

import io.holdfast.api.queue.QueueStats;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What {@link SqliteQueue#stats()} and {@link SqliteQueue#awaitPending} read, from any thread: the figures the writer
 * publishes after every commit, the counters and rates since open, and the last error. Reading them never touches the
 * file.
 */
final class QueueMetrics {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition pendingArrived = lock.newCondition();
    private volatile Figures figures;
    private volatile boolean closed;

    private final AtomicLong enqueued = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong evicted = new AtomicLong();
    private final AtomicLong expired = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final Rate enqueueRate;
    private final Rate ackRate;
    private volatile String lastError;
    /** Set when the file was found corrupt at open and moved aside: reported while no newer error is. */
    private final String openNotice;

    /** The stored figures after a commit. */
    private record Figures(long count, long inFlight, long bytes, long oldestEnqueuedAt) {
        long pending() {
            return count - inFlight;
        }
    }

    QueueMetrics(Ledger opened, long nowMillis, String openNotice) {
        this.enqueueRate = new Rate(nowMillis);
        this.ackRate = new Rate(nowMillis);
        this.openNotice = openNotice;
        this.figures = new Figures(opened.count(), opened.inFlightCount(), opened.bytes(), opened.oldestEnqueuedAt());
    }

    /** Publishes the figures of a commit and wakes waiters when a message is pending. */
    void publish(Ledger ledger) {
        Figures f = new Figures(ledger.count(), ledger.inFlightCount(), ledger.bytes(), ledger.oldestEnqueuedAt());
        lock.lock();
        try {
            figures = f;
            if (f.pending() > 0) {
                pendingArrived.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Counts what a committed transaction did. */
    void committed(Ledger.Changes c, long nowMillis) {
        if (c.enqueued() > 0) {
            enqueued.addAndGet(c.enqueued());
            enqueueRate.add(c.enqueued(), nowMillis);
        }
        if (c.acked() > 0) {
            acked.addAndGet(c.acked());
            ackRate.add(c.acked(), nowMillis);
        }
        if (c.evicted() > 0) {
            evicted.addAndGet(c.evicted());
        }
        if (c.expired() > 0) {
            expired.addAndGet(c.expired());
        }
        lastError = null;
    }

    long evictedTotal() {
        return evicted.get();
    }

    /** @return the rejections since open, this one included */
    long rejected() {
        return rejected.incrementAndGet();
    }

    void error(String line) {
        lastError = line;
    }

    long pending() {
        return figures.pending();
    }

    boolean isClosed() {
        return closed;
    }

    /** Marks the queue closed and wakes every waiter. */
    void close() {
        lock.lock();
        try {
            closed = true;
            pendingArrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** @see SqliteQueue#awaitPending(long, TimeUnit) */
    boolean awaitPending(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            while (true) {
                if (closed) {
                    return false;
                }
                if (figures.pending() > 0) {
                    return true;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                pendingArrived.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    QueueStats stats(QueueSettings settings, long nowMillis) {
        Figures f = figures;
        Duration oldest = f.count() == 0 ? Duration.ZERO
                : Duration.ofMillis(Math.max(0, nowMillis - f.oldestEnqueuedAt()));
        String error = lastError;
        return QueueStats.builder(settings.name()).depth(f.count(), f.inFlight(), f.bytes()).oldestAge(oldest)
                .capacity(settings.capacityMessages(), settings.capacityBytes())
                .counters(enqueued.get(), acked.get(), evicted.get(), expired.get(), rejected.get())
                .rates(enqueueRate.perSecond(nowMillis), ackRate.perSecond(nowMillis))
                .lastError(error != null ? error : openNotice).build();
    }
}
