package io.holdfast.cloud.mqtt.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.holdfast.api.status.GatewayStatus;
import io.holdfast.cloud.mqtt.impl.session.Refusals;
import io.holdfast.store.sqlite.impl.SqliteQueue;
import io.holdfast.testkit.Commands;
import io.holdfast.testkit.ConfigAnnotations;
import io.holdfast.testkit.Mosquitto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.junit.Test;

/**
 * A Mosquitto ACL that denies the gateway one topic: with MQTT 5 the broker answers PUBACK "not authorized" and the
 * readings stay in the store, counted by reason, until the ACL lets them through; with MQTT 3.1.1 the broker answers a
 * plain PUBACK and drops them, which is what the README says (the gateway cannot see it).
 */
public class BrokerRefusalIT extends BrokerTestSupport {
    private static final Duration LONG = Duration.ofSeconds(60);
    /** Anonymous clients (the test's backend subscriber) read everything; the gateway may not write W1. */
    private static final String DENY_W1 = "topic read acme/#\n\nuser gateway\ntopic readwrite $EDC/#\n"
            + "topic write acme/gw-1/W2/#\n";
    private static final String ALLOW_ALL = "topic read acme/#\n\nuser gateway\ntopic readwrite $EDC/#\n"
            + "topic write acme/#\n";

    private Mosquitto brokerDenyingW1() throws Exception {
        Mosquitto b = closeLater(
                new Mosquitto("allow_anonymous true\npassword_file @DIR@/passwd\nacl_file @DIR@/acl\nlog_type all\n"));
        Commands.run(List.of("mosquitto_passwd", "-c", "-b", b.dir.resolve("passwd").toString(), "gateway", "secret"),
                null);
        Files.writeString(b.dir.resolve("acl"), DENY_W1);
        return b.start();
    }

    private MqttCloudEndpoint endpoint(SqliteQueue queue, String url, String protocol) {
        return endpoint(queue, url, Map.of("mqtt.protocol", protocol, "username", "gateway", "password", "secret"));
    }

    private MqttCloudEndpoint endpoint(SqliteQueue queue, String url, Map<String, ?> overrides) {
        Map<String, Object> all = new HashMap<>(Map.of("broker.url", url, "client.id", "gw-1", "account.name", "acme",
                "backoff.min.ms", 100L, "backoff.max.ms", 1000L, "keep.alive", 2, "connect.timeout", 5));
        all.putAll(overrides);
        MqttCloudEndpoint e = new MqttCloudEndpoint(ConfigAnnotations.of(MqttCloudEndpointConfig.class, all),
                "cloud-acl", k -> null, "1.0.0");
        closeLater(e::close);
        e.bindQueue(queue);
        return e;
    }

    private static void publish(MqttCloudEndpoint e, String app, String device, long seq) throws KuraException {
        e.publish(new KuraMessage(Readings.reading(device, seq),
                Map.of("APP_ID", app, "APP_TOPIC", "readings/" + device, "QOS", 1)));
    }

    private static long counter(MqttCloudEndpoint e, String name) {
        return e.status().counters().getOrDefault(name, 0L);
    }

