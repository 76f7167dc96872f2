package io.holdfast.cloud.mqtt.impl.session;

import java.util.function.IntConsumer;

/** What the sender needs of an MQTT session: an asynchronous publish. */
public interface Transport {

    /**
     * Hands a message to the session without waiting for the broker.
     *
     * @param onDelivered
     *            run once the broker acknowledged it (QoS 1) or it was written (QoS 0); never run if the session dies
     *            first
     *
     * @throws Exception
     *             if the session cannot take the message: it is (being) lost
     */
    public void publish(String topic, byte[] payload, int qos, boolean retain, Runnable onDelivered) throws Exception;

    /**
     * As {@link #publish(String, byte[], int, boolean, Runnable)}, and tells when the broker answered with a failure
     * reason code (MQTT 5 PUBACK at or above 0x80): the broker did not take the message. MQTT 3.1.1 has no such answer:
     * {@code onRefused} is never run.
     *
     * @param onRefused
     *            given the PUBACK reason code; run instead of {@code onDelivered}
     */
    public default void publish(String topic, byte[] payload, int qos, boolean retain, Runnable onDelivered,
            IntConsumer onRefused) throws Exception {
        publish(topic, payload, qos, retain, onDelivered);
    }
}
