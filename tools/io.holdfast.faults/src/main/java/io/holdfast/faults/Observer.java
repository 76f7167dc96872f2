package io.holdfast.faults;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * An independent subscriber on the broker itself (not through the proxy): it counts every delivery of each reading the
 * gateway publishes (Kura simple JSON, metrics {@code device} and {@code seq}), to show how often QoS 1's at least once
 * delivered a reading again. Informational: the backend's exact set is what counts. Its session is persistent, so a
 * broker restart with persistence does not make it miss what was queued for it.
 */
final class Observer implements AutoCloseable {

    private final MqttClient client;
    private final Map<String, Integer> deliveries = new HashMap<>();
    private final AtomicLong undecodable = new AtomicLong();
    private final AtomicLong subscribeFailures = new AtomicLong();

    Observer(String broker, String account) throws MqttException {
        client = new MqttClient(broker, "holdfast-faults-observer", new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(false);
        o.setAutomaticReconnect(true);
        o.setMaxInflight(1000);
        o.setKeepAliveInterval(10);
        client.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallbackExtended() {
            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
                if (reconnect) {
                    subscribe(account); // a broker that lost its state lost the subscription too
                }
            }

            @Override
            public void connectionLost(Throwable cause) {
                // reconnects by itself
            }

            @Override
            public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage message) {
                reading(message.getPayload());
            }

            @Override
            public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {
                // publishes nothing
            }
        });
        client.connect(o);
        subscribe(account);
    }

    private void subscribe(String account) {
        try {
            client.subscribe(account + "/+/ESP32/#", 1);
        } catch (MqttException e) {
            subscribeFailures.incrementAndGet(); // reported with the figures: it may have missed deliveries
        }
    }

    private void reading(byte[] payload) {
        JsonObject metrics;
        try {
            metrics = JsonParser.parseString(new String(payload, StandardCharsets.UTF_8)).getAsJsonObject()
                    .getAsJsonObject("metrics");
        } catch (RuntimeException e) {
            undecodable.incrementAndGet();
            return;
        }
        if (metrics == null || !metrics.has("device") || !metrics.has("seq")) {
            undecodable.incrementAndGet();
            return;
        }
        String key = metrics.get("device").getAsString() + "#" + metrics.get("seq").getAsLong();
        synchronized (deliveries) {
            deliveries.merge(key, 1, Integer::sum);
        }
    }

    /** @return deliveries beyond the first of each (device, seq) so far */
    long duplicates() {
        synchronized (deliveries) {
            return deliveries.values().stream().mapToLong(n -> n - 1).sum();
        }
    }

    /** @return messages that were no reading in simple JSON */
    long undecodable() {
        return undecodable.get();
    }

    /** @return subscriptions (after a reconnect) that failed */
    long subscribeFailures() {
        return subscribeFailures.get();
    }

    @Override
    public void close() throws MqttException {
        try {
            client.disconnectForcibly(1_000, 1_000); // also when it is reconnecting on its own
        } catch (MqttException e) {
            // not connected: nothing to end
        }
        client.close(true);
    }
}
