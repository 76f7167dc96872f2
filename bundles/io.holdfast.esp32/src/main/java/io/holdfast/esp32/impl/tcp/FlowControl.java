package io.holdfast.esp32.impl.tcp;

import java.util.function.DoublePredicate;

/**
 * Back-pressure of one reactor: high and low water marks over the pipeline's buffer, with hysteresis. Above the high
 * mark the reactor stops reading its connections (no OP_READ) and tells their devices to hold
 * ({@code {"t":"hold","ms":N}}, renewed every half hold while it lasts, so that a device that missed the resume goes on
 * by itself); below the low mark it reads them again and tells them to resume ({@code {"t":"resume"}}). In between,
 * nothing changes. Used by its reactor's thread only.
 */
final class FlowControl {

    /** What the reactor does after an {@link #update}. */
    enum Action {
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
     */
    FlowControl(double high, double low, long holdMs) {
        if (!(low < high) || low <= 0 || high > 1 || holdMs <= 0) {
            throw new IllegalArgumentException("need 0 < low < high <= 1 and holdMs > 0, not low " + low + ", high "
                    + high + ", holdMs " + holdMs);
        }
        this.high = high;
        this.low = low;
        this.holdMs = holdMs;
    }

    /**
     * Compares the buffer with the marks.
     *
     * @param below
     *            whether the buffer is below a fraction of its capacity ({@code Ingest::below})
     * @param nowMono
     *            monotonic ms
     *
     * @return what to do now
     */
    Action update(DoublePredicate below, long nowMono) {
        if (!holding) {
            if (below.test(high)) {
                return Action.NONE;
            }
            holding = true;
            lastHoldMono = nowMono;
            holds++;
            return Action.HOLD;
        }
        if (below.test(low)) {
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
    boolean holding() {
        return holding;
    }

    /** How often the high mark was crossed. */
    long holds() {
        return holds;
    }

    /** The {@code ms} of a hold frame. */
    long holdMs() {
        return holdMs;
    }
}
