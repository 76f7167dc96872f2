package io.holdfast.esp32.impl.ingest;

import java.util.ArrayDeque;

/**
 * Maps the uptime of one device (or relayed node) onto the gateway's monotonic clock (ESP32-LINK.md, Semantics).
 * <p>
 * For each live frame it takes the offset {@code receive time - uptime}; the estimate is the smallest offset in a
 * sliding window (the least delayed frame), kept with a monotonic deque so each sample costs O(1). An uptime that goes
 * backwards is a reboot (unless it is the 32-bit millisecond counter wrapping, which the seed firmware's
 * {@code millis()} does after 49.7 days): the window restarts and the previous boot's offset is kept for replayed
 * readings. A sample whose offset is smaller than the estimate by more than the jump threshold means the uptime ran
 * ahead of real time: the window restarts and the reading is flagged. So does an estimate that rises by more than the
 * threshold when old samples leave the window. Working on the gateway's monotonic clock keeps every mapping right when
 * the gateway's own wall clock is stepped (NTP after boot). Not thread safe: callers hold the source's lock.
 */
final class ClockMapper {

    static final long WRAP = 1L << 32;

    /** The outcome of one live sample. */
    record Sample(long deviceMono, boolean afterReboot, boolean jump) {
    }

    private final ArrayDeque<long[]> window = new ArrayDeque<>();
    private long windowMs;
    private long jumpMs;
    private long lastUptime = -1;
    private long lastRxMono;
    private long wrapBase;
    private long estimate;
    private boolean haveEstimate;
    private Long previousBootOffset;
    private boolean rebootPending;
    private long reboots;
    private long jumps;

    ClockMapper(long windowMs, long jumpMs) {
        configure(windowMs, jumpMs);
    }

    void configure(long windowMs, long jumpMs) {
        this.windowMs = Math.max(1, windowMs);
        this.jumpMs = Math.max(1, jumpMs);
    }

    /**
     * A hello: the device connected or booted. The offset is estimated anew; a reboot is recorded when its uptime went
     * backwards or it sent none.
     */
    void hello(Long uptime, long rxMono) {
        if (uptime == null) {
            markReboot();
            return;
        }
        window.clear();
        haveEstimate = false;
        sample(uptime, rxMono, false);
    }

    /** A live reading or status with an uptime. */
    Sample sample(long uptime, long rxMono) {
        return sample(uptime, rxMono, true);
    }

    private Sample sample(long uptime, long rxMono, boolean consumeReboot) {
        boolean jump = false;
        if (lastUptime >= 0 && uptime < lastUptime) {
            long elapsed = rxMono - lastRxMono;
            long wrapped = uptime + WRAP - lastUptime;
            boolean counterWrap = lastUptime < WRAP && lastUptime > WRAP - windowMs - jumpMs
                    && Math.abs(wrapped - elapsed) <= jumpMs;
            if (counterWrap) {
                wrapBase += WRAP;
            } else {
                markReboot();
            }
        }
        long up = wrapBase + uptime;
        long offset = rxMono - up;
        if (haveEstimate && estimate - offset > jumpMs) {
            jump = true;
            window.clear();
        }
        while (!window.isEmpty() && window.peekLast()[1] >= offset) {
            window.pollLast();
        }
        window.addLast(new long[] { rxMono, offset });
        while (window.size() > 1 && window.peekFirst()[0] < rxMono - windowMs) {
            window.pollFirst();
        }
        long est = window.peekFirst()[1];
        if (haveEstimate && !jump && est - estimate > jumpMs) {
            jump = true;
        }
        if (jump) {
            jumps++;
        }
        estimate = est;
        haveEstimate = true;
        lastUptime = uptime;
        lastRxMono = rxMono;
        boolean reboot = rebootPending;
        if (consumeReboot) {
            rebootPending = false;
        }
        return new Sample(up + est, reboot, jump);
    }

    private void markReboot() {
        if (haveEstimate) {
            previousBootOffset = estimate;
        }
        window.clear();
        haveEstimate = false;
        wrapBase = 0;
        lastUptime = -1;
        rebootPending = true;
        reboots++;
    }

    /**
     * The device time of a replayed reading (from device flash): mapped with this boot's offset when its uptime is not
     * ahead of the newest uptime seen, else with the previous boot's offset.
     *
     * @return the monotonic time, or {@code null} when no estimate applies
     */
    Long replayed(long uptime) {
        if (haveEstimate && uptime <= lastUptime) {
            return wrapBase + uptime + estimate;
        }
        if (previousBootOffset != null) {
            return uptime + previousBootOffset;
        }
        return null;
    }

    /** Reboots seen (including hellos without uptime): part of the identity of seq-less readings. */
    long reboots() {
        return reboots;
    }

    long jumps() {
        return jumps;
    }

    boolean hasEstimate() {
        return haveEstimate;
    }

    long estimate() {
        return estimate;
    }
}
