package io.holdfast.cloud.mqtt.impl.session;

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
}
