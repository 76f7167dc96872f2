package io.holdfast.backend.store.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.holdfast.backend.store.BackendStore.StoredReading;
import io.holdfast.backend.store.Bucket;
import io.holdfast.backend.store.BucketSize;
import io.holdfast.backend.store.DeviceInfo;
import io.holdfast.backend.store.GatewayInfo;
import io.holdfast.backend.store.IncomingReading;
import io.holdfast.backend.store.Sample;
import io.holdfast.backend.store.StoreException;
import io.holdfast.backend.store.WriteResult;
import io.holdfast.backend.store.impl.TestDatabases.TestDatabase;
import io.holdfast.testkit.ConfigAnnotations;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** The store's behaviour, run on SQLite and on PostgreSQL by its two subclasses. */
public abstract class StoreContract {

    static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    TestDatabase db;
    JdbcBackendStore store;

    abstract TestDatabase database();

    @Before
    public void open() throws StoreException {
        db = database();
        store = open(Map.of());
    }

    JdbcBackendStore open(Map<String, Object> extra) throws StoreException {
        Map<String, Object> cfg = new HashMap<>(Map.of("jdbc.url", db.url(), "jdbc.user", db.user()));
        cfg.putAll(extra);
        return new JdbcBackendStore(ConfigAnnotations.of(JdbcBackendStoreConfig.class, cfg), TestDatabases.target());
    }

    @After
    public void close() {
        if (store != null) {
            store.close();
        }
        db.close();
    }

    static IncomingReading reading(String device, long seq, long ts, double temperature) {
        return new IncomingReading(device, seq, ts, ts + 5, "gw-1", "acc/gw-1/ESP32/readings/" + device,
                Map.of("temperature", temperature, "temperature.unit", "Cel", "seq", seq, "rssi", -51L));
    }

