package io.holdfast.cloud.mqtt.impl;

import io.holdfast.cloud.mqtt.impl.payload.PayloadEncoding;
import io.holdfast.cloud.mqtt.impl.session.Birth;
import io.holdfast.cloud.mqtt.impl.session.Tls;
import io.holdfast.cloud.mqtt.impl.session.Topics;
import io.holdfast.cloud.mqtt.impl.session.Transport;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.message.KuraPayload;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the Paho clients of a connection: the connect options (credentials, TLS, last will), the callbacks, and the
 * lifecycle messages published outside the queue (BIRTH, APPS, DC).
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
     * Connects a new client and waits for the broker's CONNACK.
     *
     * @param onLost
     *            told when the connection is lost (with the cause)
     * @param onMessage
     *            told of every message that arrives (topic, payload), on Paho's thread
     *
     * @throws Exception
     *             if the connection failed; the client is closed
     */
    MqttAsyncClient connect(Consumer<Throwable> onLost, BiConsumer<String, byte[]> onMessage) throws Exception {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(config.clean_session());
        o.setKeepAliveInterval(config.keep_alive());
        o.setConnectionTimeout(config.connect_timeout());
        o.setAutomaticReconnect(false);
        o.setMaxInflight(config.inflight_window() + LIFECYCLE_ROOM);
        if (!config.username().isEmpty()) {
            o.setUserName(config.username());
            o.setPassword(passwords.plain("password", config.password()));
        }
        if (config.broker_url().startsWith("ssl://")) {
            SSLSocketFactory f = Tls.socketFactory(config.ssl_ca_file(), config.ssl_client_keystore(),
                    passwords.plain("ssl.client.keystore.password", config.ssl_client_keystore_password()));
            if (f != null) {
                o.setSocketFactory(f);
            }
            o.setHttpsHostnameVerificationEnabled(config.ssl_hostname_verification());
        }
        if (config.lwt_enabled()) {
            o.setWill(topics.lifecycle("LWT"), encoding.encode(birth.disconnect(config.broker_url())),
                    Math.min(1, Math.max(0, config.lwt_qos())), config.lwt_retain());
        }
        MqttAsyncClient c = new MqttAsyncClient(config.broker_url(), clientId, new MemoryPersistence());
        c.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                onLost.accept(cause == null ? new MqttException(MqttException.REASON_CODE_CONNECTION_LOST) : cause);
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                onMessage.accept(topic, message.getPayload());
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // each publish has its own action listener
            }
        });
        try {
            IMqttToken t = c.connect(o);
            t.waitForCompletion(TimeUnit.SECONDS.toMillis(config.connect_timeout()) + 5_000);
            return c;
        } catch (MqttException e) {
            close(c, false);
            throw e;
        }
    }

    /** The sender's view of a client: an asynchronous publish whose completion is reported once. */
    static Transport transport(MqttAsyncClient c) {
        return (topic, payload, qos, retain, onDelivered) -> c.publish(topic, payload, qos, retain, null,
                new IMqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        onDelivered.run();
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable e) {
                        // the session is dying; the message stays in flight in the queue and goes again
                    }
                });
    }

    /** Publishes the birth certificate (or APPS: {@code what}) with the request handlers' ids. */
    void lifecycle(MqttAsyncClient c, String what, Collection<String> applicationIds)
            throws KuraException, MqttException {
        publish(c, topics.lifecycle(what), birth.birth(applicationIds, config.broker_url()), 1);
    }

    /** Publishes outside the queue: nothing is kept if the session is lost. */
    void publish(MqttAsyncClient c, String topic, KuraPayload payload, int qos) throws KuraException, MqttException {
        c.publish(topic, encoding.encode(payload), qos, false);
    }

    /** Closes a client; a clean close says DC first and disconnects, an unclean one drops the socket. */
    void close(MqttAsyncClient c, boolean clean) {
        if (clean && c.isConnected()) {
            try {
                c.publish(topics.lifecycle("DC"), encoding.encode(birth.disconnect(config.broker_url())), 0, false)
                        .waitForCompletion(2_000);
            } catch (KuraException | MqttException e) {
                LOG.debug("Cloud connection {}: cannot publish DC: {}", pid, e.getMessage());
            }
            try {
                c.disconnect(2_000).waitForCompletion(3_000);
            } catch (MqttException e) {
                LOG.debug("Cloud connection {}: unclean disconnect: {}", pid, e.getMessage());
            }
        }
        try {
            if (c.isConnected()) {
                c.disconnectForcibly(0, 1_000, false);
            }
        } catch (MqttException e) {
            // closing anyway
        }
        try {
            c.close(true);
        } catch (MqttException e) {
            LOG.debug("Cloud connection {}: close: {}", pid, e.getMessage());
        }
    }
}
