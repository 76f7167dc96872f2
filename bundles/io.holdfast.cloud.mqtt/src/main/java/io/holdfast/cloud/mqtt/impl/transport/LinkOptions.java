package io.holdfast.cloud.mqtt.impl.transport;

import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javax.net.ssl.SSLSocketFactory;

/**
 * What a link needs to connect, the same for both protocol versions.
 *
 * @param password
 *            {@code null}: connect without credentials (then {@code username} is null too)
 * @param socketFactory
 *            {@code null}: plain TCP or the JVM's default TLS
 * @param will
 *            {@code null}: no last will
 * @param extraInflight
 *            room in the client's in-flight limit beyond the sender's window (lifecycle messages, replies)
 * @param onLost
 *            told when the connection is lost, with the cause
 * @param onMessage
 *            told of every message that arrives (topic, payload), on the client's thread
 */
public record LinkOptions(String url, String clientId, boolean cleanSession, int keepAliveSeconds,
        int connectTimeoutSeconds, int window, int extraInflight, String username, char[] password,
        SSLSocketFactory socketFactory, boolean hostnameVerification, Will will, Consumer<Throwable> onLost,
        BiConsumer<String, byte[]> onMessage) {

    /** A last will. */
    public record Will(String topic, byte[] payload, int qos, boolean retain) {
    }

    /** How long to wait for CONNACK: the connect timeout and some room. */
    public long connectWaitMillis() {
        return connectTimeoutSeconds * 1000L + 5_000;
    }
}
