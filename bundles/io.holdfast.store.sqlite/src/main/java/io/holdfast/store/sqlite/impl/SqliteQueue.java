package io.holdfast.store.sqlite.impl;

import io.holdfast.api.queue.DurableQueue;
import io.holdfast.api.queue.OutboundMessage;
import io.holdfast.api.queue.QueueException;
import io.holdfast.api.queue.QueueException.Reason;
import io.holdfast.api.queue.QueueStats;
import io.holdfast.api.queue.QueuedMessage;
import io.holdfast.api.status.GatewayStatus;
import io.holdfast.api.status.StatusProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable queue on SQLite.
 * <p>
 * One writer thread owns the connection and runs every change: it drains whatever requests are waiting (enqueues,
 * takes, acks) into one transaction, so that concurrent producers share one commit and one fsync (group commit). The
 * figures that {@link #stats()} reports are kept in memory by the writer and published after each commit, so reading
 * them never touches the file. A configuration change reactivates the component: the new instance reopens the file.
 */
// immediate: a delayed component would close the file whenever its last consumer lets go, stop housekeeping meanwhile,
// and report a corrupt file only at first use
@Component(name = SqliteQueue.PID, immediate = true, configurationPolicy = ConfigurationPolicy.OPTIONAL, service = {
        DurableQueue.class, StatusProvider.class, ConfigurableComponent.class }, property = {
                Constants.SERVICE_PID + "=" + SqliteQueue.PID, "kura.service.pid=" + SqliteQueue.PID })
@Designate(ocd = SqliteQueueConfig.class)
public final class SqliteQueue implements DurableQueue, StatusProvider, ConfigurableComponent, AutoCloseable {

    /** Component name, configuration PID and metatype OCD id. */
    public static final String PID = "io.holdfast.store.sqlite.SqliteQueue";

    private static final Logger LOG = LoggerFactory.getLogger(SqliteQueue.class);
    private static final int PRIORITIES = OutboundMessage.PRIORITY_LOWEST + 1;
    /** Requests per transaction: bounds the latency a big burst adds to the request at its end. */
    private static final int MAX_BATCH = 4096;
    /** Asynchronous enqueues waiting for their commit, beyond which enqueueAsync rejects (CAPACITY). */
    static final int MAX_ASYNC_WAITING = 65_536;
    static final long MAX_ASYNC_WAITING_BYTES = 64L * 1024 * 1024;
    private static final int EXPIRE_CHUNK = 2000;
    private static final int VACUUM_CHUNK_PAGES = 1024;
    /** Free pages below which housekeeping does not bother giving space back (512 KiB of 4 KiB pages). */
    static final long VACUUM_MIN_FREE_PAGES = 128;
    private static final DateTimeFormatter CORRUPT_SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final QueueSettings settings;
    private final Clock clock;
    private final RateLimitedLog warnings = new RateLimitedLog(LOG);

    private final LinkedBlockingQueue<Op> requests = new LinkedBlockingQueue<>();
    /** Read-locked to submit, write-locked to close: nothing is accepted once the close request is queued. */
    private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
    private boolean closing;
    private final Thread writer;
    private final ExecutorService callbacks;
    private volatile Thread callbackThread;

    private final ReentrantLock figuresLock = new ReentrantLock();
    private final Condition pendingArrived = figuresLock.newCondition();
    private volatile Figures figures;
    private volatile boolean closed;

    private final AtomicLong enqueuedTotal = new AtomicLong();
    private final AtomicLong ackedTotal = new AtomicLong();
    private final AtomicLong evictedTotal = new AtomicLong();
    private final AtomicLong expiredTotal = new AtomicLong();
    private final AtomicLong rejectedTotal = new AtomicLong();
    private final AtomicLong asyncWaiting = new AtomicLong();
    private final AtomicLong asyncWaitingBytes = new AtomicLong();
    private final Rate enqueueRate;
    private final Rate ackRate;
    private volatile String lastError;
    /** Set when the file was found corrupt at open and moved aside: reported while no newer error is. */
    private final String openNotice;

    // ---- owned by the writer thread (and by the constructor before the thread starts) ----
    private final QueueStore store;
    private long lastId;
    private long count;
    private long bytes;
    private final long[] pendingByPriority = new long[PRIORITIES];
    /** In-flight messages: id to (size << 4 | priority). Bounded by what the sender took and did not settle. */
    private final TreeMap<Long, Long> inFlight = new TreeMap<>();
    private long oldestEnqueuedAt;
    private boolean housekeepingRunning;
    private long nextHousekeepingNanos;
    private final Transaction tx = new Transaction();

    /** What {@link #stats()} and {@link #awaitPending} read; replaced after every commit. */
    private record Figures(long count, long inFlight, long bytes, long oldestEnqueuedAt) {
        long pending() {
            return count - inFlight;
        }
    }

    /**
     * Activates the component: opens (or creates) the queue file.
     *
     * @param config
     *            the configuration
     * @param context
     *            for the data directory
     */
    @Activate
    public SqliteQueue(SqliteQueueConfig config, BundleContext context) {
        this(QueueSettings.from(config, context::getProperty, context::getDataFile, LOG), Clock.systemUTC());
    }

    /**
     * Opens a queue with explicit settings, for tests and tools.
     *
     * @param settings
     *            the settings
     * @param clock
     *            the clock for enqueue times, expiry and rates
     *
     * @throws IllegalStateException
     *             if the file cannot be opened or created
     */
    SqliteQueue(QueueSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.enqueueRate = new Rate(clock.millis());
        this.ackRate = new Rate(clock.millis());
        String notice = null;
        QueueStore.Opened opened;
        Path file = settings.file();
        try {
            Files.createDirectories(file.getParent());
        } catch (java.nio.file.FileAlreadyExistsException e) {
            throw new IllegalStateException("Queue " + settings.name() + ": cannot create the directory "
                    + file.getParent() + ": a file that is not a directory is in the way", e);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "Queue " + settings.name() + ": cannot create the directory " + file.getParent() + ": " + e, e);
        }
        if (!Files.isWritable(file.getParent())) {
            throw new IllegalStateException(
                    "Queue " + settings.name() + ": the directory " + file.getParent() + " is not writable");
        }
        try {
            try {
                opened = QueueStore.open(file, settings.durability());
            } catch (QueueStore.CorruptFileException corrupt) {
                Path aside;
                try {
                    aside = moveAside(file);
                } finally {
                    corrupt.closeConnection();
                }
                notice = "the queue file " + file + " was corrupt (" + corrupt.getMessage() + "); moved aside to "
                        + aside.getFileName() + " and started an empty queue";
                LOG.error("Queue {}: {}", settings.name(), notice);
                opened = QueueStore.open(file, settings.durability());
            }
        } catch (SQLException | QueueStore.CorruptFileException e) {
            throw new IllegalStateException("Queue " + settings.name() + ": cannot open " + file + ": "
                    + (e instanceof SQLException s ? QueueStore.oneLine(s) : e.getMessage()), e);
        } catch (IOException e) {
            throw new IllegalStateException("Queue " + settings.name() + ": cannot move the corrupt file " + file
                    + " aside (it was left in place): " + e, e);
        }
        this.openNotice = notice;
        this.store = opened.store();
        QueueStore.Contents contents = opened.contents();
        this.lastId = contents.lastId();
        this.count = contents.count();
        this.bytes = contents.bytes();
        System.arraycopy(contents.countByPriority(), 0, pendingByPriority, 0, PRIORITIES);
        this.oldestEnqueuedAt = contents.oldestEnqueuedAt();
        this.figures = new Figures(count, 0, bytes, oldestEnqueuedAt);
        this.nextHousekeepingNanos = System.nanoTime() + settings.housekeepingInterval().toNanos();
        LOG.info(
                "Queue {}: opened {} ({} messages, {} bytes, {} returned from in flight; durability {}, capacity {} "
                        + "messages / {} bytes, {})",
                settings.name(), file, count, bytes, contents.requeued(), settings.durability(),
                settings.capacityMessages(), settings.capacityBytes(), settings.overflowPolicy());
        this.callbacks = Executors.newSingleThreadExecutor(r -> callbackThread = daemon(r, "callbacks"));
        this.writer = daemon(this::runWriter, "writer");
        writer.start();
    }

    private Thread daemon(Runnable r, String role) {
        Thread t = new Thread(r, "holdfast-queue-" + settings.name() + "-" + role);
        t.setDaemon(true);
        return t;
    }

    /** Moves a corrupt file and its WAL and shared-memory files aside, under one timestamped name; never deletes. */
    private Path moveAside(Path file) throws IOException {
        String stamp = LocalDateTime.now(clock.withZone(java.time.ZoneId.systemDefault())).format(CORRUPT_SUFFIX);
        Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + stamp);
        for (int n = 1; Files.exists(aside); n++) {
            aside = file.resolveSibling(file.getFileName() + ".corrupt-" + stamp + "-" + n);
        }
        for (String suffix : new String[] { "-wal", "-shm" }) {
            Path side = file.resolveSibling(file.getFileName() + suffix);
            if (Files.exists(side)) {
                Files.move(side, aside.resolveSibling(aside.getFileName() + suffix), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
        return aside;
    }

    /** Deactivates the component: see {@link #close()}. */
    @Deactivate
    void deactivate() {
        close();
    }

    /**
     * Closes the queue: new calls fail with {@link Reason#UNAVAILABLE} and waiters in {@link #awaitPending} return at
     * once, while every request accepted before is still committed (or failed explicitly); then the file is
     * checkpointed and closed. Returns when the file is closed.
     */
    @Override
    public void close() {
        gate.writeLock().lock();
        try {
            if (!closing) {
                closing = true;
                requests.add(new CloseOp());
            }
        } finally {
            gate.writeLock().unlock();
        }
        figuresLock.lock();
        try {
            closed = true;
            pendingArrived.signalAll();
        } finally {
            figuresLock.unlock();
        }
        boolean interrupted = false;
        while (writer.isAlive()) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        callbacks.shutdown();
        try {
            // a callback that closes the queue must not wait for itself
            while (Thread.currentThread() != callbackThread && !callbacks.awaitTermination(1, TimeUnit.MINUTES)) {
                LOG.warn("Queue {}: still waiting for enqueueAsync callbacks to return", settings.name());
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------------------------------------ the API

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public long enqueue(OutboundMessage message) throws QueueException {
        if (message == null) {
            throw new QueueException(Reason.INVALID, "message is null");
        }
        return await(submit(new EnqueueOp(message, new CompletableFuture<>(), false)).result);
    }

    @Override
    public CompletionStage<Long> enqueueAsync(OutboundMessage message) {
        CompletableFuture<Long> result = new CompletableFuture<>();
        if (message == null) {
            result.completeExceptionally(new QueueException(Reason.INVALID, "message is null"));
            return result;
        }
        long size = message.payload().length;
        long waiting = asyncWaiting.incrementAndGet();
        long waitingBytes = asyncWaitingBytes.addAndGet(size);
        if (waiting > MAX_ASYNC_WAITING || waitingBytes > MAX_ASYNC_WAITING_BYTES) {
            asyncWaiting.decrementAndGet();
            asyncWaitingBytes.addAndGet(-size);
            rejectedTotal.incrementAndGet();
            result.completeExceptionally(new QueueException(Reason.CAPACITY, "queue " + name() + ": " + (waiting - 1)
                    + " asynchronous enqueues are waiting for their commit; retry when some have completed"));
            return result;
        }
        try {
            submit(new EnqueueOp(message, result, true));
        } catch (QueueException e) {
            asyncWaiting.decrementAndGet();
            asyncWaitingBytes.addAndGet(-size);
            result.completeExceptionally(e);
        }
        return result;
    }

    @Override
    public List<QueuedMessage> take(int maxMessages, long maxBytes) throws QueueException {
        if (maxMessages < 1 || maxBytes < 0) {
            throw new QueueException(Reason.INVALID,
                    "take needs maxMessages >= 1 and maxBytes >= 0, got " + maxMessages + " and " + maxBytes);
        }
        if (figures.pending() == 0) {
            checkOpen();
            return List.of();
        }
        return await(submit(new TakeOp(maxMessages, maxBytes)).result);
    }

    @Override
    public boolean awaitPending(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        figuresLock.lockInterruptibly();
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
            figuresLock.unlock();
        }
    }

    @Override
    public void ack(long... ids) throws QueueException {
        if (ids == null || ids.length == 0) {
            checkOpen();
            return;
        }
        await(submit(new AckOp(ids.clone())).result);
    }

    @Override
    public int ackRange(long fromId, long toId) throws QueueException {
        if (fromId > toId) {
            checkOpen();
            return 0;
        }
        return await(submit(new AckRangeOp(fromId, toId)).result);
    }

    @Override
    public void requeue(long... ids) throws QueueException {
        if (ids == null || ids.length == 0) {
            checkOpen();
            return;
        }
        await(submit(new RequeueOp(ids.clone())).result);
    }

    @Override
    public int requeueInFlight() throws QueueException {
        return await(submit(new RequeueAllOp()).result);
    }

    @Override
    public QueueStats stats() {
        Figures f = figures;
        long now = clock.millis();
        Duration oldest = f.count() == 0 ? Duration.ZERO : Duration.ofMillis(Math.max(0, now - f.oldestEnqueuedAt()));
        String error = lastError;
        return QueueStats.builder(settings.name()).depth(f.count(), f.inFlight(), f.bytes()).oldestAge(oldest)
                .capacity(settings.capacityMessages(), settings.capacityBytes())
                .counters(enqueuedTotal.get(), ackedTotal.get(), evictedTotal.get(), expiredTotal.get(),
                        rejectedTotal.get())
                .rates(enqueueRate.perSecond(now), ackRate.perSecond(now)).lastError(error != null ? error : openNotice)
                .build();
    }

    @Override
    public GatewayStatus status() {
        return new GatewayStatus(clock.instant(), List.of(), List.of(), List.of(stats()), Map.of(), Map.of());
    }

    /** The settings in force, for tests and the log. */
    QueueSettings settings() {
        return settings;
    }

    /**
     * Runs a housekeeping pass now (expiry, vacuum, checkpoint) and waits for it, for tests and tools.
     *
     * @throws QueueException
     *             if the pass failed or the queue is closed
     */
    void housekeep() throws QueueException {
        await(submit(new HousekeepingStep(Phase.EXPIRE, new CompletableFuture<>())).done);
    }

    /** SQL run on the writer's connection outside any transaction, for tests (PRAGMA max_page_count, checks). */
    interface SqlFunction<T> {
        T apply(Connection c) throws SQLException;
    }

    <T> T onWriterConnection(SqlFunction<T> f) throws QueueException {
        return await(submit(new ConnectionOp<>(f)).result);
    }

    /** Requests waiting for the writer, for tests that line requests up into one batch. */
    int waitingRequests() {
        return requests.size();
    }

    // --------------------------------------------------------------------------------------------- submission

    private void checkOpen() throws QueueException {
        if (closed) {
            throw unavailable();
        }
    }

    private QueueException unavailable() {
        return new QueueException(Reason.UNAVAILABLE, "queue " + name() + " is closed");
    }

    private <O extends Op> O submit(O op) throws QueueException {
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

    private static <T> T await(CompletableFuture<T> f) throws QueueException {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof QueueException q) {
                // the writer's exception has the writer's stack; a fresh one points at the caller
                throw new QueueException(q.reason(), q.getMessage(), q);
            }
            throw new QueueException(Reason.IO_ERROR, "queue operation failed: " + e.getCause(), e.getCause());
        }
    }

    // ----------------------------------------------------------------------------------------- writer thread

    private void runWriter() {
        List<Op> drained = new ArrayList<>();
        List<Op> batch = new ArrayList<>();
        try {
            while (true) {
                scheduleHousekeeping();
                long waitNanos = housekeepingRunning ? Long.MAX_VALUE
                        : Math.max(0, nextHousekeepingNanos - System.nanoTime());
                Op first = requests.poll(Math.min(waitNanos, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
                if (first == null) {
                    continue;
                }
                drained.add(first);
                requests.drainTo(drained, MAX_BATCH - 1);
                for (Op op : drained) {
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
            LOG.error("Queue {}: writer interrupted; closing", name());
        } catch (Throwable t) {
            LOG.error("Queue {}: writer failed; closing", name(), t);
        }
        // only after an unexpected end: fail what is waiting and refuse the rest
        gate.writeLock().lock();
        try {
            closing = true;
        } finally {
            gate.writeLock().unlock();
        }
        finish(drained);
        figuresLock.lock();
        try {
            closed = true;
            pendingArrived.signalAll();
        } finally {
            figuresLock.unlock();
        }
    }

    private void scheduleHousekeeping() {
        if (!housekeepingRunning && System.nanoTime() - nextHousekeepingNanos >= 0) {
            housekeepingRunning = true;
            requests.add(new HousekeepingStep(Phase.EXPIRE, null));
        }
    }

    /** Closes the file; fails what is left (internal steps queued behind the close request). */
    private void finish(List<Op> leftovers) {
        List<Op> rest = new ArrayList<>(leftovers);
        requests.drainTo(rest);
        for (Op op : rest) {
            if (!(op instanceof CloseOp)) {
                op.fail(unavailable());
            }
        }
        try {
            store.checkpoint();
        } catch (SQLException e) {
            LOG.warn("Queue {}: final checkpoint failed ({}); SQLite replays the WAL at the next open", name(),
                    QueueStore.oneLine(e));
        }
        store.close();
        LOG.info("Queue {}: closed {} ({} messages stored)", name(), settings.file(), count);
    }

    private void runBatch(List<Op> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            inTransaction(() -> {
                for (Op op : batch) {
                    op.apply();
                }
            });
            for (Op op : batch) {
                op.succeed();
            }
        } catch (SQLException e) {
            QueueException failure = storageFailure(e);
            if (batch.size() == 1) {
                batch.get(0).fail(failure);
                return;
            }
            // one transaction per request, so that the one that failed fails alone, and acks (which free space) get
            // through a full disk while enqueues are refused
            boolean diskFull = failure.reason() == Reason.DISK_FULL;
            for (Op op : batch) {
                if (diskFull && op instanceof EnqueueOp) {
                    op.fail(failure);
                    continue;
                }
                try {
                    inTransaction(op::apply);
                    op.succeed();
                } catch (SQLException again) {
                    op.fail(storageFailure(again));
                } catch (RuntimeException bug) {
                    op.fail(internalFailure(bug));
                }
            }
        } catch (RuntimeException bug) {
            QueueException failure = internalFailure(bug);
            for (Op op : batch) {
                op.fail(failure);
            }
        }
    }

    private void runStandalone(Op op) {
        try {
            op.apply();
            op.succeed();
        } catch (SQLException e) {
            op.fail(storageFailure(e));
        } catch (RuntimeException bug) {
            op.fail(internalFailure(bug));
        }
    }

    private interface SqlBody {
        void run() throws SQLException;
    }

    /**
     * Runs changes in one transaction. On failure the in-memory figures are restored to what the file holds, and the
     * exception is rethrown.
     */
    private void inTransaction(SqlBody body) throws SQLException {
        tx.begin();
        try {
            store.begin();
            body.run();
            if (tx.lastIdBefore != lastId) {
                store.setLastId(lastId);
            }
            store.commit();
        } catch (SQLException | RuntimeException e) {
            store.rollback();
            tx.rollback();
            try {
                store.recover();
            } catch (SQLException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
        committed();
    }

    /** Publishes the figures of a commit. Never throws: the changes are durable already. */
    private void committed() {
        long now = clock.millis();
        if (tx.enqueued > 0) {
            enqueuedTotal.addAndGet(tx.enqueued);
            enqueueRate.add(tx.enqueued, now);
        }
        if (tx.acked > 0) {
            ackedTotal.addAndGet(tx.acked);
            ackRate.add(tx.acked, now);
        }
        if (tx.evicted > 0) {
            evictedTotal.addAndGet(tx.evicted);
            warnings.warn("evicted", "Queue " + name() + " is full: evicted " + tx.evicted
                    + " oldest message(s) of the least urgent priority (" + evictedTotal.get() + " since open)");
        }
        if (tx.expired > 0) {
            expiredTotal.addAndGet(tx.expired);
        }
        lastError = null;
        if (tx.removed) {
            try {
                oldestEnqueuedAt = count == 0 ? 0 : store.oldestEnqueuedAt();
            } catch (SQLException e) {
                // a read after a good commit failed: keep the previous age; the next removal reads it again
                storageFailure(e);
            }
        }
        publish();
    }

    private void publish() {
        Figures f = new Figures(count, inFlight.size(), bytes, oldestEnqueuedAt);
        figuresLock.lock();
        try {
            figures = f;
            if (f.pending() > 0) {
                pendingArrived.signalAll();
            }
        } finally {
            figuresLock.unlock();
        }
    }

    private QueueException storageFailure(SQLException e) {
        int code = e.getErrorCode() & 0xff;
        boolean full = code == QueueStore.SQLITE_FULL;
        String line = (full ? "disk full" : "storage error") + " on queue " + name() + " (" + settings.file() + "): "
                + QueueStore.oneLine(e);
        lastError = line;
        warnings.warn(full ? "full" : "io-" + code, line);
        return new QueueException(full ? Reason.DISK_FULL : Reason.IO_ERROR, line, e);
    }

    private QueueException internalFailure(RuntimeException bug) {
        String line = "internal error on queue " + name() + ": " + bug;
        lastError = line;
        LOG.error(line, bug);
        return new QueueException(Reason.IO_ERROR, line, bug);
    }

    private int highestPendingPriority() {
        for (int p = PRIORITIES - 1; p >= 0; p--) {
            if (pendingByPriority[p] > 0) {
                return p;
            }
        }
        return -1;
    }

    private void removed(QueueStore.Info m) {
        count--;
        bytes -= m.size();
        if (m.state() == QueueStore.STATE_PENDING) {
            pendingByPriority[m.priority()]--;
        }
        tx.removed = true;
    }

    private static long pack(int size, int priority) {
        return ((long) size << 4) | priority;
    }

    private static QueueStore.Info unpack(long id, long packed) {
        return new QueueStore.Info(id, (int) (packed & 0xf), (int) (packed >>> 4), QueueStore.STATE_IN_FLIGHT);
    }

    private void putInFlight(long id, long packed) {
        tx.inFlightUndo.add(new long[] { id, 0, 0 });
        inFlight.put(id, packed);
    }

    private void removeInFlight(long id) {
        Long before = inFlight.remove(id);
        if (before != null) {
            tx.inFlightUndo.add(new long[] { id, 1, before });
        }
    }

    /** Undo information and event counts of the transaction in progress. */
    private final class Transaction {
        long lastIdBefore;
        long countBefore;
        long bytesBefore;
        final long[] pendingBefore = new long[PRIORITIES];
        long oldestBefore;
        /** {id, 0, 0} for a put of a new id, {id, 1, previous} for a removal. */
        final List<long[]> inFlightUndo = new ArrayList<>();
        long enqueued;
        long acked;
        long evicted;
        long expired;
        boolean removed;

        void begin() {
            lastIdBefore = lastId;
            countBefore = count;
            bytesBefore = bytes;
            System.arraycopy(pendingByPriority, 0, pendingBefore, 0, PRIORITIES);
            oldestBefore = oldestEnqueuedAt;
            inFlightUndo.clear();
            enqueued = 0;
            acked = 0;
            evicted = 0;
            expired = 0;
            removed = false;
        }

        void rollback() {
            lastId = lastIdBefore;
            count = countBefore;
            bytes = bytesBefore;
            System.arraycopy(pendingBefore, 0, pendingByPriority, 0, PRIORITIES);
            oldestEnqueuedAt = oldestBefore;
            for (int i = inFlightUndo.size() - 1; i >= 0; i--) {
                long[] u = inFlightUndo.get(i);
                if (u[1] == 0) {
                    inFlight.remove(u[0]);
                } else {
                    inFlight.put(u[0], u[2]);
                }
            }
            inFlightUndo.clear();
        }
    }

    // --------------------------------------------------------------------------------------------- requests

    /** A request to the writer thread. */
    private abstract class Op {
        private boolean settled;

        /** Does the work; inside the batch's transaction unless {@link #standalone()}. May run again after a retry. */
        abstract void apply() throws SQLException;

        /** Delivers the result once the transaction has committed. */
        final void succeed() {
            if (!settled) {
                settled = true;
                onSuccess();
            }
        }

        /** Delivers a failure; nothing of the request was stored. */
        final void fail(QueueException e) {
            if (!settled) {
                settled = true;
                onFailure(e);
            }
        }

        abstract void onSuccess();

        abstract void onFailure(QueueException e);

        /** Runs alone, outside any transaction. */
        boolean standalone() {
            return false;
        }
    }

    private final class EnqueueOp extends Op {
        final OutboundMessage message;
        final CompletableFuture<Long> result;
        final boolean async;
        long id;
        QueueException rejection;

        EnqueueOp(OutboundMessage message, CompletableFuture<Long> result, boolean async) {
            this.message = message;
            this.result = result;
            this.async = async;
        }

        @Override
        void apply() throws SQLException {
            rejection = null;
            int size = message.payload().length;
            int priority = message.priority();
            if (size > settings.capacityBytes()) {
                rejection = capacity("a message of " + size + " bytes is larger than the capacity of "
                        + settings.capacityBytes() + " bytes");
                return;
            }
            while (count + 1 > settings.capacityMessages() || bytes + size > settings.capacityBytes()) {
                if (settings.overflowPolicy() == OverflowPolicy.REJECT_NEWEST) {
                    rejection = capacity("full (" + count + " messages, " + bytes + " bytes; capacity "
                            + settings.capacityMessages() + " messages, " + settings.capacityBytes() + " bytes)");
                    return;
                }
                int victims = highestPendingPriority();
                if (victims < 0) {
                    rejection = capacity("full, and every stored message is in flight");
                    return;
                }
                if (priority > victims) {
                    rejection = capacity("full of messages more urgent than priority " + priority);
                    return;
                }
                QueueStore.Info victim = store.oldestPending(victims);
                if (victim == null) {
                    throw new IllegalStateException("priority " + victims + " counts " + pendingByPriority[victims]
                            + " pending messages but none is stored");
                }
                store.delete(victim.id());
                removed(victim);
                tx.evicted++;
            }
            long now = clock.millis();
            long expiresAt = message.expiresAt() != null ? message.expiresAt().toEpochMilli()
                    : settings.ttl().isZero() ? Long.MAX_VALUE : now + settings.ttl().toMillis();
            id = ++lastId;
            store.insert(id, message, now, expiresAt);
            if (count == 0) {
                oldestEnqueuedAt = now;
            }
            count++;
            bytes += size;
            pendingByPriority[priority]++;
            tx.enqueued++;
        }

        private QueueException capacity(String why) {
            return new QueueException(Reason.CAPACITY, "queue " + name() + " rejected a message: " + why);
        }

        @Override
        void onSuccess() {
            if (rejection != null) {
                onFailure(rejection);
            } else {
                deliver(id, null);
            }
        }

        @Override
        void onFailure(QueueException e) {
            rejectedTotal.incrementAndGet();
            if (e.reason() == Reason.CAPACITY) {
                warnings.warn("rejected", e.getMessage() + " (" + rejectedTotal.get() + " rejected since open)");
            }
            deliver(0, e);
        }

        private void deliver(long value, QueueException e) {
            if (!async) {
                complete(value, e);
                return;
            }
            asyncWaiting.decrementAndGet();
            asyncWaitingBytes.addAndGet(-message.payload().length);
            // never run a caller's continuation on the writer thread: it could block the writer, or wait for it
            callbacks.execute(() -> complete(value, e));
        }

        private void complete(long value, QueueException e) {
            if (e == null) {
                result.complete(value);
            } else {
                result.completeExceptionally(e);
            }
        }
    }

    private final class TakeOp extends Op {
        final int maxMessages;
        final long maxBytes;
        final CompletableFuture<List<QueuedMessage>> result = new CompletableFuture<>();
        List<QueuedMessage> taken;

        TakeOp(int maxMessages, long maxBytes) {
            this.maxMessages = maxMessages;
            this.maxBytes = maxBytes;
        }

        @Override
        void apply() throws SQLException {
            taken = new ArrayList<>();
            long now = clock.millis();
            long takenBytes = 0;
            List<QueueStore.Row> rows = new ArrayList<>();
            List<QueueStore.Info> expired = new ArrayList<>();
            while (taken.size() < maxMessages && count - inFlight.size() > 0) {
                rows.clear();
                expired.clear();
                boolean full = store.pending(maxMessages - taken.size(), maxBytes, takenBytes, !taken.isEmpty(), now,
                        rows, expired);
                for (QueueStore.Info e : expired) {
                    store.delete(e.id());
                    removed(e);
                    tx.expired++;
                }
                for (QueueStore.Row r : rows) {
                    store.markInFlight(r.id());
                    pendingByPriority[r.priority()]--;
                    putInFlight(r.id(), pack(r.size(), r.priority()));
                    taken.add(new QueuedMessage(r.id(), r.message(), r.deliveryCount() + 1));
                    takenBytes += r.size();
                }
                if (full || expired.isEmpty()) {
                    break;
                }
            }
        }

        @Override
        void onSuccess() {
            result.complete(taken);
        }

        @Override
        void onFailure(QueueException e) {
            result.completeExceptionally(e);
        }
    }

    private final class AckOp extends Op {
        final long[] ids;
        final CompletableFuture<Void> result = new CompletableFuture<>();

        AckOp(long[] ids) {
            Arrays.sort(ids);
            this.ids = ids;
        }

        @Override
        void apply() throws SQLException {
            long previous = Long.MIN_VALUE;
            for (long id : ids) {
                if (id == previous) {
                    continue;
                }
                previous = id;
                Long packed = inFlight.get(id);
                QueueStore.Info m = packed != null ? unpack(id, packed) : store.info(id);
                if (m == null) {
                    continue;
                }
                store.delete(id);
                removeInFlight(id);
                removed(m);
                tx.acked++;
            }
        }

        @Override
        void onSuccess() {
            result.complete(null);
        }

        @Override
        void onFailure(QueueException e) {
            result.completeExceptionally(e);
        }
    }

    private final class AckRangeOp extends Op {
        final long fromId;
        final long toId;
        final CompletableFuture<Integer> result = new CompletableFuture<>();
        int acked;

        AckRangeOp(long fromId, long toId) {
            this.fromId = fromId;
            this.toId = toId;
        }

        @Override
        void apply() throws SQLException {
            NavigableMap<Long, Long> range = inFlight.subMap(fromId, true, toId, true);
            acked = range.size();
            if (acked == 0) {
                return;
            }
            int deleted = store.deleteInFlight(fromId, toId);
            if (deleted != acked) {
                throw new IllegalStateException(
                        "ackRange " + fromId + ".." + toId + " deleted " + deleted + " rows, " + acked + " in flight");
            }
            for (Map.Entry<Long, Long> e : new ArrayList<>(range.entrySet())) {
                removeInFlight(e.getKey());
                removed(unpack(e.getKey(), e.getValue()));
            }
            tx.acked += acked;
        }

        @Override
        void onSuccess() {
            result.complete(acked);
        }

        @Override
        void onFailure(QueueException e) {
            result.completeExceptionally(e);
        }
    }

    private final class RequeueOp extends Op {
        final long[] ids;
        final CompletableFuture<Void> result = new CompletableFuture<>();

        RequeueOp(long[] ids) {
            this.ids = ids;
        }

        @Override
        void apply() throws SQLException {
            for (long id : ids) {
                Long packed = inFlight.get(id);
                if (packed == null) {
                    continue;
                }
                store.requeue(id);
                removeInFlight(id);
                pendingByPriority[(int) (packed & 0xf)]++;
            }
        }

        @Override
        void onSuccess() {
            result.complete(null);
        }

        @Override
        void onFailure(QueueException e) {
            result.completeExceptionally(e);
        }
    }

    private final class RequeueAllOp extends Op {
        final CompletableFuture<Integer> result = new CompletableFuture<>();
        int requeued;

        @Override
        void apply() throws SQLException {
            requeued = inFlight.size();
            if (requeued == 0) {
                return;
            }
            store.requeueAll();
            for (Map.Entry<Long, Long> e : new ArrayList<>(inFlight.entrySet())) {
                removeInFlight(e.getKey());
                pendingByPriority[(int) (e.getValue() & 0xf)]++;
            }
        }

        @Override
        void onSuccess() {
            result.complete(requeued);
        }

        @Override
        void onFailure(QueueException e) {
            result.completeExceptionally(e);
        }
    }

    private enum Phase {
        EXPIRE, VACUUM, CHECKPOINT
    }

    /**
     * One step of a housekeeping pass. Each step is short and queues the next one behind the requests that arrived
     * meanwhile, so that a pass over a big backlog never holds enqueues up for long.
     */
    private final class HousekeepingStep extends Op {
        final Phase phase;
        final CompletableFuture<Void> done;

        HousekeepingStep(Phase phase, CompletableFuture<Void> done) {
            this.phase = phase;
            this.done = done;
        }

        @Override
        boolean standalone() {
            return true;
        }

        @Override
        void apply() throws SQLException {
            switch (phase) {
            case EXPIRE -> {
                long now = clock.millis();
                int[] n = new int[1];
                inTransaction(() -> {
                    List<QueueStore.Info> expired = store.expired(now, EXPIRE_CHUNK);
                    for (QueueStore.Info e : expired) {
                        store.delete(e.id());
                        removed(e);
                    }
                    tx.expired += expired.size();
                    n[0] = expired.size();
                });
                next(n[0] == EXPIRE_CHUNK ? Phase.EXPIRE : Phase.VACUUM);
            }
            case VACUUM -> {
                long free = store.freePages();
                if (free >= VACUUM_MIN_FREE_PAGES && free * 4 >= store.pageCount()) {
                    inTransaction(() -> store.incrementalVacuum(VACUUM_CHUNK_PAGES));
                    long left = store.freePages();
                    // a file made without incremental auto-vacuum frees nothing: stop rather than spin
                    next(left > 0 && left < free ? Phase.VACUUM : Phase.CHECKPOINT);
                } else {
                    next(Phase.CHECKPOINT);
                }
            }
            case CHECKPOINT -> {
                store.checkpoint();
                next(null);
            }
            }
        }

        private void next(Phase phase) {
            if (phase != null) {
                requests.add(new HousekeepingStep(phase, done));
            }
        }

        @Override
        void onSuccess() {
            if (phase == Phase.CHECKPOINT) {
                passOver();
                if (done != null) {
                    done.complete(null);
                }
            }
        }

        @Override
        void onFailure(QueueException e) {
            passOver();
            if (done != null) {
                done.completeExceptionally(e);
            }
        }

        private void passOver() {
            if (done == null) {
                housekeepingRunning = false;
                nextHousekeepingNanos = System.nanoTime() + settings.housekeepingInterval().toNanos();
            }
        }
    }

    private final class ConnectionOp<T> extends Op {
        final SqlFunction<T> function;
        final CompletableFuture<T> result = new CompletableFuture<>();
        T value;

        ConnectionOp(SqlFunction<T> function) {
            this.function = function;
        }

        @Override
        boolean standalone() {
            return true;
        }

        @Override
        void apply() throws SQLException {
            value = function.apply(store.connection());
        }

        @Override
        void onSuccess() {
            result.complete(value);
        }

        @Override
        void onFailure(QueueException e) {
            result.completeExceptionally(e);
        }
    }

    /** Marks the end of the request stream. */
    private final class CloseOp extends Op {
        @Override
        boolean standalone() {
            return true;
        }

        @Override
        void apply() {
            // handled by the writer loop
        }

        @Override
        void onSuccess() {
            // nothing waits on it
        }

        @Override
        void onFailure(QueueException e) {
            // nothing waits on it
        }
    }

    @Override
    public String toString() {
        return "SqliteQueue[" + name() + " " + settings.file() + "]";
    }
}
