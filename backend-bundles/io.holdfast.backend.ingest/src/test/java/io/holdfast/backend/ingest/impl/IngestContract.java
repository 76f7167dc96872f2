package io.holdfast.backend.ingest.impl;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.holdfast.backend.ingest.impl.wire.Payloads;
import io.holdfast.backend.ingest.impl.wire.proto.KuraPayloadProto.KuraPayload;
import io.holdfast.backend.store.GatewayInfo;
import io.holdfast.backend.store.impl.JdbcBackendStore;
import io.holdfast.backend.store.impl.JdbcBackendStoreConfig;
import io.holdfast.backend.store.impl.TestDatabases;
import io.holdfast.backend.store.impl.TestDatabases.TestDatabase;
import io.holdfast.testkit.ConfigAnnotations;
import io.holdfast.testkit.Mosquitto;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The ingest against a real Mosquitto and a real database (SQLite and PostgreSQL, by the two subclasses): what a
 * gateway and seed devices publish, re-sent, is stored once each; the set of (device, seq) stored is the set sent.
 */
public abstract class IngestContract {

    Mosquitto broker;
    TestDatabase db;
    JdbcBackendStore store;
    final List<MqttIngest> ingests = new ArrayList<>();
    MqttClient publisher;

    abstract TestDatabase database();

    @Before
    public void start() throws Exception {
        broker = Mosquitto.anonymous().start();
        db = database();
        store = new JdbcBackendStore(ConfigAnnotations.of(JdbcBackendStoreConfig.class,
                Map.of("jdbc.url", db.url(), "jdbc.user", db.user())), TestDatabases.target());
        publisher = new MqttClient(broker.url(), "gateway-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMaxInflight(1000);
        publisher.connect(o);
    }

    MqttIngest ingest(Map<String, Object> extra) throws Exception {
        Map<String, Object> cfg = new HashMap<>(
                Map.of("broker.url", broker.url(), "client.id", "backend-" + UUID.randomUUID(), "topics",
                        new String[] { "#", "$EDC/+/+/MQTT/+", "$EDC/+/+/HOLDFAST-V1/STATUS" }));
        cfg.putAll(extra);
        MqttIngest i = new MqttIngest(ConfigAnnotations.of(MqttIngestConfig.class, cfg), store);
        ingests.add(i);
        return i;
    }

    @After
    public void stop() throws Exception {
        if (publisher != null && publisher.isConnected()) {
            publisher.disconnect();
        }
        ingests.forEach(MqttIngest::close);
        store.close();
        db.close();
        broker.close();
    }

    void publish(String topic, byte[] payload) throws Exception {
        publisher.publish(topic, payload, 1, false);
    }

    Set<String> stored() throws Exception {
        Set<String> out = new HashSet<>();
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT device, seq FROM readings")) {
            while (rs.next()) {
                out.add(rs.getString(1) + "#" + rs.getLong(2));
            }
        }
        return out;
    }

