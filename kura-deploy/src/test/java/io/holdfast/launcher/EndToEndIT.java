package io.holdfast.launcher;

import static io.holdfast.testkit.HoldfastOptions.bundleOf;
import static io.holdfast.testkit.HoldfastOptions.freePort;
import static io.holdfast.testkit.HoldfastOptions.gatewayRuntime;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.ops4j.pax.exam.CoreOptions.options;

import io.holdfast.api.queue.DurableQueue;
import io.holdfast.api.status.GatewayStatus;
import io.holdfast.api.status.LinkStatus;
import io.holdfast.api.status.StatusProvider;
import io.holdfast.simulator.Faults;
import io.holdfast.simulator.SimDevice;
import io.holdfast.simulator.TcpFleet;
import io.holdfast.testkit.HoldfastTestSupport;
import io.holdfast.testkit.Mosquitto;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Devices to backend with the bundles of the gateway runtime this module built: simulated TCP devices, the driver, the
 * MQTT cloud connection's CloudPublisher, the SQLite store, a Mosquitto broker, and a backend subscriber. Each device
 * ack follows the commit in SQLite; the broker delivers exactly the set of (device, seq) the devices sent.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EndToEndIT extends HoldfastTestSupport {

    private static final String DRIVER = "io.holdfast.esp32.Esp32Driver";
    private static final String PUBLISHER_PID = "e2e-publisher";
    private static final Pattern SOURCE = Pattern.compile("\"source\":\"([^\"]+)\"");
    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");

    private final List<org.osgi.service.cm.Configuration> configs = new ArrayList<>();

    @Configuration
    public Option[] config() {
        return options(gatewayRuntime(GatewayBundles.gatewayBundleOptions()),
                bundleOf(io.holdfast.simulator.SimDevice.class));
    }

    @After
    public void deleteConfigurations() throws IOException {
        for (org.osgi.service.cm.Configuration c : configs) {
            c.delete();
        }
    }

    @Test
    public void devicesToBrokerThroughTheRealCloudConnectionAndStore() throws Exception {
        Set<String> backend = ConcurrentHashMap.newKeySet();
        try (Mosquitto broker = Mosquitto.anonymous().start()) {
            MqttClient sub = new MqttClient(broker.url(), "backend-" + broker.port, new MemoryPersistence());
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
            factory("io.holdfast.cloud.mqtt.MqttCloudEndpoint", Map.of("kura.service.pid", "cloud-e2e", "broker.url",
                    broker.url(), "client.id", "gw-e2e", "account.name", "acme", "payload.encoding", "SIMPLE_JSON"));
            factory("io.holdfast.cloud.mqtt.MqttCloudPublisher", Map.of("kura.service.pid", PUBLISHER_PID,
                    "cloud.endpoint.service.pid", "cloud-e2e", "appId", "W1", "app.topic", "readings/{device}"));
            org.osgi.service.cm.Configuration driver = configAdmin().getConfiguration(DRIVER, "?");
            driver.update(new Hashtable<>(Map.of("CloudPublisher.target", "(kura.service.pid=" + PUBLISHER_PID + ")",
                    "publish.threads", 32)));
            configs.add(driver);
            int port = freePort();
            org.osgi.service.cm.Configuration link = factory("io.holdfast.esp32.TcpLink",
                    Map.of("port", port, "bind.address", "127.0.0.1"));
            await().atMost(TIMEOUT).until(() -> linkState(link) == LinkStatus.State.UP);

            TcpFleet.Options fo = new TcpFleet.Options("127.0.0.1", port, 100, 20, SimDevice.Mode.NATIVE, false, 0,
                    Faults.NONE, 5_000, 0x3C, 5, null);
            try (TcpFleet fleet = new TcpFleet(fo)) {
                fleet.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> fleet.generated() >= 10_000);
                fleet.pause();
                await().atMost(Duration.ofSeconds(90)).until(() -> fleet.unacked() == 0);
                assertThat(fleet.acked()).isEqualTo(fleet.generated());
                assertThat(queue.stats().enqueued()).isGreaterThanOrEqualTo(fleet.generated());
                Set<String> sent = sent(fleet);
                assertThat(sent).hasSize((int) fleet.generated());
                await().atMost(Duration.ofSeconds(60)).until(() -> backend.size() >= sent.size());
                assertThat(backend).isEqualTo(sent);
                await().atMost(Duration.ofSeconds(30)).until(() -> queue.stats().depth() == 0);
                assertThat(driverStatus().counter("readings.duplicate")).isLessThanOrEqualTo(fleet.framesSent());
            }
            sub.disconnect();
            sub.close();
        }
    }

    /** What the devices took: without faults a device's readings are the seqs before its next one, none skipped. */
    private static Set<String> sent(TcpFleet fleet) {
        Set<String> sent = new HashSet<>();
        for (SimDevice d : fleet.devices()) {
            for (long s = d.nextSeq() - d.generated(); s < d.nextSeq(); s++) {
                sent.add(d.mac() + "#" + (s & 0xFFFF_FFFFL));
            }
        }
        return sent;
    }

    private ConfigurationAdmin configAdmin() {
        return service(ConfigurationAdmin.class, null);
    }

    private org.osgi.service.cm.Configuration factory(String factoryPid, Map<String, Object> properties)
            throws IOException {
        org.osgi.service.cm.Configuration c = configAdmin().createFactoryConfiguration(factoryPid, "?");
        c.update(new Hashtable<>(properties));
        configs.add(c);
        return c;
    }

    private GatewayStatus driverStatus() {
        return service(StatusProvider.class, "(component.name=" + DRIVER + ")").status();
    }

    private LinkStatus.State linkState(org.osgi.service.cm.Configuration link) {
        List<LinkStatus> links = service(StatusProvider.class, "(service.pid=" + link.getPid() + ")").status().links();
        return links.isEmpty() ? null : links.get(0).state();
    }
}
