package io.holdfast.store.sqlite.impl;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * Logs one line per kind of event per period and counts the rest, so that a full disk under load gives one clear line
 * every half minute instead of thousands.
 */
final class RateLimitedLog {
    private static final long PERIOD_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final Logger log;
    private final Map<String, long[]> kinds = new HashMap<>();

    RateLimitedLog(Logger log) {
        this.log = log;
    }

    void warn(String kind, String line) {
        String out;
        synchronized (kinds) {
            long now = System.nanoTime();
            long[] k = kinds.get(kind);
            if (k == null) {
                kinds.put(kind, new long[] { now, 0 });
                out = line;
            } else if (now - k[0] >= PERIOD_NANOS) {
                out = k[1] == 0 ? line : line + " (" + k[1] + " more since the last report)";
                k[0] = now;
                k[1] = 0;
            } else {
                k[1]++;
                return;
            }
        }
        log.warn(out);
    }
}
