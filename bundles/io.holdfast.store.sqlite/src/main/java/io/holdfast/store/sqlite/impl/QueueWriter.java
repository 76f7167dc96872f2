package io.holdfast.store.sqlite.impl;

import io.holdfast.api.queue.QueueException;
import io.holdfast.api.queue.QueueException.Reason;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;

/**
 * The writer thread: the only user of the queue's connection and ledger. It drains whatever requests are waiting (up to
 * {@value #MAX_BATCH}) into one transaction, so that concurrent producers share one commit and one fsync (group
 * commit), and publishes the figures after each commit. If a batch fails, it is rolled back and its requests run one
 * transaction each, so that only the failing one fails. Housekeeping passes are queued behind the requests on a
 * schedule.
 */
final class QueueWriter {
    /** Requests per transaction: bounds the latency a big burst adds to the request at its end. */
    static final int MAX_BATCH = 4096;
    /** Enqueues stored for this long without a refusal end a full-disk period. */
    static final int SPACE_BACK_SECONDS = 5;

    private final QueueSettings settings;
    private final Clock clock;
    private final Logger log;
    private final RateLimitedLog warnings;
    private final QueueStore store;
    private final Ledger ledger;
    private final QueueMetrics metrics;

    private final LinkedBlockingQueue<Op<?>> requests = new LinkedBlockingQueue<>();
    /** Read-locked to submit, write-locked to close: nothing is accepted once the close request is queued. */
    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
    private boolean closing;
    private final Thread thread;
    private final ExecutorService callbacks;
    private volatile Thread callbackThread;

    // ---- owned by the writer thread ----
    private boolean housekeepingRunning;
    private long nextHousekeepingNanos;
    /** When the first enqueue was refused for a full disk (nanoTime), 0 while enqueues are stored. */
    private long diskFullSince;
    private long refusedWhileFull;
    /** Since when enqueues are stored again without a refusal (nanoTime), 0 while refused or not full. */
    private long storedSince;

    /** A body of changes run in one transaction. */
    interface SqlBody {
        void run() throws SQLException;
    }

    QueueWriter(QueueSettings settings, Clock clock, Logger log, QueueStore store, Ledger ledger,
            QueueMetrics metrics) {
        this.settings = settings;
        this.clock = clock;
        this.log = log;
        this.warnings = new RateLimitedLog(log);
        this.store = store;
        this.ledger = ledger;
        this.metrics = metrics;
        this.nextHousekeepingNanos = System.nanoTime() + settings.housekeepingInterval().toNanos();
        this.callbacks = Executors.newSingleThreadExecutor(r -> callbackThread = daemon(r, "callbacks"));
        this.thread = daemon(this::run, "writer");
        thread.start();
    }

    private Thread daemon(Runnable r, String role) {
        Thread t = new Thread(r, "holdfast-queue-" + settings.name() + "-" + role);
        t.setDaemon(true);
        return t;
    }

    // ------------------------------------------------------------------------------- for callers (any thread)

    /**
     * Queues a request for the writer.
     *
     * @throws QueueException
     *             UNAVAILABLE once the queue is closing
     */
    <O extends Op<?>> O submit(O op) throws QueueException {
        Lock lock = gate.readLock();
        lock.lock();
        try {
            if (closing) {
                throw unavailable();
            }
            requests.add(op);
        } finally {
            lock.unlock();
        }
        return op;
    }

