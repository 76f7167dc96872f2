package io.holdfast.backend.dashboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.holdfast.simulator.SimDevice;
import io.holdfast.simulator.TcpFleet;
import io.holdfast.testkit.JarProcess;
import io.holdfast.testkit.Mosquitto;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.Test;

/**
 * The gateway jar publishing to the backend jar (issue 13), both started as an operator starts them: simulated ESP32
 * devices (the simulator's TCP fleet) send readings to the gateway's TCP link; the gateway stores each in SQLite, acks
 * it to its device, and its cloud connection publishes it; the backend ingests it into its SQLite database. Once
 * through a Mosquitto the test starts and once through the backend's embedded broker (Moquette, {@code --mqtt-port}).
 * At the end the exact set of (device, seq) acked to the devices must be a subset of the set the backend stored (the
 * gateway publishes what it acked, and may publish more: what it stored and had not acked yet), and nothing is stored
 * twice: each device's count of readings in the registry equals its rows.
 */
public class GatewayToBackendIT {

    static final String GW = "e2e-gw";
    static final int DEVICES = 10;
    static final double RATE = 20; // readings per second and device
    static final int READINGS = 3_000; // acked before the fleet pauses
    static final Duration LONG = Duration.ofMinutes(3);

    @Test
    public void throughAMosquittoTheTestStarts() throws Exception {
        try (Mosquitto broker = Mosquitto.anonymous().start()) {
            run("mosquitto", List.of("--broker", broker.url()), broker.url());
        }
    }

    @Test
    public void throughTheBackendsEmbeddedBroker() throws Exception {
        int mqtt = Site.freePort();
        run("embedded", List.of("--mqtt-port", Integer.toString(mqtt)), "tcp://127.0.0.1:" + mqtt);
    }

    private static void run(String name, List<String> backendMqtt, String brokerUrl) throws Exception {
        Path dir = Site.TARGET.resolve("e2e").resolve(name + "-" + System.nanoTime());
        int api = Site.freePort();
        try (JarProcess backend = Site.backend(dir.resolve("backend"), api, backendMqtt)) {
            String token = Site.adminToken(backend);
            int console = Site.freePort();
            int tcp = Site.freePort();
            try (JarProcess gateway = Site.gateway(dir.resolve("gateway"), console)) {
                configure(console, brokerUrl, tcp);
                await().atMost(LONG).until(() -> Fixtures.api(api, token, "GET", "/gateways", null)[1]
                        .contains("\"clientId\":\"" + GW + "\",\"account\":\"holdfast\",\"online\":true"));
                await().atMost(LONG).until(() -> listening(tcp));
                TcpFleet fleet = new TcpFleet(TcpFleet.Options.simple("127.0.0.1", tcp, DEVICES, RATE));
                Set<String> acked;
                try {
                    fleet.start();
                    await().atMost(LONG).until(() -> fleet.acked() >= READINGS);
                    fleet.pause();
                    // a device acked in order; what it still holds at the end is not in the acked set (exact either
                    // way)
                    awaitQuietly(() -> fleet.unacked() == 0);
                    acked = acked(fleet);
                } finally {
                    fleet.close();
                }
                Path db = dir.resolve("backend/data/backend/holdfast.db");
                awaitQuietly(() -> stored(db).keySet().containsAll(acked));
                Map<String, Long> stored = stored(db);
                Set<String> missing = new TreeSet<>(acked);
                missing.removeAll(stored.keySet());
                Map<String, long[]> perDevice = perDevice(db);
                String report = name + ": acked to the devices " + acked.size() + ", stored by the backend "
                        + stored.size() + " distinct (device, seq), acked and not stored " + missing.size()
                        + ", stored and not acked " + (stored.size() - (acked.size() - missing.size()))
                        + ", rows stored more than once " + stored.values().stream().filter(n -> n > 1).count() + "\n";
                Files.writeString(dir.resolve("report.txt"), report);
                System.out.print(report);
                assertThat(acked).as("acked").hasSizeGreaterThanOrEqualTo(READINGS);
                assertThat(missing).as("acked to a device but not stored by the backend").isEmpty();
                assertThat(stored.values()).as("rows per (device, seq)").allMatch(n -> n == 1);
                perDevice.forEach((device, counts) -> assertThat(counts[0])
                        .as("readings counted in the registry for " + device + " = rows stored").isEqualTo(counts[1]));
                assertThat(perDevice.keySet()).as("devices").hasSize(DEVICES);
                gateway.alive();
                backend.alive();
            }
        }
    }

    /** The gateway's cloud connection to the broker, its TCP link on a free port, and no seed MQTT link (1883). */
    private static void configure(int console, String brokerUrl, int tcp) {
        await().atMost(LONG)
                .until(() -> Fixtures.configure(console, "io.holdfast.cloud.mqtt.MqttCloudEndpoint~holdfast-cloud",
                        Map.of("kura.service.pid", "holdfast-cloud", "broker.url", brokerUrl, "client.id", GW,
                                "account.name", "holdfast", "DurableQueue.target",
                                "(holdfast.queue.name=default)")) < 400);
        await().atMost(LONG).until(() -> Fixtures.configure(console, "io.holdfast.esp32.TcpLink~esp32-wifi",
                Map.of("kura.service.pid", "esp32-wifi", "port", Integer.toString(tcp))) < 400);
        await().atMost(LONG)
                .until(() -> Site.console(console, "POST",
                        "/system/console/configMgr/io.holdfast.esp32.MqttIngestLink~esp32-seed-mqtt",
                        "apply=true&delete=true") < 400);
    }

    static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The exact set of (device, seq) acknowledged to the devices: each acks in order, cumulatively. */
    static Set<String> acked(TcpFleet fleet) {
        Set<String> out = new HashSet<>();
        for (SimDevice d : fleet.devices()) {
            long next = d.nextSeq();
            long first = next - d.generated();
            long end = next - d.unacked();
            for (long s = first; s < end; s++) {
                out.add(d.mac() + "#" + (s & 0xFFFF_FFFFL));
            }
        }
        return out;
    }

    /** Every (device, seq) in the backend's readings table, with its number of rows. */
    static Map<String, Long> stored(Path db) throws Exception {
        Map<String, Long> out = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT device, seq, COUNT(*) FROM readings GROUP BY device, seq")) {
            while (rs.next()) {
                out.put(rs.getString(1) + "#" + rs.getLong(2), rs.getLong(3));
            }
        }
        return out;
    }

    /** Per device: {readings the registry counted, rows stored}. */
    static Map<String, long[]> perDevice(Path db) throws Exception {
        Map<String, long[]> out = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT d.device, d.readings, (SELECT COUNT(*) FROM readings r "
                        + "WHERE r.device = d.device) FROM devices d")) {
            while (rs.next()) {
                out.put(rs.getString(1), new long[] { rs.getLong(2), rs.getLong(3) });
            }
        }
        return out;
    }

    private static void awaitQuietly(java.util.concurrent.Callable<Boolean> condition) {
        try {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(condition);
        } catch (ConditionTimeoutException e) {
            // what is missing is reported and asserted below
        }
    }
}
