package io.holdfast.cloud.mqtt.impl;

/** Names of the batch format (bundle README, "Batch format"). */
final class Batches {
    /** Metric of the outer payload: how many readings the batch carries (INT32). */
    static final String METRIC_SIZE = "batch.size";
    /** Metric of the outer payload: the device (or sensor node) whose readings the batch carries (STRING). */
    static final String METRIC_DEVICE = "device";

    private Batches() {
    }
}
