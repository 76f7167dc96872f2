package io.holdfast.esp32.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.holdfast.api.status.LinkStatus;
import io.holdfast.simulator.MqttFleet;
import io.holdfast.testkit.Mosquitto;
import io.holdfast.testkit.RecordingPublisher;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.message.KuraPayload;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The seed firmware's payloads, published by Debian's {@code mosquitto_pub} to a Mosquitto broker this test starts,
 * arrive through the MQTT ingest link as correct readings.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MqttIngestIT extends Esp32TestSupport {

    private static final String NODE = "40:91:51:CB:A4:64";
    private static final String GW = "3C:E9:0E:72:12:4C";

    private Mosquitto broker;
    private int port;

    @Configuration
    public Option[] config() {
        return esp32Runtime();
    }

    @Before
    public void startBroker() {
        broker = Mosquitto.anonymous().start();
        port = broker.port;
    }

    @After
    public void stopBroker() {
        broker.close();
    }

    @Test
    public void seedPayloadsFromMosquittoPubBecomeCorrectReadings() throws Exception {
        RecordingPublisher publisher = new RecordingPublisher();
        register(publisher);
        configureGateway(Map.of());
        org.osgi.service.cm.Configuration link = createLink(MQTT, Map.of("broker.url", "tcp://127.0.0.1:" + port,
                "client.id", "holdfast-it-" + port, "reconnect.backoff.max.seconds", 2));
        awaitLink(link, LinkStatus.State.UP);

        long before = System.currentTimeMillis();
        broker.publishRetained("/readings/temperature/" + NODE,
                "{\"macAddress\":\"" + NODE + "\", \"timestamp\":93387, \"temperature\":21.37}");
        broker.publishRetained("/readings/gateway/" + GW,
                "{\"macAddress\":\"" + GW + "\", \"timestamp\":93387, \"rssi\":65}");
        await().atMost(TIMEOUT).until(() -> publisher.count() == 2);
        long after = System.currentTimeMillis();

        KuraPayload t = publisher.from(NODE).get(0).getPayload();
        assertThat(t.getMetric("temperature")).isEqualTo(21.37);
        assertThat(t.getMetric("temperature.unit")).isEqualTo("Cel");
        assertThat(t.getMetric("sensor.type")).isEqualTo("temperature");
        assertThat(t.getMetric("source")).isEqualTo(NODE);
        assertThat(t.getMetric("uptime")).isEqualTo(93387L);
        assertThat(t.getMetric("seq")).isEqualTo(0L);
        assertThat(t.getMetric("flags").toString()).contains("SEQ_ASSIGNED", "TIME_FROM_UPTIME")
                .doesNotContain("UNDECODED");
        assertThat(t.getTimestamp().getTime()).isBetween(before, after);

        KuraPayload r = publisher.from(GW).get(0).getPayload();
        assertThat(r.getMetric("rssi")).isEqualTo(-51L);
        assertThat(r.getMetric("rssi.unit")).isEqualTo("dBm");
        assertThat(r.getMetric("rssi.percent")).isEqualTo(65L);
        assertThat(r.getMetric("sensor.type")).isEqualTo("rssi");

        // the link restarts: the broker delivers the retained messages again, the driver knows them
        long duplicates = counter("readings.duplicate");
        link.update(new java.util.Hashtable<>(Map.of("broker.url", "tcp://127.0.0.1:" + port, "client.id",
                "holdfast-it-" + port + "-b", "reconnect.backoff.max.seconds", 2)));
        await().atMost(TIMEOUT).until(() -> counter("readings.duplicate") >= duplicates + 2);
        assertThat(publisher.messages()).hasSize(2);

        // a fleet of seed devices: every message arrives once
        try (MqttFleet fleet = new MqttFleet("tcp://127.0.0.1:" + port, 20, 5, 0x40)) {
            fleet.start();
            await().atMost(TIMEOUT).until(() -> fleet.published() >= 300);
            fleet.close();
            long published = fleet.published();
            await().atMost(Duration.ofSeconds(30)).until(() -> publisher.count() == 2 + published);
            assertThat(fleet.failures()).isZero();
            List<KuraMessage> all = publisher.messages();
            List<KuraMessage> fromFleet = all.subList(2, all.size());
            assertThat(fromFleet).allMatch(m -> m.getPayload().getMetric("flags").toString().contains("SEQ_ASSIGNED"));
        }
        assertThat(publisher.duplicates()).isZero();
    }
}
