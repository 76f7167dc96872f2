package io.holdfast.store.sqlite.impl;

import java.sql.SQLException;
import java.util.List;

/** Removes the messages in flight with ids in a range; returns how many. */
final class AckRangeOp extends Op<Integer> {
    private final long fromId;
    private final long toId;
    private int acked;

    AckRangeOp(long fromId, long toId) {
        this.fromId = fromId;
        this.toId = toId;
    }

    @Override
    void apply(QueueWriter w) throws SQLException {
        List<QueueStore.Info> range = w.ledger().inFlightBetween(fromId, toId);
        acked = range.size();
        if (acked == 0) {
            return;
        }
        int deleted = w.store().deleteInFlight(fromId, toId);
        if (deleted != acked) {
            throw new IllegalStateException(
                    "ackRange " + fromId + ".." + toId + " deleted " + deleted + " rows, " + acked + " in flight");
        }
        for (QueueStore.Info m : range) {
            w.ledger().acked(m);
        }
    }

    @Override
    Integer value() {
        return acked;
    }
}
