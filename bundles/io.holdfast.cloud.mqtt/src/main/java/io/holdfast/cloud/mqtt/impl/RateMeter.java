package io.holdfast.cloud.mqtt.impl;

import java.util.concurrent.TimeUnit;

/** A rate per second from a growing count, sampled at most once a second (status polls may come often). */
final class RateMeter {
    private long sampledAt = System.nanoTime();
    private long sampledCount;
    private double rate;

    /**
     * The rate since the previous sample, or the previous rate when that was less than a second ago.
     *
     * @param count
     *            the count now
     */
    synchronized double sample(long count) {
        long now = System.nanoTime();
        long elapsed = now - sampledAt;
        if (elapsed >= TimeUnit.SECONDS.toNanos(1)) {
            rate = (count - sampledCount) * 1e9 / elapsed;
            sampledAt = now;
            sampledCount = count;
        }
        return rate;
    }
}
