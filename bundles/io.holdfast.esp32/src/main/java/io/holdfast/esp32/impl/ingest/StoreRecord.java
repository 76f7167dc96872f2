package io.holdfast.esp32.impl.ingest;

import io.holdfast.api.queue.CommittedReadings;
import io.holdfast.api.queue.SeqRange;
import java.util.List;
import org.eclipse.kura.cloudconnection.publisher.CloudPublisher;

/** What the bound publisher's store committed of a source ({@link CommittedReadings}), asked after a restart. */
final class StoreRecord {

    /**
     * What the store committed of a source: {@code runs} {@code null} when not known; {@code checkLater} when it may be
     * known once a publisher (or its queue) is bound.
     */
    record Committed(List<SeqRange> runs, boolean checkLater) {
    }

    private StoreRecord() {
    }

    /**
     * For a source seen the first time since the driver started. A publisher that keeps no such record (Kura's own)
     * gives nothing to check later: re-sent readings are published again, as without the record.
     */
    static Committed committed(CloudPublisher p, String source, BoundedLog log) {
        if (p == null) {
            return new Committed(null, true);
        }
        if (!(p instanceof CommittedReadings cr)) {
            return new Committed(null, false);
        }
        List<SeqRange> runs = lookup(cr, source, log);
        return new Committed(runs, runs == null);
    }

    /** The runs, or {@code null} when the publisher cannot say now (or failed to). */
    static List<SeqRange> lookup(CommittedReadings cr, String source, BoundedLog log) {
        try {
            return cr.committedSeqs(source);
        } catch (Exception | LinkageError e) {
            log.warn("committed", "Cannot read what the store committed of {}: {}", source, e.toString());
            return null;
        }
    }
}
