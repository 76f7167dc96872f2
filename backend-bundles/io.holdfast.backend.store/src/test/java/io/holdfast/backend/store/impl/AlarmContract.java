package io.holdfast.backend.store.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.backend.store.AlarmEvent;
import io.holdfast.backend.store.AlarmEvent.Change;
import io.holdfast.backend.store.AuditChain;
import io.holdfast.backend.store.BackendStore.StoredReading;
import io.holdfast.backend.store.IncomingReading;
import io.holdfast.backend.store.LiveListener;
import io.holdfast.backend.store.StoreException;
import io.holdfast.backend.store.impl.TestDatabases.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** Alarm evaluation on SQLite and PostgreSQL (the two subclasses). */
public abstract class AlarmContract {

    static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    static final long MIN = 60_000L;

    TestDatabase db;
    JdbcBackendStore store;
    final List<AlarmEvent> events = new CopyOnWriteArrayList<>();
    final List<StoredReading> live = new CopyOnWriteArrayList<>();
    final LiveListener listener = new LiveListener() {
        @Override
        public void readingsStored(List<StoredReading> readings) {
            live.addAll(readings);
        }

        @Override
        public void alarmChanged(AlarmEvent event) {
            events.add(event);
        }
    };

    abstract TestDatabase database();

    @Before
    public void open() throws StoreException {
        db = database();
        store = reopen();
    }

