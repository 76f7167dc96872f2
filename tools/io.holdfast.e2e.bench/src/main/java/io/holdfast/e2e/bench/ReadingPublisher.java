package io.holdfast.e2e.bench;

import com.google.gson.Gson;
import io.holdfast.simulator.SimDevice;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Devices that publish their readings themselves, QoS 1, over Paho MQTT v3 ({@link MqttAsyncClient}, in-memory
 * persistence, clean session, automatic reconnect): the two do-it-yourself baselines. Each device takes readings at its
 * rate into a queue (its "flash"), stamped with the wall clock ({@code sentOn}, what the backend stores as {@code ts});
 * the queue is sent in order while its client takes them ({@code publish()} throws while disconnected or with 1 000
 * messages in flight: the reading stays queued). The payload is Kura's SIMPLE_JSON
 * {@code {"sentOn":ts,"metrics":{"device":..,"seq":..,"temperature":..}}} on
 * {@code bench/<gateway>/ESP32/readings/<device>}, which the backend stores by (device, seq).
 */
final class ReadingPublisher implements AutoCloseable {

    /** What became of a reading. */
    interface Listener {
        /** {@code publish()} returned: Paho has it (in memory). */
        void published(String device, long seq);

        /** The broker's PUBACK arrived. */
        void acked(String device, long seq);
    }

    private static final Gson GSON = new Gson();

    private record Reading(long seq, long ts, double value) {
    }

    private final class Device {
        final String id;
        final MqttAsyncClient client;
        final ArrayDeque<Reading> flash = new ArrayDeque<>();
        long nextSeq;
        double due;

        Device(String id, MqttAsyncClient client, long firstSeq) {
            this.id = id;
            this.client = client;
            this.nextSeq = firstSeq;
        }
    }

    private final String gateway;
    private final double ratePerDevice;
    private final Listener listener;
    private final List<MqttAsyncClient> clients = new ArrayList<>();
    private final List<Device> devices = new ArrayList<>();
    private final Thread thread;
    private final AtomicLong generated = new AtomicLong();
    private final AtomicLong inFlight = new AtomicLong();
    private volatile boolean running = true;
    private volatile boolean paused;

    /**
     * Connects the clients and starts taking readings.
     *
     * @param broker
     *            the broker
     * @param gateway
     *            the second topic level (the backend's gateway column) and the client ids' stem
     * @param devices
     *            devices
     * @param clients
     *            MQTT connections; device {@code i} publishes through client {@code i % clients}
     * @param ratePerDevice
     *            readings per second per device
     * @param macPrefix
     *            first byte of the devices' ids (as {@link SimDevice#mac})
     * @param firstSeq
     *            the devices' first sequence number
     */
    ReadingPublisher(String broker, String gateway, int devices, int clients, double ratePerDevice, int macPrefix,
            long firstSeq, Listener listener) throws MqttException {
        this.gateway = gateway;
        this.ratePerDevice = ratePerDevice;
        this.listener = listener;
        for (int i = 0; i < clients; i++) {
            MqttAsyncClient c = new MqttAsyncClient(broker, gateway + "-" + i + "-" + ProcessHandle.current().pid(),
                    new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(true);
            o.setAutomaticReconnect(true);
            o.setMaxInflight(1000);
            o.setMaxReconnectDelay(1000);
            c.connect(o).waitForCompletion(30_000);
            this.clients.add(c);
        }
        for (int i = 0; i < devices; i++) {
            this.devices.add(new Device(SimDevice.mac(macPrefix, i), this.clients.get(i % clients), firstSeq));
        }
        thread = new Thread(this::run, "e2e-mqtt-devices-" + gateway);
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops taking readings; what is queued is still sent. */
    void pause() {
        paused = true;
    }

    long generated() {
        return generated.get();
    }

    /** @return readings handed to Paho and not PUBACKed or failed yet */
    long inFlight() {
        return inFlight.get();
    }

    /** @return readings taken and not yet handed to Paho */
    long queued() {
        synchronized (devices) {
            return devices.stream().mapToLong(d -> d.flash.size()).sum();
        }
    }

    private void run() {
        long last = System.nanoTime();
        while (running) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            long now = System.nanoTime();
            double dt = (now - last) / 1e9;
            last = now;
            synchronized (devices) {
                for (Device d : devices) {
                    if (!paused) {
                        d.due += ratePerDevice * dt;
                        while (d.due >= 1) {
                            d.due--;
                            d.flash.add(new Reading(d.nextSeq++, System.currentTimeMillis(),
                                    4 + (d.nextSeq % 400) / 100.0));
                            generated.incrementAndGet();
                        }
                    }
                    send(d);
                }
            }
        }
    }

    private void send(Device d) {
        while (!d.flash.isEmpty()) {
            Reading r = d.flash.peek();
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("device", d.id);
            metrics.put("seq", r.seq());
            metrics.put("temperature", r.value());
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("sentOn", r.ts());
            payload.put("metrics", metrics);
            MqttMessage m = new MqttMessage(GSON.toJson(payload).getBytes(StandardCharsets.UTF_8));
            m.setQos(1);
            try {
                d.client.publish("bench/" + gateway + "/ESP32/readings/" + d.id, m, null, new IMqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        inFlight.decrementAndGet();
                        listener.acked(d.id, r.seq());
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable e) {
                        inFlight.decrementAndGet();
                        // not acked: lost with the connection (in-memory persistence, clean session)
                    }
                });
            } catch (MqttException e) {
                return; // disconnected, or the in-flight window is full: the reading stays queued
            }
            d.flash.poll();
            inFlight.incrementAndGet();
            listener.published(d.id, r.seq());
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (MqttAsyncClient c : clients) {
            try {
                c.disconnectForcibly(1000, 1000);
                c.close(true);
            } catch (MqttException e) {
                // closing anyway
            }
        }
    }
}
