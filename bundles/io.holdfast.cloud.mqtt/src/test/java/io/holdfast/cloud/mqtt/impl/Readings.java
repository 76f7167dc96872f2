package io.holdfast.cloud.mqtt.impl;

import io.holdfast.cloud.mqtt.impl.payload.PayloadEncoding;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.kura.message.KuraPayload;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** Readings as the driver publishes them, and a subscriber that counts the distinct (device, seq) it receives. */
public final class Readings {

    private Readings() {
    }

    public static KuraPayload reading(String device, long seq) {
        KuraPayload p = new KuraPayload();
        p.setTimestamp(new Date());
        p.addMetric("device", device);
        p.addMetric("source", device);
        p.addMetric("sensor", "pt100");
        p.addMetric("seq", seq);
        p.addMetric("temperature", 4.0 + seq % 10 / 10.0);
        p.addMetric("unit", "C");
        return p;
    }

    /** A backend-like subscriber (Paho, QoS 1). */
    public static final class Counter implements AutoCloseable {
        public final Set<String> distinct = ConcurrentHashMap.newKeySet();
        public final AtomicLong total = new AtomicLong();
        /** Messages received, decoded or not (in the container the probe cannot see the bundle's decoder). */
        public final AtomicLong raw = new AtomicLong();
        public final Map<String, byte[]> lastByTopic = new ConcurrentHashMap<>();
        public final java.util.List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final MqttClient client;

        public Counter(String url, String filter) throws MqttException {
            client = new MqttClient(url, "test-sub-" + System.nanoTime(), new MemoryPersistence());
            client.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                    // the test reconnects
                }

                @Override
                public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage message) {
                    try {
                        count(topic, message);
                    } catch (Throwable t) {
                        errors.add(t.toString());
                    }
                }

                private void count(String topic, org.eclipse.paho.client.mqttv3.MqttMessage message) {
                    lastByTopic.put(topic, message.getPayload());
                    raw.incrementAndGet();
                    KuraPayload p;
                    try {
                        p = PayloadEncoding.decodeAny(message.getPayload());
                    } catch (RuntimeException e) {
                        return;
                    }
                    java.util.List<KuraPayload> batch = PayloadEncoding.decodeBatchAny(message.getPayload());
                    for (KuraPayload r : batch.isEmpty() ? java.util.List.of(p) : batch) {
                        if (r.getMetric("seq") != null) {
                            total.incrementAndGet();
                            distinct.add(r.getMetric("device") + "#" + r.getMetric("seq"));
                        }
                    }
                }

                @Override
                public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {
                }
            });
            MqttConnectOptions o = new MqttConnectOptions();
            o.setMaxInflight(1000);
            client.connect(o);
            client.subscribe(filter, 1);
        }

        public void reconnect(String filter) throws MqttException {
            if (client.isConnected()) {
                client.disconnectForcibly(100, 100);
            }
            MqttConnectOptions o = new MqttConnectOptions();
            o.setMaxInflight(1000);
            client.connect(o);
            client.subscribe(filter, 1);
        }

        @Override
        public void close() throws MqttException {
            if (client.isConnected()) {
                client.disconnect();
            }
            client.close();
        }
    }
}
