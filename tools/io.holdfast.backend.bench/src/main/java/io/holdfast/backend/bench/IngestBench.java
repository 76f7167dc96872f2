package io.holdfast.backend.bench;

import io.holdfast.backend.bench.Support.Database;
import io.holdfast.backend.bench.Support.Mosquitto;
import io.holdfast.backend.ingest.impl.MqttIngest;
import io.holdfast.backend.ingest.impl.MqttIngestConfig;
import io.holdfast.backend.ingest.impl.wire.proto.KuraPayloadProto;
import io.holdfast.backend.ingest.impl.wire.proto.KuraPayloadProto.KuraPayload;
import io.holdfast.backend.ingest.impl.wire.proto.KuraPayloadProto.KuraPayload.KuraMetric;
import io.holdfast.backend.ingest.impl.wire.proto.KuraPayloadProto.KuraPayload.KuraMetric.ValueType;
import io.holdfast.backend.store.BackendStore.StoredReading;
import io.holdfast.backend.store.LiveListener;
import io.holdfast.backend.store.impl.JdbcBackendStore;
import io.holdfast.backend.store.impl.JdbcBackendStoreConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.Semaphore;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Ingest from a broker: Holdfast batches (Kura protobuf, as the gateway publishes them) through Mosquitto into the real
 * MqttIngest and JdbcBackendStore, timed from the first publish to the last reading committed; then, on a fresh
 * database, a bare multi-row INSERT of the same readings and values rows (no decoding, no dedupe, no rollups, no
 * registry) and the ratio of the two.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true, description = "ingest readings/s vs a bare bulk load")
final class IngestBench implements Callable<Integer> {

    static final long T0 = 1_735_689_600_000L; // 2025-01-01T00:00:00Z

    @Option(names = "--readings", defaultValue = "500000", description = "readings per database (${DEFAULT-VALUE})")
    int readings;

    @Option(names = "--batch", defaultValue = "100", description = "readings per MQTT message (${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--devices", defaultValue = "100", description = "devices (${DEFAULT-VALUE})")
    int devices;

    @Option(names = "--databases", split = ",", defaultValue = "sqlite,postgresql")
    List<String> databases;

