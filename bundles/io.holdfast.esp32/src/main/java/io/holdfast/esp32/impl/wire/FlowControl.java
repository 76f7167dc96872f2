package io.holdfast.esp32.impl.wire;

import java.util.function.DoublePredicate;

/**
 * Back-pressure of one I/O thread (a TCP reactor, a serial port's thread): high and low water marks over the pipeline's
 * buffer, in places and in time to drain it, with hysteresis. Above the high mark the thread tells its devices to hold
 * ({@code {"t":"hold","ms":N}}, {@link FrameEncoder#hold}, renewed every half hold while it lasts, so that a device
 * that missed the resume goes on by itself) and, where it can (TCP), stops reading them; below the low mark it tells
 * them to resume ({@code {"t":"resume"}}) and reads them again. In between, nothing changes. Not thread safe: one per
 * thread.
 */
public final class FlowControl {

    /** The links' high water mark: devices are held from this fill of the buffer. */
    public static final double HIGH_WATER = 0.9;
    /** The links' low water mark: devices resume below this fill. */
    public static final double LOW_WATER = 0.5;
    /** The {@code ms} of the links' hold frames; renewed every half of it while the buffer stays above the low mark. */
    public static final long HOLD_MS = 1_000;
    /**
     * The links' delay mark: devices are also held when the buffer holds more than this many ms of publishing (and
     * resume below half of it), so that a device's ack comes well within its re-send back-off (5 s in the simulator)
     * even when the buffer is large.
     */
    public static final long MAX_DELAY_MS = 2_000;

    /** What the reactor does after an {@link #update}. */
    public enum Action {
        /** Nothing changes. */
        NONE,
        /** Above the high mark: stop reading, send hold to every device. */
        HOLD,
        /** Still above the low mark after half a hold: send hold again. */
        RENEW,
        /** Below the low mark: read again, send resume. */
        RESUME
    }

    private final double high;
    private final double low;
    private final long holdMs;
    private final long maxDelayMs;
    private boolean holding;
    private long lastHoldMono;
    private long holds;

    /**
     * @param high
     *            fraction of the buffer's capacity at or above which devices are held
     * @param low
     *            fraction below which they resume (below {@code high})
     * @param holdMs
     *            the {@code ms} of a hold frame
     * @param maxDelayMs
     *            devices are held when the buffer holds more than this many ms of publishing, and resume below half
     */
    public FlowControl(double high, double low, long holdMs, long maxDelayMs) {
        if (!(low < high) || low <= 0 || high > 1 || holdMs <= 0 || maxDelayMs <= 0) {
            throw new IllegalArgumentException("need 0 < low < high <= 1 and holdMs > 0, not low " + low + ", high "
                    + high + ", holdMs " + holdMs);
        }
        this.high = high;
        this.low = low;
        this.holdMs = holdMs;
        this.maxDelayMs = maxDelayMs;
    }

    /**
     * Compares the buffer with the marks: hold at the high fill mark or above the delay mark, resume when below the low
     * fill mark and below half the delay mark. Without a recent publishing rate ({@code backlogMs} is
     * {@link Long#MAX_VALUE}: no publisher, or it just started) only the fill marks count.
     *
     * @param below
     *            whether the buffer is below a fraction of its capacity ({@code Ingest::below})
     * @param backlogMs
     *            how long the buffer takes to drain ({@code Ingest::backlogMs})
     * @param nowMono
     *            monotonic ms
     *
     * @return what to do now
     */
    public Action update(DoublePredicate below, long backlogMs, long nowMono) {
        boolean timed = backlogMs != Long.MAX_VALUE;
        if (!holding) {
            if (below.test(high) && !(timed && backlogMs > maxDelayMs)) {
                return Action.NONE;
            }
            holding = true;
            lastHoldMono = nowMono;
            holds++;
            return Action.HOLD;
        }
        if (below.test(low) && !(timed && backlogMs >= maxDelayMs / 2)) {
            holding = false;
            return Action.RESUME;
        }
        if (nowMono - lastHoldMono >= holdMs / 2) {
            lastHoldMono = nowMono;
            return Action.RENEW;
        }
        return Action.NONE;
    }

    /** Whether devices are held now. */
    public boolean holding() {
        return holding;
    }

    /** How often the high mark was crossed. */
    public long holds() {
        return holds;
    }

    /** The {@code ms} of a hold frame. */
    public long holdMs() {
        return holdMs;
    }
}
