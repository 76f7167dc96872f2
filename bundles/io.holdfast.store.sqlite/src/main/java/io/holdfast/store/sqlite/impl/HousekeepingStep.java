package io.holdfast.store.sqlite.impl;

import io.holdfast.api.queue.QueueException;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One step of a housekeeping pass: remove expired messages, give free pages back, checkpoint the WAL. Each step is
 * short and queues the next one behind the requests that arrived meanwhile, so that a pass over a big backlog never
 * holds enqueues up for long.
 */
final class HousekeepingStep extends Op<Void> {
    private static final int EXPIRE_CHUNK = 2000;
    private static final int VACUUM_CHUNK_PAGES = 1024;
    /** Free pages below which housekeeping does not bother giving space back (512 KiB of 4 KiB pages). */
    static final long VACUUM_MIN_FREE_PAGES = 128;

    enum Phase {
        EXPIRE, VACUUM, CHECKPOINT
    }

    private final Phase phase;
    /** Whether a caller asked for this pass and waits for it ({@link #result}); else the writer's schedule did. */
    private final boolean requested;

    private HousekeepingStep(Phase phase, CompletableFuture<Void> done, boolean requested) {
        super(done);
        this.phase = phase;
        this.requested = requested;
    }

    /** @return the first step of a pass the writer's schedule started */
    static HousekeepingStep scheduled() {
        return new HousekeepingStep(Phase.EXPIRE, new CompletableFuture<>(), false);
    }

    /** @return the first step of a pass a caller waits for, on the returned step's {@link #result} */
    static HousekeepingStep requested() {
        return new HousekeepingStep(Phase.EXPIRE, new CompletableFuture<>(), true);
    }

    @Override
    boolean standalone() {
        return true;
    }

    @Override
    void apply(QueueWriter w) throws SQLException {
        QueueStore store = w.store();
        switch (phase) {
        case EXPIRE -> {
            long now = w.clock().millis();
            int[] n = new int[1];
            w.inTransaction(() -> {
                List<QueueStore.Info> expired = store.expired(now, EXPIRE_CHUNK);
                for (QueueStore.Info e : expired) {
                    store.delete(e.id());
                    w.ledger().expired(e);
                }
                n[0] = expired.size();
            });
            next(w, n[0] == EXPIRE_CHUNK ? Phase.EXPIRE : Phase.VACUUM);
        }
        case VACUUM -> {
            long free = store.freePages();
            if (free >= VACUUM_MIN_FREE_PAGES && free * 4 >= store.pageCount()) {
                w.inTransaction(() -> store.incrementalVacuum(VACUUM_CHUNK_PAGES));
                long left = store.freePages();
                // a file made without incremental auto-vacuum frees nothing: stop rather than spin
                next(w, left > 0 && left < free ? Phase.VACUUM : Phase.CHECKPOINT);
            } else {
                next(w, Phase.CHECKPOINT);
            }
        }
        case CHECKPOINT -> store.checkpoint();
        }
    }

    private void next(QueueWriter w, Phase next) {
        w.queue(new HousekeepingStep(next, result, requested));
    }

    @Override
    Void value() {
        return null;
    }

    @Override
    void onSuccess(QueueWriter w) {
        if (phase == Phase.CHECKPOINT) {
            passOver(w);
            result.complete(null);
        }
    }

    @Override
    void onFailure(QueueWriter w, QueueException e) {
        passOver(w);
        result.completeExceptionally(e);
    }

    private void passOver(QueueWriter w) {
        if (!requested) {
            w.housekeepingPassOver();
        }
    }
}
