package io.holdfast.cloud.mqtt.impl.payload;

/** Names of the batch format (bundle README, "Batch format"). */
public final class Batches {
    /** Metric of the outer payload: how many readings the batch carries (INT32). */
    public static final String METRIC_SIZE = "batch.size";
    /** Metric of the outer payload: the device (or sensor node) whose readings the batch carries (STRING). */
    public static final String METRIC_DEVICE = "device";

    private Batches() {
    }
}
