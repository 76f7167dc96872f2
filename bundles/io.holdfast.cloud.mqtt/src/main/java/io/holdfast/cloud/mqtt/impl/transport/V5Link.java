package io.holdfast.cloud.mqtt.impl.transport;

import java.nio.charset.StandardCharsets;
import java.util.function.IntConsumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MQTT 5 with Paho's mqttv5 client, embedded in this bundle (its jar exports too little to be used as a bundle, and
 * Kura does not ship it). A PUBACK with a reason code at or above 0x80 (Paho completes the token "successfully" and
 * leaves the code in it) means the broker did not take the message: the sender is told, and keeps it.
 */
public final class V5Link implements MqttLink {
    private static final Logger LOG = LoggerFactory.getLogger(V5Link.class);
    public static final String PROTOCOL = "5";
    /** MQTT 5 reason codes at or above this one are failures. */
    public static final int FIRST_FAILURE = 0x80;
    /** A persistent session never expires on its own (the 3.1.1 behaviour of clean session off). */
    private static final long SESSION_NEVER_EXPIRES = 0xFFFF_FFFFL;

    private final MqttAsyncClient client;
    private volatile int publishWindow = Integer.MAX_VALUE;

    private V5Link(MqttAsyncClient client) {
        this.client = client;
    }

    /**
     * Connects and waits for the broker's CONNACK.
     *
     * @throws MqttException
     *             if the connection failed (the reason code is the CONNACK's); the client is closed
     */
    public static V5Link connect(LinkOptions l) throws MqttException {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(l.cleanSession());
        o.setSessionExpiryInterval(l.cleanSession() ? 0L : SESSION_NEVER_EXPIRES);
        o.setKeepAliveInterval(l.keepAliveSeconds());
        o.setConnectionTimeout(l.connectTimeoutSeconds());
        o.setAutomaticReconnect(false);
        if (l.username() != null) {
            o.setUserName(l.username());
            o.setPassword(new String(l.password()).getBytes(StandardCharsets.UTF_8));
        }
        if (l.socketFactory() != null) {
            o.setSocketFactory(l.socketFactory());
        }
        o.setHttpsHostnameVerificationEnabled(l.hostnameVerification());
        if (l.will() != null) {
            MqttMessage will = new MqttMessage(l.will().payload());
            will.setQos(l.will().qos());
            will.setRetained(l.will().retain());
            o.setWill(l.will().topic(), will);
        }
        MqttAsyncClient c = new MqttAsyncClient(l.url(), l.clientId(), new MemoryPersistence());
        c.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
                MqttException cause = response.getException();
                l.onLost().accept(cause != null ? cause : new MqttException(response.getReturnCode() == 0
                        ? MqttClientException.REASON_CODE_CONNECTION_LOST : response.getReturnCode()));
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
                // the session ends through disconnected()
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                l.onMessage().accept(topic, message.getPayload());
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
                // each publish has its own action listener
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
                // connect() waits for it
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
                // no enhanced authentication
            }
        });
        V5Link link = new V5Link(c);
        try {
            IMqttToken t = c.connect(o);
            t.waitForCompletion(l.connectWaitMillis());
            MqttProperties p = t.getResponseProperties();
            Integer receiveMaximum = p == null ? null : p.getReceiveMaximum();
            if (receiveMaximum != null && receiveMaximum < 65535) {
                // Paho refuses a publish beyond the broker's limit: leave room for lifecycle messages and replies
                link.publishWindow = Math.max(1, receiveMaximum - Math.min(l.extraInflight(), receiveMaximum / 4));
            }
            return link;
        } catch (MqttException e) {
            link.close();
            throw e;
        }
    }

    @Override
    public String protocol() {
        return PROTOCOL;
    }

    @Override
    public boolean isConnected() {
        return client.isConnected();
    }

    @Override
    public int publishWindow() {
        return publishWindow;
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, boolean retain, Runnable onDelivered)
            throws MqttException {
        publish(topic, payload, qos, retain, onDelivered, null);
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, boolean retain, Runnable onDelivered,
            IntConsumer onRefused) throws MqttException {
        client.publish(topic, payload, qos, retain, null, new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                int reason = reasonCode(token);
                if (reason >= FIRST_FAILURE && onRefused != null) {
                    onRefused.accept(reason);
                } else {
                    onDelivered.run();
                }
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
                // the session is dying; the message stays in flight in the queue and goes again
            }
        });
    }

    /** The PUBACK's reason code, 0 (success) when there is none (QoS 0). */
    static int reasonCode(IMqttToken token) {
        int[] codes = token.getReasonCodes();
        return codes == null || codes.length == 0 ? 0 : codes[0];
    }

    @Override
    public void send(String topic, byte[] payload, int qos, boolean retain) throws MqttException {
        client.publish(topic, payload, qos, retain);
    }

    @Override
    public void sendAndWait(String topic, byte[] payload, int qos, boolean retain, long timeoutMillis)
            throws MqttException {
        client.publish(topic, payload, qos, retain).waitForCompletion(timeoutMillis);
    }

    @Override
    public Pending subscribe(String[] filters, int[] qos) throws MqttException {
        IMqttToken t = client.subscribe(filters, qos);
        return timeoutMillis -> {
            t.waitForCompletion(timeoutMillis);
            int[] codes = t.getReasonCodes();
            for (int i = 0; codes != null && i < codes.length && i < filters.length; i++) {
                if (codes[i] >= FIRST_FAILURE) {
                    // as with 3.1.1, a refused subscription does not end the session: say so
                    LOG.warn("The broker refused the subscription of {} to {}: {}", client.getClientId(), filters[i],
                            Reasons.describe(codes[i]));
                }
            }
        };
    }

    @Override
    public void subscribe(String filter, int qos) throws MqttException {
        client.subscribe(filter, qos);
    }

    @Override
    public void unsubscribe(String filter) throws MqttException {
        client.unsubscribe(filter);
    }

    @Override
    public void disconnect(long timeoutMillis) throws MqttException {
        client.disconnect(timeoutMillis).waitForCompletion(timeoutMillis + 1_000);
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(0, 1_000, false);
            }
        } catch (MqttException e) {
            // closing anyway
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            // nothing left to free
        }
    }
}
