package io.holdfast.cloud.mqtt.impl;

import io.holdfast.cloud.mqtt.impl.payload.PayloadEncoding;
import io.holdfast.cloud.mqtt.impl.session.Birth;
import io.holdfast.cloud.mqtt.impl.session.Tls;
import io.holdfast.cloud.mqtt.impl.session.Topics;
import io.holdfast.cloud.mqtt.impl.transport.LinkOptions;
import io.holdfast.cloud.mqtt.impl.transport.MqttLink;
import io.holdfast.cloud.mqtt.impl.transport.V3Link;
import io.holdfast.cloud.mqtt.impl.transport.V5Link;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.kura.message.KuraPayload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the clients of a connection, MQTT 3.1.1 or 5 (see {@link MqttLink}): the connect options (credentials, TLS,
 * last will), the callbacks, and the lifecycle messages published outside the queue (BIRTH, APPS, DC).
 */
final class Connector {
    private static final Logger LOG = LoggerFactory.getLogger(Connector.class);
    /** Room in Paho's in-flight limit beyond the window, for lifecycle messages and replies. */
    private static final int LIFECYCLE_ROOM = 32;

    private final String pid;
    private final MqttCloudEndpointConfig config;
    private final String clientId;
    private final Topics topics;
    private final PayloadEncoding encoding;
    private final Birth birth;
    private final Passwords passwords;

    Connector(String pid, MqttCloudEndpointConfig config, String clientId, Topics topics, Birth birth,
            Passwords passwords) {
        this.pid = pid;
        this.config = config;
        this.clientId = clientId;
        this.topics = topics;
        this.encoding = config.payload_encoding();
        this.birth = birth;
        this.passwords = passwords;
    }

    String clientId() {
        return clientId;
    }

    /**
     * Connects a new client of the configured protocol version and waits for the broker's CONNACK.
     *
     * @param onLost
     *            told when the connection is lost (with the cause)
     * @param onMessage
     *            told of every message that arrives (topic, payload), on Paho's thread
     *
     * @throws Exception
     *             if the connection failed; the client is closed
     */
    MqttLink connect(Consumer<Throwable> onLost, BiConsumer<String, byte[]> onMessage) throws Exception {
        String username = config.username().isEmpty() ? null : config.username();
        char[] password = username == null ? null : passwords.plain("password", config.password());
        SSLSocketFactory f = null;
        if (config.broker_url().startsWith("ssl://")) {
            f = Tls.socketFactory(config.ssl_ca_file(), config.ssl_client_keystore(),
                    passwords.plain("ssl.client.keystore.password", config.ssl_client_keystore_password()));
        }
        LinkOptions.Will will = null;
        if (config.lwt_enabled()) {
            will = new LinkOptions.Will(topics.lifecycle("LWT"), encoding.encode(birth.disconnect(config.broker_url())),
                    Math.min(1, Math.max(0, config.lwt_qos())), config.lwt_retain());
        }
        LinkOptions o = new LinkOptions(config.broker_url(), clientId, config.clean_session(), config.keep_alive(),
                config.connect_timeout(), config.inflight_window(), LIFECYCLE_ROOM, username, password, f,
                config.ssl_hostname_verification(), will, onLost, onMessage);
        return isV5(config) ? V5Link.connect(o) : V3Link.connect(o);
    }

    /** The protocol version, and with 3.1.1 what it cannot see (the status page shows it). */
    static String protocolNote(MqttCloudEndpointConfig config) {
        return isV5(config) ? "MQTT 5 (refused messages are kept and counted)"
                : "MQTT 3.1.1 (a broker that drops a message, e.g. an ACL denial, still acknowledges it: not visible)";
    }

    /** What {@code CloudConnectionManager.getInfo()} lists: the link's settings, state and last error. */
    Map<String, String> info(String state, String lastError) {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("Broker URL", config.broker_url());
        info.put("Account", topics.account());
        info.put("Client ID", clientId);
        info.put("Payload encoding", encoding.name());
        info.put("MQTT version", protocolNote(config));
        info.put("State", state);
        if (lastError != null) {
            info.put("Last error", lastError);
        }
        return info;
    }

    /** Whether the connection speaks MQTT 5 (anything else is the default, 3.1.1). */
    static boolean isV5(MqttCloudEndpointConfig config) {
        return V5Link.PROTOCOL.equals(config.mqtt_protocol().trim());
    }

    /** Publishes the birth certificate (or APPS: {@code what}) with the request handlers' ids. */
    void lifecycle(MqttLink c, String what, Collection<String> applicationIds) throws Exception {
        publish(c, topics.lifecycle(what), birth.birth(applicationIds, config.broker_url()), 1);
    }

    /** Publishes outside the queue: nothing is kept if the session is lost. */
    void publish(MqttLink c, String topic, KuraPayload payload, int qos) throws Exception {
        c.send(topic, encoding.encode(payload), qos, false);
    }

    /** Closes a client; a clean close says DC first and disconnects, an unclean one drops the socket. */
    void close(MqttLink c, boolean clean) {
        if (clean && c.isConnected()) {
            try {
                c.sendAndWait(topics.lifecycle("DC"), encoding.encode(birth.disconnect(config.broker_url())), 0, false,
                        2_000);
            } catch (Exception e) {
                LOG.debug("Cloud connection {}: cannot publish DC: {}", pid, e.getMessage());
            }
            try {
                c.disconnect(2_000);
            } catch (Exception e) {
                LOG.debug("Cloud connection {}: unclean disconnect: {}", pid, e.getMessage());
            }
        }
        c.close();
    }
}
