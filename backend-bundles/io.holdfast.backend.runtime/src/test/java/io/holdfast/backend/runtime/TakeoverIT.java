package io.holdfast.backend.runtime;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.holdfast.backend.ingest.impl.Mosquitto;
import io.holdfast.backend.store.impl.TestDatabases;
import io.holdfast.backend.store.impl.TestDatabases.TestDatabase;
import io.holdfast.testkit.HoldfastOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.Test;

/**
 * Two backend jars in one shared-subscription group on Mosquitto 2 and one PostgreSQL; one is SIGKILLed in the middle
 * of the stream. The survivor goes on storing its share; Mosquitto 2.0 keeps the dead member's share (and the QoS 1
 * messages it had not acknowledged) in its persistent session until it comes back, so the killed backend is restarted
 * as a supervisor would, and then the exact set sent is stored, once.
 */
public class TakeoverIT {

    static final long T0 = 1_767_225_600_000L;
    static final int DEVICES = 20;
    static final int PER_DEVICE = 400;

    @Test
    public void aSigkilledBackendLosesNothingAndDuplicatesNothing() throws Exception {
        try (Mosquitto broker = new Mosquitto(); TestDatabase db = TestDatabases.postgres()) {
            String jdbc = db.url() + "&user=" + db.user();
            Path dataA = Backend.newDataDir();
            Path dataB = Backend.newDataDir();
            int portA = HoldfastOptions.freePort();
            String[] argsA = args(broker, jdbc, portA, "it-takeover-a");
            Backend a = new Backend(dataA, argsA).awaitStarted();
            try (Backend b = new Backend(dataB, args(broker, jdbc, HoldfastOptions.freePort(), "it-takeover-b"))
                    .awaitStarted()) {
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> a.output().contains("subscribed to") && b.output().contains("subscribed to"));
                AtomicInteger published = new AtomicInteger();
                Thread gateway = new Thread(() -> publish(broker, published), "it-gateway");
                gateway.start();
                await().atMost(Duration.ofSeconds(120)).until(() -> published.get() >= DEVICES * PER_DEVICE / 3);
                long storedAtKill = count(jdbc, "SELECT COUNT(*) FROM readings");
                int publishedAtKill = published.get();
                a.process.destroyForcibly(); // SIGKILL: no clean shutdown, a write may be in flight
                a.process.waitFor();
                gateway.join(120_000);
                assertThat(published.get()).isEqualTo(DEVICES * PER_DEVICE);
                // the survivor stores its share of what came after the kill (every other message: Mosquitto's round
                // robin goes on giving the dead member's persistent session the others)
                long survivorShare = (DEVICES * PER_DEVICE - publishedAtKill) / 2 - 1;
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> count(jdbc, "SELECT COUNT(*) FROM readings") >= storedAtKill + survivorShare);
                try (Backend again = new Backend(dataA, argsA).awaitStarted()) {
                    await().atMost(Duration.ofSeconds(120))
                            .until(() -> count(jdbc, "SELECT COUNT(*) FROM readings") == DEVICES * PER_DEVICE);
                    Set<String> expected = new HashSet<>();
                    for (int d = 0; d < DEVICES; d++) {
                        for (int s = 0; s < PER_DEVICE; s++) {
                            expected.add("dev-" + d + "/" + s);
                        }
                    }
                    assertThat(stored(jdbc)).isEqualTo(expected);
                    // a reading stored twice would be counted twice by the rollups
                    assertThat(count(jdbc, "SELECT SUM(n) FROM rollup_hour WHERE metric = 'temperature'"))
                            .isEqualTo(DEVICES * PER_DEVICE);
                }
            } finally {
                a.close();
            }
        }
    }

    private static String[] args(Mosquitto broker, String jdbc, int port, String clientId) {
        return new String[] { "--port", Integer.toString(port), "--broker", broker.url(), "--jdbc-url", jdbc,
                "--share-group", "it-takeover", "--client-id", clientId };
    }

    private static void publish(Mosquitto broker, AtomicInteger published) {
        try {
            MqttClient pub = new MqttClient(broker.url(), "gw-takeover", new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setMaxInflight(1000);
            pub.connect(o);
            for (int s = 0; s < PER_DEVICE; s++) {
                for (int d = 0; d < DEVICES; d++) {
                    String json = "{\"sentOn\":" + (T0 + s * 60_000L) + ",\"metrics\":{\"source\":\"dev-" + d
                            + "\",\"seq\":" + s + ",\"temperature\":" + (4 + d % 5) + "}}";
                    while (true) {
                        try {
                            pub.publish("holdfast/gw-takeover/ESP32/readings/dev-" + d, json.getBytes(UTF_8), 1, false);
                            break;
                        } catch (MqttException e) {
                            if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT) {
                                throw e;
                            }
                            LockSupport.parkNanos(1_000_000); // the window is full: wait for acks
                        }
                    }
                    published.incrementAndGet();
                    LockSupport.parkNanos(500_000); // a gateway's pace, so that the kill lands mid-stream
                }
            }
            pub.disconnect();
            pub.close();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(String jdbc, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbc); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Set<String> stored(String jdbc) throws Exception {
        Set<String> out = new HashSet<>();
        try (Connection c = DriverManager.getConnection(jdbc); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT device, seq FROM readings")) {
            while (rs.next()) {
                out.add(rs.getString(1) + "/" + rs.getLong(2));
            }
        }
        return out;
    }
}