    static void awaitSubscribed(MqttIngest... ingests) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> java.util.Arrays.stream(ingests).allMatch(MqttIngest::subscribed));
    }

    @Test
    public void storesEveryReadingOnceWhateverIsSentAgain() throws Exception {
        MqttIngest ingest = ingest(Map.of());
        awaitSubscribed(ingest);
        Set<String> sent = new HashSet<>(stored());
        long t0 = 1_767_225_600_000L;
        for (int d = 0; d < 10; d++) {
            String dev = "dev-" + d;
            List<KuraPayload> batch = new ArrayList<>();
            for (int seq = 0; seq < 200; seq++) {
                KuraPayload r = Payloads.reading(dev, seq, t0 + seq * 60_000L, 2 + seq % 7);
                sent.add(dev + "#" + seq);
                if (seq % 2 == 0) {
                    publish("holdfast/gw-1/ESP32/readings/" + dev, r.toByteArray());
                } else {
                    batch.add(r);
                }
                if (seq % 10 == 0) { // a gateway re-sends what it had in flight
                    publish("holdfast/gw-1/ESP32/readings/" + dev, r.toByteArray());
                }
            }
            publish("holdfast/gw-1/ESP32/readings/" + dev, Payloads.batch(dev, batch));
            publish("holdfast/gw-1/ESP32/readings/" + dev, Payloads.batch(dev, batch.subList(0, 20)));
        }
        byte[] seed = "{\"macAddress\":\"40:91:51:CB:A4:64\",\"timestamp\":93387,\"temperature\":21.37}"
                .getBytes(UTF_8);
        publish("/readings/temperature/40:91:51:CB:A4:64", seed);
        publish("/readings/temperature/40:91:51:CB:A4:64", seed); // a retained re-delivery
        publish("holdfast/gw-1/ESP32/readings/broken", new byte[] { (byte) 0xff, 0x01 });
        publish("$EDC/holdfast/gw-1/MQTT/BIRTH",
                KuraPayload.newBuilder().addMetric(Payloads.str("firmware_version", "0.1.0")).build().toByteArray());
        await().atMost(Duration.ofSeconds(60)).until(() -> stored().size() >= sent.size() + 1);
        Set<String> stored = stored();
        Set<String> seedKeys = new HashSet<>(stored);
        seedKeys.removeAll(sent);
        assertThat(seedKeys).hasSize(1).allMatch(k -> k.startsWith("40:91:51:CB:A4:64#-"));
        stored.removeAll(seedKeys);
        assertThat(stored).isEqualTo(sent);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !store.deadLetters(0, Long.MAX_VALUE, 10).isEmpty() && !store.gateways().isEmpty());
        assertThat(store.deadLetters(0, Long.MAX_VALUE, 10)).singleElement()
                .satisfies(m -> assertThat((String) m.get("reason")).startsWith("not a Kura protobuf payload"));
        GatewayInfo g = store.gateways().get(0);
        assertThat(g.clientId()).isEqualTo("gw-1");
        assertThat(g.online()).isTrue();
        assertThat(store.device("dev-3").orElseThrow().readings()).isEqualTo(200);
    }

    @Test
    public void keepsTheBacklogAGatewayReportsInItsBirthAndItsStatus() throws Exception {
        MqttIngest ingest = ingest(Map.of());
        awaitSubscribed(ingest);
        publish("$EDC/holdfast/gw-b/MQTT/BIRTH",
                KuraPayload.newBuilder().addMetric(Payloads.str("display_name", "b"))
                        .addMetric(Payloads.lng("backlog_messages", 5))
                        .addMetric(Payloads.lng("backlog_oldest_age_ms", 900)).build().toByteArray());
        await().atMost(Duration.ofSeconds(30)).until(() -> backlog("gw-b") != null);
        assertThat(backlog("gw-b").messages()).isEqualTo(5);
        assertThat(backlog("gw-b").oldestAgeMs()).isEqualTo(900);
        publish("$EDC/holdfast/gw-b/HOLDFAST-V1/STATUS",
                KuraPayload.newBuilder().addMetric(Payloads.lng("backlog_messages", 0))
                        .addMetric(Payloads.lng("backlog_oldest_age_ms", 0)).build().toByteArray());
        await().atMost(Duration.ofSeconds(30)).until(() -> backlog("gw-b").messages() == 0);
        GatewayInfo b = store.gateways().stream().filter(g -> g.clientId().equals("gw-b")).findFirst().orElseThrow();
        assertThat(b.lastEvent()).isEqualTo("BIRTH"); // a status is not a lifecycle event
        assertThat(b.birth()).containsEntry("display_name", "b");
        // a status from a gateway whose BIRTH the backend missed (started later) names it
        publish("$EDC/holdfast/gw-c/HOLDFAST-V1/STATUS",
                KuraPayload.newBuilder().addMetric(Payloads.lng("backlog_messages", 42))
                        .addMetric(Payloads.lng("backlog_oldest_age_ms", 7000)).build().toByteArray());
        await().atMost(Duration.ofSeconds(30)).until(() -> backlog("gw-c") != null);
        assertThat(backlog("gw-c")).satisfies(x -> {
            assertThat(x.messages()).isEqualTo(42);
            assertThat(x.oldestAgeMs()).isEqualTo(7000);
            assertThat(x.reportedAt()).isPositive();
        });
        // a BIRTH without backlog metrics (a Kura gateway) leaves the backlog unreported
        publish("$EDC/holdfast/gw-k/MQTT/BIRTH",
                KuraPayload.newBuilder().addMetric(Payloads.str("display_name", "kura")).build().toByteArray());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> store.gateways().stream().anyMatch(g -> g.clientId().equals("gw-k")));
        assertThat(backlog("gw-k")).isNull();
    }

    private GatewayInfo.Backlog backlog(String clientId) throws Exception {
        return store.gateways().stream().filter(g -> g.clientId().equals(clientId)).findFirst()
                .map(GatewayInfo::backlog).orElse(null);
    }

    @Test
    public void splitsAStreamBetweenTwoBackendsOfOneSharedGroup() throws Exception {
        MqttIngest a = ingest(Map.of("share.group", "backends"));
        MqttIngest b = ingest(Map.of("share.group", "backends"));
        awaitSubscribed(a, b);
        Set<String> sent = new HashSet<>(stored());
        long before = a.counters()[0] + b.counters()[0];
        long duplicatesBefore = a.counters()[1] + b.counters()[1];
        for (int seq = 0; seq < 2000; seq++) {
            publish("holdfast/gw-2/ESP32/readings/s", Payloads.reading("s", seq, 1000L + seq, 1).toByteArray());
            sent.add("s#" + seq);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> stored().size() >= sent.size());
        assertThat(stored()).isEqualTo(sent);
        long[] ca = a.counters();
        long[] cb = b.counters();
        assertThat(ca[0] + cb[0] - before).as("readings stored by the two").isEqualTo(2000);
        assertThat(ca[1] + cb[1] - duplicatesBefore).as("duplicates: each message went to one backend only").isZero();
        assertThat(ca[0]).isGreaterThan(100);
        assertThat(cb[0]).isGreaterThan(100);
    }
}
