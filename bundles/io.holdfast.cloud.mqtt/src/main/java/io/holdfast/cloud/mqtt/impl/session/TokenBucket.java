package io.holdfast.cloud.mqtt.impl.session;

import java.util.function.LongSupplier;

/**
 * A token bucket: {@code ratePerSecond} tokens a second, at most {@code burst} saved up. Used by the sender only, so
 * not thread safe.
 */
public final class TokenBucket {
    private final double ratePerNano;
    private final double burst;
    private final LongSupplier nanoTime;
    private double tokens;
    private long last;

    public TokenBucket(double ratePerSecond, int burst, LongSupplier nanoTime) {
        if (!(ratePerSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("a rate limit needs rate > 0 and burst >= 1");
        }
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.last = nanoTime.getAsLong();
        this.tokens = burst;
    }

    private void refill() {
        long now = nanoTime.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) * ratePerNano);
        last = now;
    }

    /** Takes up to {@code wanted} whole tokens without waiting; returns how many it took (possibly 0). */
    public int take(int wanted) {
        refill();
        int n = (int) Math.min(wanted, Math.floor(tokens));
        tokens -= n;
        return n;
    }

    /** Gives back tokens taken and not used (nothing was there to send), never beyond the burst. */
    public void giveBack(int n) {
        tokens = Math.min(burst, tokens + n);
    }

    /** How long until one whole token is there, in nanoseconds (0 if one is there now). */
    public long nanosUntilToken() {
        refill();
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / ratePerNano);
    }
}
