package io.holdfast.dp.hotswap;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.holdfast.testkit.DeployClient;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The cloud side: a subscriber that decodes every reading the gateway publishes (Kura's simple JSON) and keeps each
 * (device, seq) with its arrival time, and a DEPLOY-V2 client (the test kit's {@link DeployClient}).
 */
final class Cloud implements AutoCloseable {
    static final String ME = "hotswap-cloud";

    private final MqttClient readings;
    /** The DEPLOY-V2 requester (the test kit's). */
    final DeployClient deploy;
    private final Object lock = new Object();
    /** Every (device, seq) received, duplicates included, in arrival order; and the arrival times (ns). */
    private final List<String> keys = new java.util.ArrayList<>();
    private long[] arrivals = new long[1 << 20];
    private final Set<String> unique = new HashSet<>();
    final AtomicLong undecodable = new AtomicLong();
    /**
     * The gateway's receive time of each (device, seq) first received: a duplicate with another one was published again
     * by the driver (it took the reading anew); one with the same was sent again by the cloud connection.
     */
    private final Map<String, String> receivedAt = new java.util.HashMap<>();
    private long republished;

    Cloud(String broker, String account, String device) throws MqttException {
        this(broker, account, device, false);
    }

    /**
     * @param durable
     *            keep the readings subscription in a persistent session that reconnects by itself: with a broker that
     *            persists sessions, readings published while this subscriber was away (the broker restarted before it)
     *            are delivered when it is back
     */
    Cloud(String broker, String account, String device, boolean durable) throws MqttException {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setMaxInflight(1000);
        readings = new MqttClient(broker, ME + "-readings", new MemoryPersistence());
        String filter = account + "/" + device + "/ESP32/#";
        if (durable) {
            MqttConnectOptions d = new MqttConnectOptions();
            d.setCleanSession(false);
            d.setMaxInflight(1000);
            d.setAutomaticReconnect(true);
            d.setMaxReconnectDelay(500);
            readings.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
                @Override
                public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage m) {
                    reading(m.getPayload());
                }

                @Override
                public void connectionLost(Throwable cause) {
                }

                @Override
                public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {
                }
            });
            readings.connect(d);
            readings.subscribe(filter, 1);
        } else {
            readings.connect(o);
            readings.subscribe(filter, 1, (t, m) -> reading(m.getPayload()));
        }
        deploy = new DeployClient(broker, account, device, ME);
    }

    private void reading(byte[] payload) {
        long now = System.nanoTime();
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
        synchronized (lock) {
            if (keys.size() == arrivals.length) {
                arrivals = java.util.Arrays.copyOf(arrivals, arrivals.length * 2);
            }
            arrivals[keys.size()] = now;
            keys.add(key);
            unique.add(key);
            String at = metrics.has("received.at") ? metrics.get("received.at").getAsString() : "";
            String first = receivedAt.putIfAbsent(key, at);
            if (first != null && !first.equals(at)) {
                republished++;
            }
        }
    }

    /** Messages received, duplicates included. */
    long total() {
        synchronized (lock) {
            return keys.size();
        }
    }

    /**
     * Duplicates that the driver published again (another gateway receive time than the first copy), as opposed to
     * copies the cloud connection sent again (QoS 1 is at least once).
     */
    long republished() {
        synchronized (lock) {
            return republished;
        }
    }

    /** Distinct (device, seq) received. */
    Set<String> unique() {
        synchronized (lock) {
            return new HashSet<>(unique);
        }
    }

    /** The longest pause in delivery: from the last reading before it to the first after it (ns, nanoTime). */
    record Gap(long from, long to) {
        long millis() {
            return (to - from) / 1_000_000;
        }
    }

    /**
     * The longest time between two consecutive readings that arrived between {@code from} and {@code to}, counting
     * {@code from} and {@code to} as arrivals.
     */
    Gap longestGap(long from, long to) {
        synchronized (lock) {
            Gap longest = new Gap(from, from);
            long previous = from;
            for (int i = 0; i < keys.size(); i++) {
                long t = arrivals[i];
                if (t < from) {
                    continue;
                }
                if (t > to) {
                    break;
                }
                if (t - previous > longest.to() - longest.from()) {
                    longest = new Gap(previous, t);
                }
                previous = t;
            }
            return to - previous > longest.to() - longest.from() ? new Gap(previous, to) : longest;
        }
    }

    @Override
    public void close() throws MqttException {
        deploy.close();
        if (readings.isConnected()) {
            readings.disconnect();
        }
        readings.close();
    }
}
