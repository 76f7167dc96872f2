package io.holdfast.store.sqlite.impl;

import io.holdfast.api.queue.OutboundMessage;
import io.holdfast.api.queue.QueueException;
import io.holdfast.api.queue.QueueException.Reason;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;

/**
 * Stores one message, evicting by the overflow policy when the queue is at capacity. A rejection commits nothing and is
 * delivered as a failure after the batch.
 */
final class EnqueueOp extends Op<Long> {
    private final OutboundMessage message;
    /** For an asynchronous enqueue: the budget it holds until its result is delivered; null for a blocking one. */
    private final AsyncBudget budget;
    private long id;
    private QueueException rejection;

    EnqueueOp(OutboundMessage message, CompletableFuture<Long> result, AsyncBudget budget) {
        super(result);
        this.message = message;
        this.budget = budget;
    }

    @Override
    void apply(QueueWriter w) throws SQLException {
        rejection = null;
        QueueSettings settings = w.settings();
        Ledger ledger = w.ledger();
        int size = message.payload().length;
        int priority = message.priority();
        if (size > settings.capacityBytes()) {
            rejection = capacity(w, "a message of " + size + " bytes is larger than the capacity of "
                    + settings.capacityBytes() + " bytes");
            return;
        }
        while (ledger.count() + 1 > settings.capacityMessages() || ledger.bytes() + size > settings.capacityBytes()) {
            if (settings.overflowPolicy() == OverflowPolicy.REJECT_NEWEST) {
                rejection = capacity(w, "full (" + ledger.count() + " messages, " + ledger.bytes() + " bytes; capacity "
                        + settings.capacityMessages() + " messages, " + settings.capacityBytes() + " bytes)");
                return;
            }
            int victims = ledger.highestPendingPriority();
            if (victims < 0) {
                rejection = capacity(w, "full, and every stored message is in flight");
                return;
            }
            if (priority > victims) {
                rejection = capacity(w, "full of messages more urgent than priority " + priority);
                return;
            }
            QueueStore.Info victim = w.store().oldestPending(victims);
            if (victim == null) {
                throw new IllegalStateException("priority " + victims + " counts " + ledger.pendingOf(victims)
                        + " pending messages but none is stored");
            }
            w.store().delete(victim.id());
            ledger.evicted(victim);
        }
        long now = w.clock().millis();
        long expiresAt = message.expiresAt() != null ? message.expiresAt().toEpochMilli()
                : settings.ttl().isZero() ? Long.MAX_VALUE : now + settings.ttl().toMillis();
        id = ledger.nextId();
        w.store().insert(id, message, now, expiresAt);
        ledger.enqueued(priority, size, now);
    }

    private static QueueException capacity(QueueWriter w, String why) {
        return new QueueException(Reason.CAPACITY, "queue " + w.name() + " rejected a message: " + why);
    }

    @Override
    Long value() {
        return id;
    }

    @Override
    void onSuccess(QueueWriter w) {
        if (rejection != null) {
            onFailure(w, rejection);
        } else {
            w.enqueueStored();
            deliver(w, id, null);
        }
    }

    @Override
    void onFailure(QueueWriter w, QueueException e) {
        long rejected = w.metrics().rejected();
        if (e.reason() == Reason.CAPACITY) {
            w.warnings().warn("rejected", e.getMessage() + " (" + rejected + " rejected since open)");
        } else if (e.reason() == Reason.DISK_FULL) {
            w.enqueueRefusedForFullDisk();
        }
        deliver(w, 0, e);
    }

    private void deliver(QueueWriter w, long value, QueueException e) {
        if (budget == null) {
            complete(value, e);
            return;
        }
        budget.release(message.payload().length);
        // never run a caller's continuation on the writer thread: it could block the writer, or wait for it
        w.callbacks().execute(() -> complete(value, e));
    }

    private void complete(long value, QueueException e) {
        if (e == null) {
            result.complete(value);
        } else {
            result.completeExceptionally(e);
        }
    }
}
