package io.holdfast.esp32.it;

import static io.holdfast.testkit.HoldfastOptions.bundleOf;
import static io.holdfast.testkit.HoldfastOptions.freePort;
import static io.holdfast.testkit.HoldfastOptions.gatewayRuntime;
import static io.holdfast.testkit.HoldfastOptions.projectBundle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.ops4j.pax.exam.CoreOptions.options;

import io.holdfast.api.queue.DurableQueue;
import io.holdfast.api.status.LinkStatus;
import io.holdfast.simulator.Faults;
import io.holdfast.simulator.SimDevice;
import io.holdfast.simulator.TcpFleet;
import io.holdfast.testkit.TestDirs;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Devices to backend with the real bundles: simulated TCP devices, the driver, the MQTT cloud connection's
 * CloudPublisher, the SQLite store, a Mosquitto broker, and a backend subscriber. Each device ack follows the commit in
 * SQLite; every reading reaches the broker.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EndToEndIT extends Esp32TestSupport {

    private static final Pattern SOURCE = Pattern.compile("\"source\":\"([^\"]+)\"");
    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");

    @Configuration
    public Option[] config() {
        return options(gatewayRuntime(projectBundle(), bundleOf(io.holdfast.api.reading.Reading.class),
                bundleOf(org.eclipse.kura.KuraException.class), bundleOf(com.fazecast.jSerialComm.SerialPort.class),
                bundleOf(org.eclipse.paho.client.mqttv3.MqttClient.class),
                bundleOf(io.holdfast.simulator.SimDevice.class),
                bundleOf(io.holdfast.store.sqlite.impl.SqliteQueue.class), bundleOf(org.sqlite.SQLiteDataSource.class),
                bundleOf(io.holdfast.cloud.mqtt.impl.MqttCloudEndpoint.class), bundleOf(com.google.gson.Gson.class),
                bundleOf(com.google.protobuf.Message.class)));
    }

    @Test
    public void devicesToBrokerThroughTheRealCloudConnectionAndStore() throws Exception {
        int brokerPort = freePort();
        Path conf = TestDirs.target().resolve("mosquitto-e2e-" + brokerPort + ".conf");
        Files.writeString(conf, "listener " + brokerPort + " 127.0.0.1\nallow_anonymous true\npersistence false\n"
                + "user root\nmax_inflight_messages 0\nmax_queued_messages 1000000\n");
        Process broker = new ProcessBuilder("/usr/sbin/mosquitto", "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(TestDirs.target().resolve("mosquitto-e2e.log").toFile()).start();
        Set<String> backend = ConcurrentHashMap.newKeySet();
        try {
            await().atMost(TIMEOUT).ignoreExceptions().until(() -> {
                try (Socket s = new Socket("127.0.0.1", brokerPort)) {
                    return true;
                }
            });
            String url = "tcp://127.0.0.1:" + brokerPort;
            MqttClient sub = new MqttClient(url, "backend-" + brokerPort, new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(true);
            o.setMaxInflight(1000);
            sub.connect(o);
            sub.subscribe("acme/#", 1, (topic, m) -> {
                String json = new String(m.getPayload(), StandardCharsets.UTF_8);
                Matcher src = SOURCE.matcher(json);
                Matcher seq = SEQ.matcher(json);
                if (src.find() && seq.find()) {
                    backend.add(src.group(1) + "#" + seq.group(1));
                }
            });

            DurableQueue queue = service(DurableQueue.class, "(" + DurableQueue.QUEUE_NAME + "=default)");
            createLink("io.holdfast.cloud.mqtt.MqttCloudEndpoint", Map.of("kura.service.pid", "cloud-e2e", "broker.url",
                    url, "client.id", "gw-e2e", "account.name", "acme", "payload.encoding", "SIMPLE_JSON"));
            createLink("io.holdfast.cloud.mqtt.MqttCloudPublisher", Map.of("kura.service.pid", PUBLISHER_PID,
                    "cloud.endpoint.service.pid", "cloud-e2e", "appId", "W1", "app.topic", "readings/{device}"));
            configureGateway(Map.of("publish.threads", 32));
            int port = freePort();
            org.osgi.service.cm.Configuration link = createLink(TCP, Map.of("port", port, "bind.address", "127.0.0.1"));
            awaitLink(link, LinkStatus.State.UP);

            TcpFleet.Options fo = new TcpFleet.Options("127.0.0.1", port, 100, 20, SimDevice.Mode.NATIVE, false, 0,
                    Faults.NONE, 5_000, 0x3C, 5, null);
            try (TcpFleet fleet = new TcpFleet(fo)) {
                fleet.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> fleet.generated() >= 10_000);
                fleet.pause();
                await().atMost(Duration.ofSeconds(90)).until(() -> fleet.unacked() == 0);
                assertThat(fleet.acked()).isEqualTo(fleet.generated());
                assertThat(queue.stats().enqueued()).isGreaterThanOrEqualTo(fleet.generated());
                await().atMost(Duration.ofSeconds(60)).until(() -> backend.size() == fleet.generated());
                await().atMost(Duration.ofSeconds(30)).until(() -> queue.stats().depth() == 0);
                assertThat(counter("readings.duplicate")).isLessThanOrEqualTo(fleet.framesSent());
            }
            sub.disconnect();
            sub.close();
        } finally {
            broker.destroy();
            broker.waitFor();
        }
    }

    static void delete(Path p) throws IOException {
        Files.deleteIfExists(p);
    }
}
