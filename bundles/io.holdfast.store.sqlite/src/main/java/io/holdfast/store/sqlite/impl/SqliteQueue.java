package io.holdfast.store.sqlite.impl;

import io.holdfast.api.queue.CommittedReadings;
import io.holdfast.api.queue.DurableQueue;
import io.holdfast.api.queue.OutboundMessage;
import io.holdfast.api.queue.QueueException;
import io.holdfast.api.queue.QueueException.Reason;
import io.holdfast.api.queue.QueueStats;
import io.holdfast.api.queue.QueuedMessage;
import io.holdfast.api.queue.SeqRange;
import io.holdfast.api.status.GatewayStatus;
import io.holdfast.api.status.StatusProvider;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable queue on SQLite: the component, and the facade of the pieces that do the work.
 * <p>
 * {@link QueueFile} opens the file; one {@link QueueWriter} thread owns the connection and the {@link Ledger} (what the
 * file holds) and runs every change as a request ({@link Op}) in group-committed transactions; {@link QueueMetrics}
 * holds what {@link #stats()} reports, published after each commit, so reading it never touches the file. A
 * configuration change reactivates the component: the new instance reopens the file.
 * <p>
 * Each factory configuration of {@link #PID} makes one queue (one file), as Kura's own message stores do, so that each
 * cloud connection can have its own; a consumer selects one by its {@code holdfast.queue.name}. Without any
 * configuration the component runs once on its defaults: the queue {@code default}. Declarative Services gives the
 * first factory configuration to that unconfigured instance, and brings it back when the last one is deleted.
 */
// immediate: a delayed component would close the file whenever its last consumer lets go, stop housekeeping meanwhile,
// and report a corrupt file only at first use
@Component(name = SqliteQueue.PID, immediate = true, configurationPolicy = ConfigurationPolicy.OPTIONAL, service = {
        DurableQueue.class, StatusProvider.class,
        ConfigurableComponent.class }, property = SqliteQueue.KURA_SERVICE_PID + "=" + SqliteQueue.PID)
// one queue per factory configuration (as Kura's own message stores); with none, the queue 'default' on its defaults.
// No service.pid of its own: DS would list it beside the configuration's (a String[] that Kura cannot track)
@Designate(ocd = SqliteQueueConfig.class, factory = true)
public final class SqliteQueue
        implements DurableQueue, CommittedReadings, StatusProvider, ConfigurableComponent, AutoCloseable {

    /**
     * Component name, factory configuration PID and metatype OCD id. A configured queue's service carries the
     * configuration's {@code service.pid} ({@code <PID>~<name>}) and {@code kura.service.pid} (this PID unless the
     * configuration sets one, as Kura does).
     */
    public static final String PID = "io.holdfast.store.sqlite.SqliteQueue";
    /** The property by which Kura tracks a ConfigurableComponent (Kura's ConfigurationService.KURA_SERVICE_PID). */
    static final String KURA_SERVICE_PID = "kura.service.pid";

    private static final Logger LOG = LoggerFactory.getLogger(SqliteQueue.class);

    private final QueueSettings settings;
    private final Clock clock;
    private final QueueMetrics metrics;
    private final AsyncBudget asyncBudget = new AsyncBudget();
    private final QueueWriter writer;
    private final QueueStore store;

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
        QueueFile.Opened opened = QueueFile.open(settings, clock, LOG);
        QueueStore.Contents contents = opened.contents();
        Ledger ledger = new Ledger(contents);
        this.metrics = new QueueMetrics(ledger, clock.millis(), opened.notice());
        LOG.info(
                "Queue {}: opened {} ({} messages, {} bytes, {} returned from in flight; durability {}, capacity {} "
                        + "messages / {} bytes, {})",
                settings.name(), settings.file(), contents.count(), contents.bytes(), contents.requeued(),
                settings.durability(), settings.capacityMessages(), settings.capacityBytes(),
                settings.overflowPolicy());
        this.store = opened.store();
        this.writer = new QueueWriter(settings, clock, LOG, store, ledger, metrics);
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
        writer.close();
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
        return await(writer.submit(new EnqueueOp(message, new CompletableFuture<>(), null)).result);
    }

    @Override
    public CompletionStage<Long> enqueueAsync(OutboundMessage message) {
        CompletableFuture<Long> result = new CompletableFuture<>();
        if (message == null) {
            result.completeExceptionally(new QueueException(Reason.INVALID, "message is null"));
            return result;
        }
        long size = message.payload().length;
        long waiting = asyncBudget.acquire(size);
        if (waiting >= 0) {
            metrics.rejected();
            result.completeExceptionally(new QueueException(Reason.CAPACITY, "queue " + name() + ": " + waiting
                    + " asynchronous enqueues are waiting for their commit; retry when some have completed"));
            return result;
        }
        try {
            writer.submit(new EnqueueOp(message, result, asyncBudget));
        } catch (QueueException e) {
            asyncBudget.release(size);
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
        if (metrics.pending() == 0) {
            checkOpen();
            return List.of();
        }
        return await(writer.submit(new TakeOp(maxMessages, maxBytes)).result);
    }

    @Override
    public boolean awaitPending(long timeout, TimeUnit unit) throws InterruptedException {
        return metrics.awaitPending(timeout, unit);
    }

    @Override
    public void ack(long... ids) throws QueueException {
        if (ids == null || ids.length == 0) {
            checkOpen();
            return;
        }
        await(writer.submit(new AckOp(ids.clone())).result);
    }

    @Override
    public int ackRange(long fromId, long toId) throws QueueException {
        if (fromId > toId) {
            checkOpen();
            return 0;
        }
        return await(writer.submit(new AckRangeOp(fromId, toId)).result);
    }

    @Override
    public void requeue(long... ids) throws QueueException {
        if (ids == null || ids.length == 0) {
            checkOpen();
            return;
        }
        await(writer.submit(new RequeueOp(ids.clone())).result);
    }

    @Override
    public int requeueInFlight() throws QueueException {
        return await(writer.submit(RequeueOp.all()).result);
    }

    /** Kept in the transactions that insert the messages, in the file's {@code seq_mark} table ({@link SeqMarks}). */
    @Override
    public List<SeqRange> committedSeqs(String deviceId) throws QueueException {
        checkOpen();
        return store.committedSeqs(deviceId);
    }

    @Override
    public QueueStats stats() {
        return metrics.stats(settings, clock.millis());
    }

    @Override
    public GatewayStatus status() {
        return new GatewayStatus(clock.instant(), List.of(), List.of(), List.of(stats()), Map.of(), Map.of());
    }

    // ------------------------------------------------------------------------------------- for tests and tools

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
        await(writer.submit(HousekeepingStep.requested()).result);
    }

    /** Runs SQL on the writer's connection outside any transaction, for tests (PRAGMA max_page_count, checks). */
    <T> T onWriterConnection(ConnectionOp.SqlFunction<T> f) throws QueueException {
        return await(writer.submit(new ConnectionOp<>(f)).result);
    }

    /** Requests waiting for the writer, for tests that line requests up into one batch. */
    int waitingRequests() {
        return writer.waiting();
    }

    // --------------------------------------------------------------------------------------------- submission

    private void checkOpen() throws QueueException {
        if (metrics.isClosed()) {
            throw writer.unavailable();
        }
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

    @Override
    public String toString() {
        return "SqliteQueue[" + name() + " " + settings.file() + "]";
    }
}
