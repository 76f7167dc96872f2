package io.holdfast.esp32.impl.ingest;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs at most one line per key and interval, and says how many were suppressed in between: a flood of bad frames
 * cannot flood the log.
 */
final class BoundedLog {

    private final Logger log;
    private final TimeSource time;
    private volatile long intervalMs;
    private final ConcurrentMap<String, long[]> last = new ConcurrentHashMap<>();
    private final AtomicLong suppressed = new AtomicLong();

    BoundedLog(Logger log, TimeSource time, long intervalMs) {
        this.log = log;
        this.time = time;
        this.intervalMs = intervalMs;
    }

    void interval(long ms) {
        this.intervalMs = ms;
    }

    /** Warns, unless this key warned within the interval. */
    void warn(String key, String format, Object... args) {
        long now = time.monoMillis();
        long[] state = last.computeIfAbsent(key, k -> new long[] { Long.MIN_VALUE / 2, 0 });
        long skipped;
        synchronized (state) {
            if (now - state[0] < intervalMs) {
                state[1]++;
                suppressed.incrementAndGet();
                return;
            }
            state[0] = now;
            skipped = state[1];
            state[1] = 0;
        }
        if (log.isWarnEnabled()) {
            String msg = skipped > 0 ? format + " (" + skipped + " similar suppressed)" : format;
            log.warn(msg, args);
        }
    }

    long suppressed() {
        return suppressed.get();
    }
}
