package io.holdfast.e2e.bench;

/**
 * When an offered rate is sustainable: over the step's measured part the backend stored at least 95 % of the offered
 * rate, and at its end the readings taken but not yet stored (in the devices, the gateway, the brokers and the backend)
 * are at most one second of the offered rate, i.e. the backlog is not growing and the end-to-end delay stays under
 * about a second.
 */
final class Sustainable {

    /** The share of the offered rate that must be stored. */
    static final double STORED_SHARE = 0.95;
    /** The lag allowed at the end of a step, in seconds of the offered rate. */
    static final double LAG_SECONDS = 1.0;

    private Sustainable() {
    }

    /**
     * @param offered
     *            readings/s the devices took
     * @param stored
     *            readings/s the backend stored over the measured part
     * @param lagAtEnd
     *            readings taken and not stored at the end of the step
     *
     * @return whether the rate is sustainable
     */
    static boolean judge(double offered, double stored, long lagAtEnd) {
        return offered > 0 && stored >= STORED_SHARE * offered && lagAtEnd <= LAG_SECONDS * offered;
    }
}
