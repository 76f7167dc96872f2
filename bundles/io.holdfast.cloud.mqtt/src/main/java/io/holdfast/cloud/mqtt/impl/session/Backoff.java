package io.holdfast.cloud.mqtt.impl.session;

import java.util.function.DoubleSupplier;

/**
 * Exponential back-off with jitter: the n-th consecutive failure waits a random time between half and all of
 * {@code min * 2^(n-1)}, capped at {@code max}. Not thread safe: one connection thread owns it.
 */
public final class Backoff {
    private final long minMillis;
    private final long maxMillis;
    private final DoubleSupplier random;
    private int failures;

    public Backoff(long minMillis, long maxMillis, DoubleSupplier random) {
        if (minMillis < 1 || maxMillis < minMillis) {
            throw new IllegalArgumentException("back-off needs 1 <= min <= max, got " + minMillis + ", " + maxMillis);
        }
        this.minMillis = minMillis;
        this.maxMillis = maxMillis;
        this.random = random;
    }

    /** Records a failure and returns how long to wait before the next attempt. */
    public long nextDelayMillis() {
        failures++;
        long ceiling = ceilingMillis(failures);
        long floor = ceiling / 2;
        return floor + (long) (random.getAsDouble() * (ceiling - floor));
    }

    /** The upper bound of the wait after the given number of consecutive failures. */
    public long ceilingMillis(int failureCount) {
        int shift = Math.min(Math.max(failureCount - 1, 0), 40);
        long c = minMillis << shift;
        return c <= 0 || c > maxMillis ? maxMillis : c;
    }

    /** A success: the next failure starts from the minimum again. */
    public void reset() {
        failures = 0;
    }

    public int failures() {
        return failures;
    }
}
