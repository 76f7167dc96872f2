package io.holdfast.store.sqlite.impl;

/**
 * Events per second over the last ten completed seconds: steady enough for a status page, and it falls to zero ten
 * seconds after the events stop, which an exponential average never quite does.
 */
final class Rate {
    private static final int WINDOW = 10;

    private final long[] counts = new long[WINDOW];
    private final long[] seconds = new long[WINDOW];
    private final long startSecond;

    Rate(long nowMillis) {
        this.startSecond = Math.floorDiv(nowMillis, 1000);
        java.util.Arrays.fill(seconds, Long.MIN_VALUE);
    }

    synchronized void add(long n, long nowMillis) {
        long second = Math.floorDiv(nowMillis, 1000);
        int i = (int) Math.floorMod(second, WINDOW);
        if (seconds[i] != second) {
            seconds[i] = second;
            counts[i] = 0;
        }
        counts[i] += n;
    }

    synchronized double perSecond(long nowMillis) {
        long now = Math.floorDiv(nowMillis, 1000);
        long completed = Math.min(WINDOW, now - startSecond);
        if (completed <= 0) {
            return 0;
        }
        long sum = 0;
        for (int i = 0; i < WINDOW; i++) {
            if (seconds[i] < now && seconds[i] >= now - completed) {
                sum += counts[i];
            }
        }
        return (double) sum / completed;
    }
}
