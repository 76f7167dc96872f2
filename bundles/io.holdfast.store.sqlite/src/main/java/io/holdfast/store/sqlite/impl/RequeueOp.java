package io.holdfast.store.sqlite.impl;

import java.sql.SQLException;

/** Returns messages in flight to pending: the given ones, or all of them (then it returns how many). */
final class RequeueOp extends Op<Integer> {
    /** The ids, or null for every message in flight. */
    private final long[] ids;
    private int requeued;

    RequeueOp(long[] ids) {
        this.ids = ids;
    }

    /** @return a request that returns every message in flight to pending */
    static RequeueOp all() {
        return new RequeueOp(null);
    }

    @Override
    void apply(QueueWriter w) throws SQLException {
        Ledger ledger = w.ledger();
        if (ids == null) {
            requeued = ledger.inFlightCount();
            if (requeued > 0) {
                w.store().requeueAll();
                ledger.requeuedAll();
            }
            return;
        }
        requeued = 0;
        for (long id : ids) {
            if (ledger.inFlight(id) == null) {
                continue;
            }
            w.store().requeue(id);
            ledger.requeued(id);
            requeued++;
        }
    }

    @Override
    Integer value() {
        return requeued;
    }
}
