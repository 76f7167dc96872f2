package io.holdfast.store.sqlite.impl;

import io.holdfast.api.queue.QueuedMessage;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Marks the most urgent pending messages in flight and returns them; expired ones met on the way are removed. */
final class TakeOp extends Op<List<QueuedMessage>> {
    private final int maxMessages;
    private final long maxBytes;
    private List<QueuedMessage> taken;

    TakeOp(int maxMessages, long maxBytes) {
        this.maxMessages = maxMessages;
        this.maxBytes = maxBytes;
    }

    @Override
    void apply(QueueWriter w) throws SQLException {
        QueueStore store = w.store();
        Ledger ledger = w.ledger();
        store.returnLeftInFlight();
        taken = new ArrayList<>();
        long now = w.clock().millis();
        long takenBytes = 0;
        List<QueueStore.Row> rows = new ArrayList<>();
        List<QueueStore.Info> expired = new ArrayList<>();
        while (taken.size() < maxMessages && ledger.pending() > 0) {
            rows.clear();
            expired.clear();
            boolean full = store.pending(maxMessages - taken.size(), maxBytes, takenBytes, !taken.isEmpty(), now, rows,
                    expired);
            for (QueueStore.Info e : expired) {
                store.delete(e.id());
                ledger.expired(e);
            }
            for (QueueStore.Row r : rows) {
                store.markInFlight(r.id());
                ledger.taken(r.id(), r.priority(), r.size());
                taken.add(new QueuedMessage(r.id(), r.message(), r.deliveryCount() + 1));
                takenBytes += r.size();
            }
            if (full || expired.isEmpty()) {
                break;
            }
        }
    }

    @Override
    List<QueuedMessage> value() {
        return taken;
    }
}
