package io.holdfast.cloud.mqtt.impl;

import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One warning line per kind per period, the repeats counted and reported with the next line: a failure that every batch
 * meets (a full disk under the store) gives one clear line every half minute, not two every few seconds.
 */
final class WarningLimiter {
    private final long periodNanos;
    private final LongSupplier nanoTime;
    /** kind -> {time of the last line, repeats since}. */
    private final Map<String, long[]> kinds = new HashMap<>();

    WarningLimiter(long periodNanos, LongSupplier nanoTime) {
        this.periodNanos = periodNanos;
        this.nanoTime = nanoTime;
    }

    /**
     * @return the line to log now (with the repeats since the last one), or {@code null}: a repeat within the period,
     *         counted
     */
    synchronized String line(String kind, String text) {
        long now = nanoTime.getAsLong();
        long[] k = kinds.get(kind);
        if (k == null) {
            kinds.put(kind, new long[] { now, 0 });
            return text;
        }
        if (now - k[0] < periodNanos) {
            k[1]++;
            return null;
        }
        String line = k[1] == 0 ? text : text + " (" + k[1] + " more since the last report)";
        k[0] = now;
        k[1] = 0;
        return line;
    }
}