    /** Refuses new requests, lets the writer finish every request accepted before, and waits until it has. */
    void close() {
        gate.writeLock().lock();
        try {
            if (!closing) {
                closing = true;
                requests.add(new CloseOp());
            }
        } finally {
            gate.writeLock().unlock();
        }
        metrics.close();
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        callbacks.shutdown();
        try {
            // a callback that closes the queue must not wait for itself
            while (Thread.currentThread() != callbackThread && !callbacks.awaitTermination(1, TimeUnit.MINUTES)) {
                log.warn("Queue {}: still waiting for enqueueAsync callbacks to return", name());
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Requests waiting for the writer, for tests that line requests up into one batch. */
    int waiting() {
        return requests.size();
    }

    QueueException unavailable() {
        return new QueueException(Reason.UNAVAILABLE, "queue " + name() + " is closed");
    }

    // ------------------------------------------------------------------------------- for requests (writer thread)

    String name() {
        return settings.name();
    }

    QueueSettings settings() {
        return settings;
    }

    Clock clock() {
        return clock;
    }

    QueueStore store() {
        return store;
    }

    Ledger ledger() {
        return ledger;
    }

    QueueMetrics metrics() {
        return metrics;
    }

    RateLimitedLog warnings() {
        return warnings;
    }

    /** Where results of asynchronous enqueues are delivered: never the writer thread. */
    Executor callbacks() {
        return callbacks;
    }

    /** An enqueue was refused because the disk is full: the start of a full-disk period, or one more refusal in it. */
    void enqueueRefusedForFullDisk() {
        if (diskFullSince == 0) {
            diskFullSince = System.nanoTime() | 1;
        }
        refusedWhileFull++;
        storedSince = 0;
    }

    /**
     * An enqueue was stored. After a full-disk period, once enqueues have been stored for {@value #SPACE_BACK_SECONDS}
     * s without a refusal (a full disk still finds room for the odd message), one line says that space is back and how
     * long it lacked. It goes to a log file that has room again, where the lines of the full period may be missing.
     */
    void enqueueStored() {
        if (diskFullSince == 0) {
            return;
        }
        long now = System.nanoTime();
        if (storedSince == 0) {
            storedSince = now | 1;
        } else if (now - storedSince >= TimeUnit.SECONDS.toNanos(SPACE_BACK_SECONDS)) {
            long seconds = TimeUnit.NANOSECONDS.toSeconds(storedSince - diskFullSince);
            log.info(
                    "Queue {}: disk space is back, enqueues are stored again after {} s of full disk ({} refused "
                            + "meanwhile, reason DISK_FULL: their senders kept them)",
                    name(), seconds, refusedWhileFull);
            diskFullSince = 0;
            refusedWhileFull = 0;
            storedSince = 0;
        }
    }

    /** Queues an internal step behind the requests waiting (also while closing: the close fails it). */
    void queue(Op<?> op) {
        requests.add(op);
    }

    /** A scheduled housekeeping pass ended: the next one is due an interval from now. */
    void housekeepingPassOver() {
        housekeepingRunning = false;
        nextHousekeepingNanos = System.nanoTime() + settings.housekeepingInterval().toNanos();
    }

    /**
     * Runs changes in one transaction. On failure the ledger is restored to what the file holds, and the exception is
     * rethrown.
     */
    void inTransaction(SqlBody body) throws SQLException {
        ledger.begin();
        try {
            store.begin();
            body.run();
            if (ledger.lastIdChanged()) {
                store.setLastId(ledger.lastId());
            }
            store.commit();
        } catch (SQLException | RuntimeException e) {
            store.rollback();
            ledger.rollback();
            try {
                store.recover();
            } catch (SQLException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
        committed();
    }

    // ------------------------------------------------------------------------------- the loop

    private void run() {
        List<Op<?>> drained = new ArrayList<>();
        List<Op<?>> batch = new ArrayList<>();
        try {
            while (true) {
                scheduleHousekeeping();
                long waitNanos = housekeepingRunning ? Long.MAX_VALUE
                        : Math.max(0, nextHousekeepingNanos - System.nanoTime());
                Op<?> first = requests.poll(Math.min(waitNanos, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
                if (first == null) {
                    continue;
                }
                drained.add(first);
                requests.drainTo(drained, MAX_BATCH - 1);
                for (Op<?> op : drained) {
                    if (!op.standalone()) {
                        batch.add(op);
                        continue;
                    }
                    runBatch(batch);
                    batch.clear();
                    if (op instanceof CloseOp) {
                        finish(drained.subList(drained.indexOf(op) + 1, drained.size()));
                        return;
                    }
                    runStandalone(op);
                }
                runBatch(batch);
                batch.clear();
                drained.clear();
            }
        } catch (InterruptedException e) {
            log.error("Queue {}: writer interrupted; closing", name());
        } catch (Throwable t) {
            log.error("Queue {}: writer failed; closing", name(), t);
        }
        // only after an unexpected end: fail what is waiting and refuse the rest
        gate.writeLock().lock();
        try {
            closing = true;
        } finally {
            gate.writeLock().unlock();
        }
        finish(drained);
        metrics.close();
    }

    private void scheduleHousekeeping() {
        if (!housekeepingRunning && System.nanoTime() - nextHousekeepingNanos >= 0) {
            housekeepingRunning = true;
            requests.add(HousekeepingStep.scheduled());
        }
    }

    /** Closes the file; fails what is left (internal steps queued behind the close request). */
    private void finish(List<Op<?>> leftovers) {
        List<Op<?>> rest = new ArrayList<>(leftovers);
        requests.drainTo(rest);
        for (Op<?> op : rest) {
            if (!(op instanceof CloseOp)) {
                op.fail(this, unavailable());
            }
        }
        try {
            store.checkpoint();
        } catch (SQLException e) {
            log.warn("Queue {}: final checkpoint failed ({}); SQLite replays the WAL at the next open", name(),
                    QueueStore.oneLine(e));
        }
        store.close();
        log.info("Queue {}: closed {} ({} messages stored)", name(), settings.file(), ledger.count());
    }

    private void runBatch(List<Op<?>> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            inTransaction(() -> {
                for (Op<?> op : batch) {
                    op.apply(this);
                }
            });
            for (Op<?> op : batch) {
                op.succeed(this);
            }
        } catch (SQLException e) {
            QueueException failure = storageFailure(e);
            if (batch.size() == 1) {
                batch.get(0).fail(this, failure);
                return;
            }
            // one transaction per request, so that the one that failed fails alone, and acks (which free space) get
            // through a full disk while enqueues are refused
            boolean diskFull = failure.reason() == Reason.DISK_FULL;
            for (Op<?> op : batch) {
                if (diskFull && op instanceof EnqueueOp) {
                    op.fail(this, failure);
                    continue;
                }
                try {
                    inTransaction(() -> op.apply(this));
                    op.succeed(this);
                } catch (SQLException again) {
                    op.fail(this, storageFailure(again));
                } catch (RuntimeException bug) {
                    op.fail(this, internalFailure(bug));
                }
            }
        } catch (RuntimeException bug) {
            QueueException failure = internalFailure(bug);
            for (Op<?> op : batch) {
                op.fail(this, failure);
            }
        }
    }

    private void runStandalone(Op<?> op) {
        try {
            op.apply(this);
            op.succeed(this);
        } catch (SQLException e) {
            op.fail(this, storageFailure(e));
        } catch (RuntimeException bug) {
            op.fail(this, internalFailure(bug));
        }
    }

    /** Counts and publishes what a commit did. Never throws: the changes are durable already. */
    private void committed() {
        Ledger.Changes changes = ledger.changes();
        metrics.committed(changes, clock.millis());
        if (changes.evicted() > 0) {
            warnings.warn("evicted", "Queue " + name() + " is full: evicted " + changes.evicted()
                    + " oldest message(s) of the least urgent priority (" + metrics.evictedTotal() + " since open)");
        }
        if (changes.removed()) {
            try {
                ledger.oldestEnqueuedAt(ledger.count() == 0 ? 0 : store.oldestEnqueuedAt());
            } catch (SQLException e) {
                // a read after a good commit failed: keep the previous age; the next removal reads it again
                storageFailure(e);
            }
        }
        metrics.publish(ledger);
    }

    private QueueException storageFailure(SQLException e) {
        int code = e.getErrorCode() & 0xff;
        boolean full = code == QueueStore.SQLITE_FULL;
        String line = (full ? "disk full" : "storage error") + " on queue " + name() + " (" + settings.file() + "): "
                + QueueStore.oneLine(e);
        metrics.error(line);
        warnings.warn(full ? "full" : "io-" + code, line);
        return new QueueException(full ? Reason.DISK_FULL : Reason.IO_ERROR, line, e);
    }

    private QueueException internalFailure(RuntimeException bug) {
        String line = "internal error on queue " + name() + ": " + bug;
        metrics.error(line);
        log.error(line, bug);
        return new QueueException(Reason.IO_ERROR, line, bug);
    }
}
