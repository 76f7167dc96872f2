package io.holdfast.store.sqlite.impl;

import io.holdfast.api.queue.QueueException;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;

/**
 * A request to the writer thread. The writer runs {@link #apply} inside a transaction it shares with the other requests
 * waiting (unless {@link #standalone()}), then settles the request once: {@link #succeed} after the commit, or
 * {@link #fail}. A request whose batch failed may be applied again, alone.
 *
 * @param <T>
 *            what the caller waits for
 */
abstract class Op<T> {
    /** What the caller waits for. */
    final CompletableFuture<T> result;
    private boolean settled;

    Op() {
        this(new CompletableFuture<>());
    }

    Op(CompletableFuture<T> result) {
        this.result = result;
    }

    /** Does the work on the writer's connection and ledger. May run again after a retry. */
    abstract void apply(QueueWriter w) throws SQLException;

    /** @return the value the caller gets once the transaction has committed */
    abstract T value();

    /** Runs alone, outside any transaction. */
    boolean standalone() {
        return false;
    }

    /** Delivers the result once the transaction has committed. */
    final void succeed(QueueWriter w) {
        if (!settled) {
            settled = true;
            onSuccess(w);
        }
    }

    /** Delivers a failure; nothing of the request was stored. */
    final void fail(QueueWriter w, QueueException e) {
        if (!settled) {
            settled = true;
            onFailure(w, e);
        }
    }

    void onSuccess(QueueWriter w) {
        result.complete(value());
    }

    void onFailure(QueueWriter w, QueueException e) {
        result.completeExceptionally(e);
    }
}