    @Test
    public void storesEachDeviceAndSeqOnceAcrossBatchesAndWithinOne() throws Exception {
        List<IncomingReading> batch = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            batch.add(reading("dev-" + (i % 3), i / 3, T0 + i * 1000L, 20 + i % 7));
        }
        assertThat(store.write(batch)).isEqualTo(new WriteResult(1200, 0));
        List<IncomingReading> again = new ArrayList<>(batch.subList(100, 700));
        again.add(reading("dev-0", 100_000, T0, 1));
        again.add(reading("dev-0", 100_000, T0, 2)); // twice in one batch
        assertThat(store.write(again)).isEqualTo(new WriteResult(1, 601));
        assertThat(count("SELECT COUNT(*) FROM readings")).isEqualTo(1201);
        assertThat(count("SELECT COUNT(*) FROM reading_values")).isEqualTo(2 * 1201); // temperature and rssi
        // the first copy is the one kept; raw readings are never updated
        assertThat(store.samples("dev-0", "temperature", T0, T0 + 1, Long.MIN_VALUE, 0, 10)).extracting(Sample::value)
                .containsExactly(20.0, 1.0);
        DeviceInfo d = store.device("dev-0").orElseThrow();
        assertThat(d.readings()).isEqualTo(401);
        assertThat(d.gateway()).isEqualTo("gw-1");
    }

    @Test
    public void keepsMinuteAndHourRollupsUpToDateAcrossBatches() throws Exception {
        // minute 0: 10 at :00, 30 at :30; minute 1: 5 at 1:10; the :30 value arrives in a later batch than 1:10
        store.write(List.of(reading("d", 1, T0, 10), reading("d", 3, T0 + 70_000, 5)));
        store.write(List.of(reading("d", 2, T0 + 30_000, 30), reading("d", 1, T0, 99)));
        List<Bucket> minutes = store.stats("d", "temperature", T0, T0 + 3_600_000, BucketSize.MINUTE);
        assertThat(minutes).containsExactly(new Bucket(T0, 2, 10, 30, 20, 10, 30),
                new Bucket(T0 + 60_000, 1, 5, 5, 5, 5, 5));
        List<Bucket> hours = store.stats("d", "temperature", T0, T0 + 3_600_000, BucketSize.HOUR);
        assertThat(hours).containsExactly(new Bucket(T0, 3, 5, 30, 15, 10, 5));
        store.write(List.of(reading("d", 4, T0 + 3_600_000 + 1, 7)));
        List<Bucket> days = store.stats("d", "temperature", T0, T0 + 86_400_000, BucketSize.DAY);
        assertThat(days).containsExactly(new Bucket(T0, 4, 5, 30, 13, 10, 7));
        assertThat(store.stats("d", "temperature", T0 + 86_400_000, T0 + 2 * 86_400_000, BucketSize.HOUR)).isEmpty();
    }

    @Test
    public void pagesByKeyWithoutLosingOrRepeatingRowsOfEqualTimestamps() throws Exception {
        List<IncomingReading> batch = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            batch.add(reading("p", i, T0 + (i / 4) * 1000L, i)); // four readings per timestamp
        }
        store.write(batch);
        List<Long> seen = new ArrayList<>();
        long afterTs = Long.MIN_VALUE;
        long afterSeq = 0;
        while (true) {
            List<Sample> page = store.samples("p", "temperature", T0, T0 + 10_000_000, afterTs, afterSeq, 1000);
            if (page.isEmpty()) {
                break;
            }
            page.forEach(s -> seen.add(s.seq()));
            afterTs = page.get(page.size() - 1).timestamp();
            afterSeq = page.get(page.size() - 1).seq();
        }
        assertThat(seen).hasSize(2500).isSorted().doesNotHaveDuplicates();
        List<StoredReading> readings = store.readings("p", T0, T0 + 2000, Long.MIN_VALUE, 0, 100);
        assertThat(readings).extracting(StoredReading::seq).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(readings.get(0).metrics()).containsEntry("temperature.unit", "Cel").containsEntry("seq", 0L);
        List<Long> counted = new ArrayList<>();
        List<Sample> streamed = new ArrayList<>();
        store.countAndStreamSamples("p", "temperature", T0, T0 + 10_000, counted::add, streamed::add);
        assertThat(counted).containsExactly(40L);
        assertThat(streamed).hasSize(40);
    }

    @Test
    public void keepsTheNewestReadingAsADevicesLatestWhateverTheArrivalOrder() throws Exception {
        store.write(List.of(reading("x", 10, T0 + 10_000, 4.5)));
        store.write(List.of(reading("x", 9, T0 + 9_000, 9.9)));
        DeviceInfo d = store.device("x").orElseThrow();
        assertThat(d.lastSeq()).isEqualTo(10);
        assertThat(d.latest()).containsEntry("temperature", 4.5);
        assertThat(d.readings()).isEqualTo(2);
        assertThat(store.devices()).extracting(DeviceInfo::id).containsExactly("x");
        assertThat(store.device("nobody")).isEmpty();
    }

    @Test
    public void tracksGatewaysFromBirthAndDisconnect() throws Exception {
        store.gatewayEvent("gw-1", "acc", "BIRTH", T0, Map.of("firmware_version", "1.2", "uptime", 5L));
        store.gatewayEvent("gw-1", "acc", "DC", T0 + 1000, Map.of());
        store.gatewayEvent("gw-1", "acc", "BIRTH", T0 + 500, Map.of()); // late: does not undo the DC
        GatewayInfo g = store.gateways().get(0);
        assertThat(g.online()).isFalse();
        assertThat(g.lastEvent()).isEqualTo("DC");
        assertThat(g.birth()).isEmpty();
        store.gatewayEvent("gw-1", "acc", "BIRTH", T0 + 2000, Map.of("firmware_version", "1.3"));
        assertThat(store.gateways().get(0).online()).isTrue();
        assertThat(store.gateways().get(0).birth()).containsEntry("firmware_version", "1.3");
    }

    @Test
    public void keepsDeadLettersWithTheirReasonAndBytes() throws Exception {
        store.deadLetter(T0, "acc/gw/ESP32/x", new byte[] { 1, 2, 3 }, "not a Kura payload: truncated");
        assertThat(store.deadLetters(0, Long.MAX_VALUE, 10)).singleElement()
                .satisfies(m -> assertThat(m).containsEntry("reason", "not a Kura payload: truncated"));
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT payload FROM dead_letters")) {
            rs.next();
            assertThat(rs.getBytes(1)).containsExactly(1, 2, 3);
        }
    }

    @Test
    public void deletesByAgeWhereRetentionIsSet() throws Exception {
        store.close();
        store = open(Map.of("retention.readings.days", 10, "retention.minute.days", 1));
        long now = T0 + 30L * 86_400_000;
        store.write(List.of(reading("r", 1, T0, 1), reading("r", 2, now - 3_600_000, 2)));
        assertThat(store.applyRetention(now)).isEqualTo(2 + 2 + 1); // a reading, its 2 values, a minute rollup
        assertThat(count("SELECT COUNT(*) FROM readings")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM rollup_hour")).isEqualTo(4); // kept forever by default
    }

    @Test
    public void treatsQuotesAndSqlInIdentifiersAsData() throws Exception {
        String evil = "x'; DROP TABLE readings; --";
        store.write(List.of(reading(evil, 1, T0, 1)));
        assertThat(store.device(evil)).isPresent();
        assertThat(store.samples(evil, "temperature' OR '1'='1", T0, T0 + 1, Long.MIN_VALUE, 0, 10)).isEmpty();
        assertThat(count("SELECT COUNT(*) FROM readings")).isEqualTo(1);
    }

    @Test
    public void migratesOnceAndRefusesAChangedMigration() throws Exception {
        store.close();
        store = open(Map.of()); // reopening applies nothing and keeps the data
        assertThat(count("SELECT COUNT(*) FROM schema_version")).as("V1 to V3").isEqualTo(3);
        try (Connection c = store.dataSource().getConnection(); PreparedStatement p = c
                .prepareStatement("UPDATE schema_version SET checksum = 'abc' WHERE version = 1")) {
            p.executeUpdate();
        }
        store.close();
        store = null;
        assertThatThrownBy(() -> open(Map.of())).isInstanceOf(StoreException.class)
                .hasMessageContaining("V1__schema.sql was changed after it was applied");
    }

    long count(String sql) throws Exception {
        try (Connection c = store.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