    JdbcBackendStore reopen() throws StoreException {
        if (store != null) {
            store.close();
        }
        store = new JdbcBackendStore(
                Configs.of(JdbcBackendStoreConfig.class,
                        Map.of("jdbc.url", db.url(), "jdbc.user", db.user(), "alarm.check.seconds", 0)),
                TestDatabases.target());
        store.addListener(listener);
        return store;
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
                Map.of("temperature", temperature, "seq", seq));
    }

    long rule(String device, String kind, double threshold, double hysteresis, long durationS) throws Exception {
        try (Connection c = store.dataSource().getConnection(); PreparedStatement p = c.prepareStatement(
                "INSERT INTO alarm_rules (device, metric, kind, threshold, hysteresis, duration_s, enabled, created_at, "
                        + "updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id")) {
            p.setString(1, device);
            p.setString(2, kind.equals("ABOVE") || kind.equals("BELOW") ? "temperature" : "");
            p.setString(3, kind);
            p.setDouble(4, threshold);
            p.setDouble(5, hysteresis);
            p.setLong(6, durationS);
            p.setLong(7, T0);
            p.setLong(8, T0);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Alarms as {device, started, raised, ended or -1, peak}, by id. */
    List<List<Object>> alarms() throws Exception {
        List<List<Object>> out = new ArrayList<>();
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement p = c.prepareStatement(
                        "SELECT device, started_at, raised_at, ended_at, peak FROM alarms ORDER BY id");
                ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                long ended = rs.getLong(4);
                long endedOrNone = rs.wasNull() ? -1L : ended;
                out.add(List.of(rs.getString(1), rs.getLong(2), rs.getLong(3), endedOrNone, rs.getDouble(5)));
            }
        }
        return out;
    }

    /** Audit actions in order, after checking the whole chain. */
    List<String> audit() throws Exception {
        List<String> out = new ArrayList<>();
        String prev = AuditChain.GENESIS;
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement p = c.prepareStatement(
                        "SELECT ts, actor, action, target, detail, prev_hash, hash FROM audit ORDER BY id");
                ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                assertThat(rs.getString(6)).isEqualTo(prev);
                assertThat(rs.getString(7)).isEqualTo(AuditChain.hash(prev, rs.getLong(1), rs.getString(2),
                        rs.getString(3), rs.getString(4), rs.getString(5)));
                prev = rs.getString(7);
                out.add(rs.getString(3) + " " + rs.getString(4));
            }
        }
        return out;
    }

    /** One reading a minute from minute {@code from}, with the values given. */
    void minutes(String device, int from, double... values) throws StoreException {
        List<IncomingReading> batch = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            batch.add(reading(device, from + i, T0 + (from + i) * MIN, values[i]));
        }
        store.write(batch);
    }

    @Test
    public void aboveRaisesWhenTheDurationIsReachedAndEndsOnlyBackInsideByTheHysteresis() throws Exception {
        rule("fridge", "ABOVE", 8.0, 0.5, 900);
        minutes("fridge", 0, 7.0, 8.5, 9.0, 8.2); // beyond from minute 1
        for (int m = 4; m < 16; m++) {
            minutes("fridge", m, 8.1);
        }
        assertThat(alarms()).isEmpty(); // minute 15: 14 minutes beyond
        minutes("fridge", 16, 8.3); // 15 minutes after minute 1
        assertThat(alarms()).containsExactly(List.of("fridge", T0 + MIN, T0 + 16 * MIN, -1L, 9.0));
        minutes("fridge", 17, 7.9, 7.6, 9.5, 7.5); // 7.9 and 7.6 are inside but not by 0.5; 9.5 is a new peak
        assertThat(alarms()).containsExactly(List.of("fridge", T0 + MIN, T0 + 16 * MIN, T0 + 20 * MIN, 9.5));
        assertThat(events).extracting(AlarmEvent::change).containsExactly(Change.RAISED, Change.ENDED);
        assertThat(events.get(0).excursionSeconds()).isEqualTo(15 * 60);
        assertThat(events.get(1).excursionSeconds()).isEqualTo(19 * 60);
        assertThat(events.get(1).endedAt()).isEqualTo(T0 + 20 * MIN);
        long id = events.get(0).id();
        assertThat(audit()).containsExactly("alarm.raise alarm/" + id, "alarm.end alarm/" + id);
        assertThat(live).hasSize(21);
    }

    @Test
    public void anExcursionShorterThanTheDurationOrBrokenByOneReadingInsideRaisesNothing() throws Exception {
        rule("fridge", "ABOVE", 8.0, 0.5, 600);
        minutes("fridge", 0, 9, 9, 9, 9, 9, 9, 9, 9, 9, 8.0, 9, 9, 9, 9, 9, 9, 9, 9, 9, 7.0);
        assertThat(alarms()).isEmpty();
        assertThat(audit()).isEmpty();
    }

    @Test
    public void belowMirrorsAbove() throws Exception {
        rule("freezer", "BELOW", -25.0, 1.0, 120);
        minutes("freezer", 0, -20, -26, -27, -28, -24.5, -23.9);
        assertThat(alarms()).containsExactly(List.of("freezer", T0 + MIN, T0 + 3 * MIN, T0 + 5 * MIN, -28.0));
    }

    @Test
    public void aRestartInTheMiddleOfAnExcursionRaisesAtTheRightReadingOnce() throws Exception {
        rule("fridge", "ABOVE", 8.0, 0.5, 900);
        minutes("fridge", 0, 7, 9, 9, 9, 9, 9, 9, 9, 9, 9); // beyond since minute 1
        reopen();
        minutes("fridge", 5, 9, 9, 9, 9, 9); // re-sent after the restart: stored once, evaluated once
        minutes("fridge", 10, 9, 9, 9, 9, 9);
        assertThat(alarms()).isEmpty();
        reopen();
        minutes("fridge", 15, 9, 9, 9);
        reopen();
        minutes("fridge", 16, 9, 9, 10); // re-sent again
        assertThat(alarms()).containsExactly(List.of("fridge", T0 + MIN, T0 + 16 * MIN, -1L, 10.0));
        assertThat(events).extracting(AlarmEvent::change).containsExactly(Change.RAISED);
    }

    @Test
    public void aLateReadingDoesNotRewindTheState() throws Exception {
        rule("fridge", "ABOVE", 8.0, 0.0, 300);
        minutes("fridge", 10, 9, 9, 9, 9, 9, 9); // beyond from minute 10 to 15: raised at 15
        minutes("fridge", 3, 1.0); // a late reading from before the excursion
        minutes("fridge", 16, 9);
        assertThat(alarms()).containsExactly(List.of("fridge", T0 + 10 * MIN, T0 + 15 * MIN, -1L, 9.0));
    }

    @Test
    public void aRuleForEveryDeviceKeepsOneStatePerDevice() throws Exception {
        rule("*", "ABOVE", 8.0, 0.0, 60);
        List<IncomingReading> batch = new ArrayList<>();
        for (int m = 0; m < 3; m++) {
            batch.add(reading("a", m, T0 + m * MIN, 9));
            batch.add(reading("b", m, T0 + m * MIN, m == 1 ? 7 : 9));
        }
        store.write(batch);
        assertThat(alarms()).containsExactly(List.of("a", T0, T0 + MIN, -1L, 9.0));
    }

    @Test
    public void noDataRaisesAfterTheSilenceByWallClockAndEndsOnTheNextReading() throws Exception {
        rule("fridge", "NO_DATA", 0, 0, 600);
        store.write(List.of(reading("fridge", 1, T0, 5))); // received at T0 + 5
        assertThat(store.checkAlarms(T0 + 5 + 599_999)).isEmpty();
        assertThat(store.checkAlarms(T0 + 5 + 600_000)).hasSize(1);
        assertThat(store.checkAlarms(T0 + 5 + 700_000)).isEmpty(); // raised once
        reopen();
        assertThat(store.checkAlarms(T0 + 5 + 800_000)).isEmpty(); // state survived
        store.write(List.of(reading("fridge", 2, T0 + 900_000, 5)));
        assertThat(alarms()).containsExactly(List.of("fridge", T0 + 5, T0 + 5 + 600_000, T0 + 900_005, 0.0));
        assertThat(events).extracting(AlarmEvent::change).containsExactly(Change.RAISED, Change.ENDED);
        assertThat(events.get(1).excursionSeconds()).isEqualTo(900);
    }

    @Test
    public void gatewayOfflineAfterDcOrSilenceEndsOnBirthOrReading() throws Exception {
        rule("gw-1", "GATEWAY_OFFLINE", 0, 0, 300);
        store.gatewayEvent("gw-1", "acc", "BIRTH", T0, Map.of());
        store.gatewayEvent("gw-1", "acc", "DC", T0 + 10_000, Map.of());
        assertThat(store.checkAlarms(T0 + 309_999)).isEmpty();
        assertThat(store.checkAlarms(T0 + 310_000)).extracting(AlarmEvent::startedAt).containsExactly(T0 + 10_000);
        store.gatewayEvent("gw-1", "acc", "BIRTH", T0 + 400_000, Map.of());
        store.write(List.of(reading("fridge", 1, T0 + 500_000, 5))); // through gw-1, received at +500 005
        assertThat(store.checkAlarms(T0 + 800_004)).isEmpty();
        assertThat(store.checkAlarms(T0 + 800_005)).extracting(AlarmEvent::startedAt).containsExactly(T0 + 500_005);
        store.write(List.of(reading("fridge", 2, T0 + 900_000, 5)));
        assertThat(alarms()).containsExactly(List.of("gw-1", T0 + 10_000, T0 + 310_000, T0 + 400_000, 0.0),
                List.of("gw-1", T0 + 500_005, T0 + 800_005, T0 + 900_005, 0.0));
        assertThat(audit()).hasSize(4);
    }

    @Test
    public void deletingARuleEndsItsActiveAlarm() throws Exception {
        long rule = rule("fridge", "ABOVE", 8.0, 0.0, 0);
        minutes("fridge", 0, 9);
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement p = c.prepareStatement("DELETE FROM alarm_rules WHERE id = ?")) {
            p.setLong(1, rule);
            p.executeUpdate();
        }
        assertThat(store.checkAlarms(T0 + 5 * MIN)).extracting(AlarmEvent::change).containsExactly(Change.ENDED);
        assertThat(alarms()).containsExactly(List.of("fridge", T0, T0, T0 + 5 * MIN, 9.0));
        minutes("fridge", 1, 9);
        assertThat(alarms()).hasSize(1);
    }

    @Test
    public void anAcknowledgementReachesTheListeners() throws Exception {
        rule("fridge", "ABOVE", 8.0, 0.0, 0);
        minutes("fridge", 0, 9);
        long id = events.get(0).id();
        try (Connection c = store.dataSource().getConnection(); PreparedStatement p = c
                .prepareStatement("UPDATE alarms SET ack_by = 'ops', ack_at = 1, ack_comment = 'door' WHERE id = ?")) {
            p.setLong(1, id);
            p.executeUpdate();
        }
        store.alarmAcknowledged(id);
        assertThat(events).extracting(AlarmEvent::change, AlarmEvent::ackBy, AlarmEvent::ackComment).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Change.RAISED, null, null),
                org.assertj.core.groups.Tuple.tuple(Change.ACKNOWLEDGED, "ops", "door"));
    }
}
