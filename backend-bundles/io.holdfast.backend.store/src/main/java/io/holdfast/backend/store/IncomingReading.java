package io.holdfast.backend.store;

import java.util.Map;
import java.util.Objects;

/**
 * A decoded reading on its way into the store.
 *
 * @param device
 *            the source that took it (the gateway's {@code source} metric, else {@code device}, else the MAC)
 * @param seq
 *            its sequence number; negative for an identity derived from the message (a reading without seq)
 * @param timestamp
 *            when it was taken, epoch ms
 * @param receivedAt
 *            when the backend received it, epoch ms
 * @param gateway
 *            the client id of the gateway that published it, empty for a device publishing directly
 * @param topic
 *            the MQTT topic it arrived on
 * @param metrics
 *            its metrics: {@code Double}, {@code Long}, {@code Boolean} or {@code String} values
 */
public record IncomingReading(String device, long seq, long timestamp, long receivedAt, String gateway, String topic,
        Map<String, Object> metrics) {

    /** Validates and copies. */
    public IncomingReading {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(topic, "topic");
        metrics = Map.copyOf(metrics);
        if (device.isEmpty()) {
            throw new IllegalArgumentException("device is empty");
        }
    }
}
