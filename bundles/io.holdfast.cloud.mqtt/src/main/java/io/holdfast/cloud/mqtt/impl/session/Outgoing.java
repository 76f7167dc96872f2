package io.holdfast.cloud.mqtt.impl.session;

/**
 * One MQTT message the sender publishes: a stored message, or a batch of them.
 *
 * @param ids
 *            the queue ids it carries, acknowledged together on delivery
 */
public record Outgoing(String topic, byte[] payload, int qos, boolean retain, long[] ids) {
}
