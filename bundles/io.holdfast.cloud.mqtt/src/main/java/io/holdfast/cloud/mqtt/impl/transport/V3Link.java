package io.holdfast.cloud.mqtt.impl.transport;

import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * MQTT 3.1.1 with Paho's mqttv3 client (the one Kura ships). A PUBACK carries no reason code in 3.1.1: a broker that
 * drops a message (an ACL denial) still acknowledges it, and the sender cannot tell.
 */
public final class V3Link implements MqttLink {
    public static final String PROTOCOL = "3.1.1";

    private final MqttAsyncClient client;

    private V3Link(MqttAsyncClient client) {
        this.client = client;
    }

    /**
     * Connects and waits for the broker's CONNACK.
     *
     * @throws MqttException
     *             if the connection failed; the client is closed
     */
    public static V3Link connect(LinkOptions l) throws MqttException {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(l.cleanSession());
        o.setKeepAliveInterval(l.keepAliveSeconds());
        o.setConnectionTimeout(l.connectTimeoutSeconds());
        o.setAutomaticReconnect(false);
        o.setMaxInflight(l.window() + l.extraInflight());
        if (l.username() != null) {
            o.setUserName(l.username());
            o.setPassword(l.password());
        }
        if (l.socketFactory() != null) {
            o.setSocketFactory(l.socketFactory());
        }
        o.setHttpsHostnameVerificationEnabled(l.hostnameVerification());
        if (l.will() != null) {
            o.setWill(l.will().topic(), l.will().payload(), l.will().qos(), l.will().retain());
        }
        MqttAsyncClient c = new MqttAsyncClient(l.url(), l.clientId(), new MemoryPersistence());
        c.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                l.onLost().accept(cause == null ? new MqttException(MqttException.REASON_CODE_CONNECTION_LOST) : cause);
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                l.onMessage().accept(topic, message.getPayload());
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // each publish has its own action listener
            }
        });
        V3Link link = new V3Link(c);
        try {
            c.connect(o).waitForCompletion(l.connectWaitMillis());
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
        return Integer.MAX_VALUE;
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, boolean retain, Runnable onDelivered)
            throws MqttException {
        client.publish(topic, payload, qos, retain, null, new IMqttActionListener() {
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
        return client.subscribe(filters, qos)::waitForCompletion;
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
