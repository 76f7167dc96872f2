package io.holdfast.store.sqlite.impl;

import java.sql.SQLException;
import java.util.Arrays;

/** Removes messages by id, pending or in flight; unknown ids are ignored. */
final class AckOp extends Op<Void> {
    private final long[] ids;

    AckOp(long[] ids) {
        Arrays.sort(ids);
        this.ids = ids;
    }

    @Override
    void apply(QueueWriter w) throws SQLException {
        long previous = Long.MIN_VALUE;
        for (long id : ids) {
            if (id == previous) {
                continue;
            }
            previous = id;
            QueueStore.Info m = w.ledger().inFlight(id);
            if (m == null) {
                m = w.store().info(id);
            }
            if (m == null) {
                continue;
            }
            w.store().delete(id);
            w.ledger().acked(m);
        }
    }

    @Override
    Void value() {
        return null;
    }
}