    @Test
    public void mqtt5KeepsRefusedReadingsCountsThemAndDeliversThemOnceTheAclAllows() throws Exception {
        Mosquitto broker = brokerDenyingW1();
        Readings.Counter backend = closeLater(new Readings.Counter(broker.url(), "acme/#"));
        SqliteQueue queue = closeLater(StoreQueues.fresh());
        MqttCloudEndpoint e = endpoint(queue, broker.url(), "5");
        await().atMost(LONG).until(e::isConnected);

        Set<String> sent = new HashSet<>();
        for (int seq = 1; seq <= 100; seq++) {
            publish(e, "W1", "denied", seq);
            sent.add("denied#" + seq);
            publish(e, "W2", "allowed", seq);
            sent.add("allowed#" + seq);
        }
        // W2 goes through; W1 is refused with 0x87 and stays in the store (the backlog)
        await().atMost(LONG).until(() -> backend.distinct.size() == 100);
        await().atMost(LONG).until(() -> counter(e, Refusals.COUNTER_NOT_AUTHORIZED) >= 100);
        assertThat(backend.distinct).allMatch(r -> r.startsWith("allowed#"));
        assertThat(queue.stats().depth()).isEqualTo(100);
        GatewayStatus status = e.status();
        assertThat(status.counters()).containsKeys(Refusals.COUNTER_QUOTA_EXCEEDED, Refusals.COUNTER_PAYLOAD_TOO_LARGE,
                Refusals.COUNTER_OTHER);
        assertThat(status.counters().get(Refusals.COUNTER_OTHER)).isZero();
        assertThat(status.links().get(0).lastError()).contains("not authorized (0x87)").contains("acme/gw-1/W1");
        assertThat(status.links().get(0).detail()).contains("MQTT 5");

        // retried with a back-off (100 ms doubling to 1 s in this test), not in a hot loop: once the back-off reached
        // its ceiling (after the 4th refusal), each of the 100 readings goes again at most every 0.5 s
        await().atMost(LONG).until(() -> counter(e, Refusals.COUNTER_NOT_AUTHORIZED) >= 500);
        long before = counter(e, Refusals.COUNTER_NOT_AUTHORIZED);
        long t0 = System.nanoTime();
        await().pollDelay(Duration.ofSeconds(2)).atMost(LONG).until(() -> true);
        double seconds = (System.nanoTime() - t0) / 1e9;
        long retried = counter(e, Refusals.COUNTER_NOT_AUTHORIZED) - before;
        assertThat(retried).as("refusals in %.1f s", seconds).isLessThanOrEqualTo((long) (100 * (seconds / 0.5 + 1)));
        assertThat(queue.stats().depth()).isEqualTo(100);

        // the ACL now allows W1: the broker reloads it, the readings in the store go through, none lost
        Files.writeString(broker.dir.resolve("acl"), ALLOW_ALL);
        broker.reload();
        await().atMost(LONG).until(() -> queue.stats().depth() == 0);
        await().atMost(LONG).until(() -> backend.distinct.size() == 200);
        assertThat(backend.distinct).isEqualTo(sent);
        assertThat(backend.errors).isEmpty();
    }

    @Test
    public void mqtt311CannotSeeTheDenialTheBrokerAcknowledgesAndDropsTheReadings() throws Exception {
        Mosquitto broker = brokerDenyingW1();
        Readings.Counter backend = closeLater(new Readings.Counter(broker.url(), "acme/#"));
        SqliteQueue queue = closeLater(StoreQueues.fresh());
        MqttCloudEndpoint e = endpoint(queue, broker.url(), "3.1.1");
        List<String> confirmed = new CopyOnWriteArrayList<>();
        e.registerCloudDeliveryListener(confirmed::add);
        await().atMost(LONG).until(e::isConnected);

        for (int seq = 1; seq <= 50; seq++) {
            publish(e, "W1", "denied", seq);
        }
        // the broker acknowledges them all: the store deletes them
        await().atMost(LONG).until(() -> confirmed.size() == 50 && queue.stats().depth() == 0);
        // a reading on an allowed topic, sent after them on the same connection, arrives: the denied ones would have
        publish(e, "W2", "allowed", 1);
        await().atMost(LONG).until(() -> backend.distinct.contains("allowed#1"));
        assertThat(backend.distinct).containsExactly("allowed#1");
        assertThat(e.status().counters()).doesNotContainKey(Refusals.COUNTER_NOT_AUTHORIZED);
        assertThat(e.status().links().get(0).detail()).contains("MQTT 3.1.1").contains("not visible");
        assertThat(Files.readString(broker.log())).contains("Denied PUBLISH from gw-1");
    }

    @Test
    public void mqtt5KeepsTheWindowWithinTheBrokersReceiveMaximum() throws Exception {
        // Mosquitto's default: 20 QoS 1 messages in flight per client, announced as Receive Maximum in CONNACK; Paho's
        // MQTT 5 client refuses a publish beyond it, which would end the session if the window of 256 ignored it
        Mosquitto broker = closeLater(new Mosquitto("allow_anonymous true\nmax_inflight_messages 20\n")).start();
        Readings.Counter backend = closeLater(new Readings.Counter(broker.url(), "acme/#"));
        SqliteQueue queue = closeLater(StoreQueues.fresh());
        MqttCloudEndpoint e = endpoint(queue, broker.url(), Map.of("mqtt.protocol", "5"));
        await().atMost(LONG).until(e::isConnected);
        Set<String> sent = new HashSet<>();
        for (int seq = 1; seq <= 2000; seq++) {
            publish(e, "W1", "dev-" + seq % 4, seq);
            sent.add("dev-" + seq % 4 + "#" + seq);
        }
        await().atMost(LONG).until(() -> queue.stats().depth() == 0);
        await().atMost(LONG).until(() -> backend.distinct.size() == 2000);
        assertThat(backend.distinct).isEqualTo(sent);
        assertThat(e.link().reconnects()).as("the session never ended").isZero();
        assertThat(e.link().lastError()).isNull();
    }
}
