package io.holdfast.cloud.mqtt.impl.session;

import io.holdfast.cloud.mqtt.impl.transport.Reasons;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Messages the broker refused (an MQTT 5 PUBACK reason code at or above 0x80), counted by reason for the status, and
 * logged one line per change of reason (and once a minute while the same reason goes on), not one per message. The
 * messages themselves stay in the store: the sender retries them after a back-off.
 */
public final class Refusals {
    private static final Logger LOG = LoggerFactory.getLogger(Refusals.class);
    /** Status counter names, summed over connections by the status merge. */
    public static final String COUNTER_NOT_AUTHORIZED = "cloud.refused.not-authorized";
    public static final String COUNTER_QUOTA_EXCEEDED = "cloud.refused.quota-exceeded";
    public static final String COUNTER_PAYLOAD_TOO_LARGE = "cloud.refused.payload-too-large";
    public static final String COUNTER_OTHER = "cloud.refused.other";
    private static final long REPEAT_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final String name;
    private final LongSupplier nanoTime;
    private final AtomicLong notAuthorized = new AtomicLong();
    private final AtomicLong quotaExceeded = new AtomicLong();
    private final AtomicLong payloadTooLarge = new AtomicLong();
    private final AtomicLong other = new AtomicLong();
    // guarded by this: what was logged last, and what happened since
    private int loggedReason;
    private long loggedAt;
    private long sinceLogged;
    private volatile String last;
    private volatile long lastAt;

    public Refusals(String name, LongSupplier nanoTime) {
        this.name = name;
        this.nanoTime = nanoTime;
    }

    /** The broker refused {@code messages} readings (one MQTT message) with this reason code. */
    public void refused(int reason, String topic, int messages) {
        counter(reason).addAndGet(messages);
        String line = Reasons.describe(reason) + " on " + topic;
        lastAt = nanoTime.getAsLong();
        last = "the broker refused messages: " + line + "; they stay in the store and are retried";
        boolean log;
        long count;
        synchronized (this) {
            sinceLogged += messages;
            long now = nanoTime.getAsLong();
            log = reason != loggedReason || now - loggedAt >= REPEAT_NANOS;
            count = sinceLogged;
            if (log) {
                loggedReason = reason;
                loggedAt = now;
                sinceLogged = 0;
            }
        }
        if (log) {
            LOG.warn("Cloud connection {}: the broker refused {} message(s), last {}; they stay in the store and are "
                    + "retried with a back-off", name, count, line);
        }
    }

    /** The broker took a message: once no refusal came for a minute, the status stops showing the last one. */
    public void accepted() {
        if (last != null && nanoTime.getAsLong() - lastAt >= REPEAT_NANOS) {
            last = null;
        }
    }

    /** The last refusal in one line while refusals go on, or {@code null}. */
    public String last() {
        return last;
    }

    public long total() {
        return notAuthorized.get() + quotaExceeded.get() + payloadTooLarge.get() + other.get();
    }

    /** The counts by reason, for the status. */
    public Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put(COUNTER_NOT_AUTHORIZED, notAuthorized.get());
        m.put(COUNTER_QUOTA_EXCEEDED, quotaExceeded.get());
        m.put(COUNTER_PAYLOAD_TOO_LARGE, payloadTooLarge.get());
        m.put(COUNTER_OTHER, other.get());
        return m;
    }

    private AtomicLong counter(int reason) {
        return switch (reason) {
        case Reasons.NOT_AUTHORIZED -> notAuthorized;
        case Reasons.QUOTA_EXCEEDED -> quotaExceeded;
        case Reasons.PAYLOAD_TOO_LARGE -> payloadTooLarge;
        default -> other;
        };
    }
}
