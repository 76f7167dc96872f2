package io.holdfast.cloud.mqtt.impl.session;

import io.holdfast.api.queue.DurableQueue;
import io.holdfast.api.queue.QueueStats;
import java.util.Date;
import java.util.function.Supplier;
import org.eclipse.kura.message.KuraPayload;

/**
 * The store's backlog as the gateway reports it to the cloud: readings stored and not yet confirmed by the broker (in
 * flight included) and the age of the oldest, from {@link DurableQueue#stats()} (kept in memory by the store: no
 * storage is read). Carried as metrics of BIRTH and of the periodic status message {@code HOLDFAST-V1/STATUS} on the
 * control topic (bundle README, "Topic namespace").
 */
public final class Backlog {
    /** Metric: messages stored and not yet confirmed (INT64). */
    public static final String METRIC_MESSAGES = "backlog_messages";
    /** Metric: how long the oldest of them has waited, ms; 0 when there is none (INT64). */
    public static final String METRIC_OLDEST_AGE_MS = "backlog_oldest_age_ms";
    /** App id of the status message on the control topic (Kura's naming: name and version). */
    public static final String STATUS_APP = "HOLDFAST-V1";
    /** App topic of the status message. */
    public static final String STATUS_TOPIC = "STATUS";

    private final Supplier<DurableQueue> queue;

    public Backlog(Supplier<DurableQueue> queue) {
        this.queue = queue;
    }

    /**
     * Adds the backlog metrics to a payload.
     *
     * @return false, with nothing added, while no queue is bound (the backlog is then not known)
     */
    public boolean addTo(KuraPayload p) {
        DurableQueue q = queue.get();
        if (q == null) {
            return false;
        }
        QueueStats s;
        try {
            s = q.stats();
        } catch (RuntimeException e) {
            return false; // the store is going away
        }
        p.addMetric(METRIC_MESSAGES, s.depth());
        p.addMetric(METRIC_OLDEST_AGE_MS, s.oldestAge().toMillis());
        return true;
    }

    /** The status message: timestamp, {@code uptime} and the backlog metrics; null while no queue is bound. */
    public KuraPayload status() {
        KuraPayload p = new KuraPayload();
        p.setTimestamp(new Date());
        p.addMetric("uptime", Birth.uptimeMillis());
        return addTo(p) ? p : null;
    }
}