    @Option(names = "--pg-url", defaultValue = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres")
    String pgUrl;

    @Option(names = "--dir", defaultValue = "target/bench")
    Path dir;

    @Option(names = "--in-flight", defaultValue = "200", description = "QoS 1 publishes awaiting their PUBACK "
            + "(${DEFAULT-VALUE}); a synchronous publisher (1) measures its own round trips to the broker, not the ingest")
    int inFlight;

    @Override
    public Integer call() throws Exception {
        System.out.println("machine: " + BackendBench.machine());
        List<byte[]> payloads = payloads();
        try (Mosquitto broker = new Mosquitto(dir.resolve("mosquitto"))) {
            for (String kind : databases) {
                double ingest;
                try (Database db = open(kind)) {
                    ingest = ingest(db, broker, payloads, false);
                }
                double backlog;
                try (Database db = open(kind)) {
                    backlog = ingest(db, broker, payloads, true);
                }
                double bulk;
                try (Database db = open(kind)) {
                    bulk = bulk(db);
                }
                System.out.printf(
                        "%s: ingest %.0f readings/s while publishing, %.0f readings/s from a backlog "
                                + "in the broker; bare bulk load %.0f readings/s; ratios %.2f and %.2f; %s%n",
                        kind, ingest, backlog, bulk, ingest / bulk, backlog / bulk, BackendBench.machine());
            }
        }
        System.out.println("machine after: " + BackendBench.machine());
        return 0;
    }

    private Database open(String kind) throws Exception {
        return kind.equals("sqlite") ? Database.sqlite(dir) : Database.postgres(pgUrl);
    }

    private List<byte[]> payloads() {
        List<byte[]> out = new ArrayList<>();
        int perDevice = readings / devices;
        for (int seq = 0; seq < perDevice; seq += batch) {
            for (int d = 0; d < devices; d++) {
                KuraPayload.Builder b = KuraPayload.newBuilder().setTimestamp(T0).addMetric(
                        KuraMetric.newBuilder().setName("batch.size").setType(ValueType.INT32).setIntValue(batch))
                        .addMetric(str("device", "dev-" + d));
                for (int s = seq; s < Math.min(perDevice, seq + batch); s++) {
                    b.addExtension(KuraPayloadProto.batch, KuraPayload.newBuilder().setTimestamp(T0 + s * 60_000L)
                            .addMetric(KuraMetric.newBuilder().setName("temperature").setType(ValueType.DOUBLE)
                                    .setDoubleValue(4 + (s % 40) / 10.0))
                            .addMetric(KuraMetric.newBuilder().setName("seq").setType(ValueType.INT64).setLongValue(s))
                            .addMetric(str("source", "dev-" + d)).build());
                }
                out.add(b.build().toByteArray());
            }
        }
        return out;
    }

    private static KuraMetric str(String name, String v) {
        return KuraMetric.newBuilder().setName(name).setType(ValueType.STRING).setStringValue(v).build();
    }

    /**
     * {@code backlog}: everything is published while the ingest is stopped (its persistent session keeps the QoS 1
     * messages in the broker), and the time runs from its restart to the last reading committed: the ingest alone,
     * without the publisher competing for the CPUs.
     */
    private double ingest(Database db, Mosquitto broker, List<byte[]> payloads, boolean backlog) throws Exception {
        JdbcBackendStore store = new JdbcBackendStore(
                Support.config(JdbcBackendStoreConfig.class, Map.of("jdbc.url", db.url(), "alarm.check.seconds", 0)),
                dir);
        AtomicLong stored = new AtomicLong();
        store.addListener(new LiveListener() {
            @Override
            public void readingsStored(List<StoredReading> r) {
                stored.addAndGet(r.size());
            }
        });
        MqttIngestConfig config = Support.config(MqttIngestConfig.class, Map.of("broker.url", broker.url(), "client.id",
                "bench-" + db.kind() + System.nanoTime(), "topics", new String[] { "holdfast/#" }));
        MqttIngest ingest = new MqttIngest(config, store);
        try {
            MqttAsyncClient pub = new MqttAsyncClient(broker.url(), "bench-gateway-" + System.nanoTime(),
                    new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setMaxInflight(Math.max(100, inFlight));
            pub.connect(o).waitForCompletion();
            Semaphore window = new Semaphore(inFlight);
            // warm-up, and proof that the ingest subscribed: a reading of another device, until it is stored
            long warm = 0;
            while (stored.get() == 0) {
                KuraPayload w = KuraPayload.newBuilder().setTimestamp(T0).addMetric(str("source", "warm-up"))
                        .addMetric(KuraMetric.newBuilder().setName("seq").setType(ValueType.INT64).setLongValue(warm++))
                        .build();
                publish(pub, window, w.toByteArray());
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
            long before = stored.get();
            long target = before + (long) (readings / devices) * devices;
            if (backlog) {
                ingest.close();
            }
            long t0 = System.nanoTime();
            for (byte[] p : payloads) {
                publish(pub, window, p);
            }
            window.acquire(inFlight); // every PUBACK: the broker has them all
            if (backlog) {
                t0 = System.nanoTime();
                ingest = new MqttIngest(config, store);
            }
            while (stored.get() < target) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            pub.disconnect().waitForCompletion();
            pub.close();
            return (target - before) / seconds;
        } finally {
            ingest.close();
            store.close();
        }
    }

    /** A QoS 1 publish with at most the window's permits awaiting their PUBACK. */
    private static void publish(MqttAsyncClient pub, Semaphore window, byte[] payload) throws Exception {
        window.acquire();
        pub.publish("holdfast/gw-bench/ESP32/readings", payload, 1, false, null, new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                window.release();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable e) {
                System.err.println("publish failed: " + e);
                System.exit(1);
            }
        });
    }

    /** The same rows with plain multi-row INSERTs, 500 rows a statement, 5 000 readings a transaction. */
    private double bulk(Database db) throws Exception {
        new JdbcBackendStore(
                Support.config(JdbcBackendStoreConfig.class, Map.of("jdbc.url", db.url(), "alarm.check.seconds", 0)),
                dir).close(); // the schema
        int perDevice = readings / devices;
        int rows = 500;
        String readingSql = multi("INSERT INTO readings (device, seq, ts, received_at, gateway, topic, metrics)", 7,
                rows);
        String valueSql = multi("INSERT INTO reading_values (device, metric, ts, seq, value)", 5, rows);
        try (Connection c = DriverManager.getConnection(db.url());
                PreparedStatement pr = c.prepareStatement(readingSql);
                PreparedStatement pv = c.prepareStatement(valueSql)) {
            if (db.kind().equals("sqlite")) {
                try (java.sql.Statement s = c.createStatement()) { // as the store runs it
                    s.execute("PRAGMA synchronous=NORMAL");
                }
            }
            c.setAutoCommit(false);
            long t0 = System.nanoTime();
            int inTx = 0;
            int r = 0;
            int v = 0;
            for (int seq = 0; seq < perDevice; seq++) {
                for (int d = 0; d < devices; d++) {
                    String device = "dev-" + d;
                    long ts = T0 + seq * 60_000L;
                    double value = 4 + (seq % 40) / 10.0;
                    pr.setString(r * 7 + 1, device);
                    pr.setLong(r * 7 + 2, seq);
                    pr.setLong(r * 7 + 3, ts);
                    pr.setLong(r * 7 + 4, System.currentTimeMillis());
                    pr.setString(r * 7 + 5, "gw-bench");
                    pr.setString(r * 7 + 6, "holdfast/gw-bench/ESP32/readings");
                    pr.setString(r * 7 + 7,
                            "{\"temperature\":" + value + ",\"seq\":" + seq + ",\"source\":\"" + device + "\"}");
                    pv.setString(v * 5 + 1, device);
                    pv.setString(v * 5 + 2, "temperature");
                    pv.setLong(v * 5 + 3, ts);
                    pv.setLong(v * 5 + 4, seq);
                    pv.setDouble(v * 5 + 5, value);
                    if (++r == rows) {
                        pr.executeUpdate();
                        r = 0;
                    }
                    if (++v == rows) {
                        pv.executeUpdate();
                        v = 0;
                    }
                    if (++inTx == 5000) {
                        c.commit();
                        inTx = 0;
                    }
                }
            }
            if (r != 0 || v != 0) {
                throw new IllegalStateException("--readings must be a multiple of 500 per device count");
            }
            c.commit();
            return (double) perDevice * devices / ((System.nanoTime() - t0) / 1e9);
        }
    }

    private static String multi(String head, int columns, int rows) {
        StringBuilder sb = new StringBuilder(head).append(" VALUES ");
        String one = "(" + "?, ".repeat(columns - 1) + "?)";
        for (int i = 0; i < rows; i++) {
            sb.append(i == 0 ? "" : ", ").append(one);
        }
        return sb.toString();
    }
}
