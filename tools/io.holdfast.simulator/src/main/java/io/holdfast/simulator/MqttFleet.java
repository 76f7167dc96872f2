package io.holdfast.simulator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Seed-firmware devices on MQTT: each publishes {@code /readings/temperature/<MAC>} and {@code /readings/gateway/<MAC>}
 * (RSSI in percent) with the seed's payloads, at QoS 1 with retain, as the firmware this project grew from does. The
 * seed firmware keeps nothing for replay: what the broker does not take is gone.
 */
public final class MqttFleet implements AutoCloseable {

    private final String broker;
    private final List<SimDevice> devices = new ArrayList<>();
    private final double rate;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    /**
     * Creates the fleet; {@link #start()} connects it.
     *
     * @param broker
     *            broker URL, for example tcp://127.0.0.1:1883
     * @param count
     *            devices
     * @param rate
     *            messages per second per device (temperature and RSSI alternate)
     * @param macPrefix
     *            first byte of the MACs
     */
    public MqttFleet(String broker, int count, double rate, int macPrefix) {
        this.broker = broker;
        this.rate = rate;
        for (int i = 0; i < count; i++) {
            devices.add(new SimDevice(SimDevice.mac(macPrefix, i), SimDevice.Mode.SEED, false, 0, 0, 1, i));
        }
        this.thread = new Thread(this::run, "sim-mqtt-fleet");
        thread.setDaemon(true);
    }

    /** Starts publishing. */
    public void start() {
        thread.start();
    }

    /** @return the devices */
    public List<SimDevice> devices() {
        return devices;
    }

    /** @return messages the broker accepted */
    public long published() {
        return published.get();
    }

    /** @return messages that failed to publish */
    public long failures() {
        return failures.get();
    }

    private void run() {
        try (MqttClient c = new MqttClient(broker, "holdfast-sim-" + ProcessHandle.current().pid(),
                new MemoryPersistence())) {
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(true);
            o.setAutomaticReconnect(true);
            o.setMaxInflight(1000);
            c.connect(o);
            long period = (long) (1e9 / (rate * devices.size()));
            long next = System.nanoTime();
            int i = 0;
            while (stop.getCount() > 0) {
                long wait = next - System.nanoTime();
                if (wait > 0 && stop.await(wait, TimeUnit.NANOSECONDS)) {
                    break;
                }
                next += period;
                SimDevice d = devices.get(i % devices.size());
                boolean rssi = (i / devices.size()) % 2 == 1;
                i++;
                String topic = (rssi ? "/readings/gateway/" : "/readings/temperature/") + d.mac();
                String payload = rssi ? d.seedRssi() : d.read();
                MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
                m.setQos(1);
                m.setRetained(true);
                try {
                    c.publish(topic, m);
                    published.incrementAndGet();
                } catch (MqttException e) {
                    failures.incrementAndGet();
                }
            }
            c.disconnect();
        } catch (MqttException e) {
            failures.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop.countDown();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
