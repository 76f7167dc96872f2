package io.holdfast.cloud.mqtt.impl.transport;

import io.holdfast.cloud.mqtt.impl.session.Transport;

/**
 * One connected MQTT client, whichever protocol version it speaks: what the connection, the subscriptions and the
 * lifecycle messages use. {@link V3Link} wraps Paho's MQTT 3.1.1 client (Kura's), {@link V5Link} Paho's MQTT 5 client
 * (embedded in this bundle).
 */
public interface MqttLink extends Transport {

    /** The protocol version, as configured: {@code 3.1.1} or {@code 5}. */
    String protocol();

    boolean isConnected();

    /**
     * QoS 1 publishes the broker takes at once on this session (MQTT 5: the Receive Maximum of its CONNACK), minus room
     * for lifecycle messages; {@link Integer#MAX_VALUE} when the broker sets no limit.
     */
    int publishWindow();

    /** Publishes outside the queue: nothing is kept if the session is lost. */
    void send(String topic, byte[] payload, int qos, boolean retain) throws Exception;

    /** Publishes and waits until it completed (the DC message before a clean disconnect). */
    void sendAndWait(String topic, byte[] payload, int qos, boolean retain, long timeoutMillis) throws Exception;

    /**
     * Subscribes to all the filters without waiting: the caller waits on the answer once it did what needs no
     * subscription (the SUBACK's round trip then overlaps that work).
     */
    Pending subscribe(String[] filters, int[] qos) throws Exception;

    /** The broker's answer to a request sent without waiting. */
    @FunctionalInterface
    interface Pending {
        /** Waits for the answer, up to the timeout. */
        void await(long timeoutMillis) throws Exception;
    }

    /** Subscribes without waiting. */
    void subscribe(String filter, int qos) throws Exception;

    /** Unsubscribes without waiting. */
    void unsubscribe(String filter) throws Exception;

    /** Disconnects cleanly (DISCONNECT packet: no last will) and waits up to the timeout. */
    void disconnect(long timeoutMillis) throws Exception;

    /** Drops the connection if it is still there and frees the client. Never throws. */
    void close();
}
