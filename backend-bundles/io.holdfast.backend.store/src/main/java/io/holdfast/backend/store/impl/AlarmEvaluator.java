package io.holdfast.backend.store.impl;

import io.holdfast.backend.store.AlarmEvent;
import io.holdfast.backend.store.IncomingReading;
import io.holdfast.backend.store.impl.AlarmRows.Rule;
import io.holdfast.backend.store.impl.AlarmRows.State;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Raises and ends alarms from the rules, inside the transactions that change what the rules look at, so that the state
 * in {@code alarm_state} is always that of the data committed with it (a restart resumes where it stopped, a reading
 * re-sent after a crash is not evaluated twice because it is not stored twice).
 * <ul>
 * <li>{@code ABOVE}/{@code BELOW}, on ingest, by reading time: a value beyond the threshold starts an excursion; when
 * the excursion has lasted {@code durationSeconds} (reading time of the current reading minus that of the first reading
 * beyond) the alarm is raised, started at the first reading beyond. It ends at the first reading back inside by
 * {@code hysteresis} (ABOVE: value &lt;= threshold - hysteresis). A reading older than the newest evaluated one of its
 * (rule, device) is stored but does not change the state.</li>
 * <li>{@code NO_DATA}, by wall clock on the periodic check: no reading received for {@code durationSeconds}; ends on
 * the next reading received.</li>
 * <li>{@code GATEWAY_OFFLINE} ({@code device} is the gateway's client id), by wall clock on the periodic check: DC or
 * LWT, or no BIRTH and no reading through the gateway, for {@code durationSeconds}; ends on a BIRTH or a reading
 * through it.</li>
 * </ul>
 * A rule's {@code device} {@code *} applies it to every device (gateway). State rows are locked in (rule, device) order
 * on every path, so that backends sharing one PostgreSQL do not deadlock or raise twice.
 */
final class AlarmEvaluator {

    private static final Comparator<IncomingReading> BY_TIME = Comparator.comparingLong(IncomingReading::timestamp)
            .thenComparingLong(IncomingReading::seq);

    private final Dialect dialect;
    private final AlarmRows rows;

    AlarmEvaluator(Dialect dialect) {
        this.dialect = dialect;
        this.rows = new AlarmRows(dialect);
    }

    /** The readings just stored, in their write transaction. */
    List<AlarmEvent> onReadings(Connection c, List<IncomingReading> stored) throws SQLException {
        List<AlarmEvent> events = new ArrayList<>();
        if (stored.isEmpty()) {
            return events;
        }
        List<Rule> rules = AlarmRows.rules(c, true);
        if (rules.isEmpty()) {
            return events;
        }
        TreeMap<String, List<IncomingReading>> byDevice = new TreeMap<>();
        TreeMap<String, Long> gatewaySeen = new TreeMap<>();
        for (IncomingReading r : stored) {
            byDevice.computeIfAbsent(r.device(), d -> new ArrayList<>()).add(r);
            if (!r.gateway().isEmpty()) {
                gatewaySeen.merge(r.gateway(), r.receivedAt(), Math::min);
            }
        }
        byDevice.values().forEach(l -> l.sort(BY_TIME));
        for (Rule rule : rules) {
            switch (rule.kind()) {
            case "ABOVE", "BELOW" -> {
                for (Map.Entry<String, List<IncomingReading>> d : byDevice.entrySet()) {
                    if (rule.appliesTo(d.getKey()) && hasMetric(d.getValue(), rule.metric())) {
                        threshold(c, rule, d.getKey(), d.getValue(), events);
                    }
                }
            }
            case "NO_DATA" -> {
                for (Map.Entry<String, List<IncomingReading>> d : byDevice.entrySet()) {
                    if (rule.appliesTo(d.getKey())) {
                        long first = d.getValue().stream().mapToLong(IncomingReading::receivedAt).min().orElseThrow();
                        endIfActive(c, rule, d.getKey(), first, "data received", events);
                    }
                }
            }
            case "GATEWAY_OFFLINE" -> {
                for (Map.Entry<String, Long> g : gatewaySeen.entrySet()) {
                    if (rule.appliesTo(g.getKey())) {
                        endIfActive(c, rule, g.getKey(), g.getValue(), "reading through the gateway", events);
                    }
                }
            }
            default -> {
            }
            }
        }
        return events;
    }

    private static boolean hasMetric(List<IncomingReading> readings, String metric) {
        return readings.stream().anyMatch(r -> value(r, metric) != null);
    }

    private static Double value(IncomingReading r, String metric) {
        return r.metrics().get(metric) instanceof Number n && Double.isFinite(n.doubleValue()) ? n.doubleValue() : null;
    }

    private void threshold(Connection c, Rule rule, String device, List<IncomingReading> readings,
            List<AlarmEvent> events) throws SQLException {
        State s = rows.lock(c, rule.id(), device);
        boolean above = rule.kind().equals("ABOVE");
        Double storedPeak = s.peak;
        for (IncomingReading r : readings) {
            Double v = value(r, rule.metric());
            if (v == null || (s.lastTs != null && r.timestamp() < s.lastTs)) {
                continue;
            }
            long ts = r.timestamp();
            s.lastTs = ts;
            s.dirty = true;
            boolean beyond = above ? v > rule.threshold() : v < rule.threshold();
            if (s.alarmId != null) {
                s.peak = extreme(above, s.peak, v);
                boolean back = above ? v <= rule.threshold() - rule.hysteresis()
                        : v >= rule.threshold() + rule.hysteresis();
                if (back) {
                    if (!s.peak.equals(storedPeak)) {
                        rows.peak(c, s.alarmId, s.peak);
                    }
                    AlarmEvent e = rows.end(c, s.alarmId, ts, "back inside by the hysteresis, value " + v);
                    if (e != null) {
                        events.add(e);
                    }
                    s.alarmId = null;
                    s.pendingSince = null;
                    s.peak = null;
                    storedPeak = null;
                }
                continue;
            }
            if (!beyond) {
                s.pendingSince = null;
                s.peak = null;
                continue;
            }
            if (s.pendingSince == null) {
                s.pendingSince = ts;
            }
            s.peak = extreme(above, s.peak, v);
            if (ts - s.pendingSince >= rule.durationMs()) {
                AlarmEvent e = rows.raise(c, rule, device, s.pendingSince, ts, s.peak, "beyond the threshold");
                s.alarmId = e.id();
                storedPeak = s.peak;
                events.add(e);
            }
        }
        if (s.alarmId != null && s.peak != null && !s.peak.equals(storedPeak)) {
            rows.peak(c, s.alarmId, s.peak);
        }
        rows.save(c, rule.id(), device, s);
    }

    private static Double extreme(boolean above, Double peak, double v) {
        return peak == null ? v : above ? Math.max(peak, v) : Math.min(peak, v);
    }

    private void endIfActive(Connection c, Rule rule, String device, long at, String why, List<AlarmEvent> events)
            throws SQLException {
        State s = rows.lock(c, rule.id(), device);
        if (s.alarmId != null) {
            AlarmEvent e = rows.end(c, s.alarmId, at, why);
            if (e != null) {
                events.add(e);
            }
            s.alarmId = null;
            s.pendingSince = null;
            s.dirty = true;
            rows.save(c, rule.id(), device, s);
        }
    }

    /** A BIRTH of a gateway, in the transaction that records it: ends its GATEWAY_OFFLINE alarms. */
    List<AlarmEvent> onBirth(Connection c, String clientId, long at) throws SQLException {
        List<AlarmEvent> events = new ArrayList<>();
        for (Rule rule : AlarmRows.rules(c, false)) {
            if (rule.kind().equals("GATEWAY_OFFLINE") && rule.appliesTo(clientId)) {
                endIfActive(c, rule, clientId, at, "BIRTH", events);
            }
        }
        return events;
    }

    /**
     * The periodic check, by wall clock {@code now}: raises NO_DATA and GATEWAY_OFFLINE alarms; ends the alarms of
     * rules deleted or disabled.
     */
    List<AlarmEvent> check(Connection c, long now) throws SQLException {
        List<AlarmEvent> events = new ArrayList<>();
        if (dialect == Dialect.SQLITE) {
            try (Statement s = c.createStatement()) { // the write lock first: the reads below stay current
                s.executeUpdate("UPDATE alarm_state SET rule_id = rule_id WHERE 1 = 0");
            }
        }
        for (Rule rule : AlarmRows.rules(c, false)) {
            boolean gateway = rule.kind().equals("GATEWAY_OFFLINE");
            for (String subject : subjects(c, rule, gateway)) {
                State s = rows.lock(c, rule.id(), subject);
                if (s.alarmId != null) {
                    continue;
                }
                long[] since = gateway ? offlineSince(c, subject) : new long[] { lastSeen(c, subject), 0 };
                long from = since[0] == Long.MIN_VALUE ? rule.updatedAt() : since[0];
                if (now - from >= rule.durationMs()) {
                    String why = gateway ? (since[1] == 1 ? "disconnected (DC or LWT)" : "silent")
                            : since[0] == Long.MIN_VALUE ? "never seen" : "no data";
                    AlarmEvent e = rows.raise(c, rule, subject, from, now, null, why);
                    s.alarmId = e.id();
                    s.pendingSince = from;
                    s.dirty = true;
                    rows.save(c, rule.id(), subject, s);
                    events.add(e);
                }
            }
        }
        endOrphans(c, now, events);
        return events;
    }

    private static TreeSet<String> subjects(Connection c, Rule rule, boolean gateway) throws SQLException {
        TreeSet<String> out = new TreeSet<>();
        if (!rule.device().equals("*")) {
            out.add(rule.device());
            return out;
        }
        String sql = gateway ? "SELECT client_id FROM gateways" : "SELECT device FROM devices";
        try (PreparedStatement p = c.prepareStatement(sql); ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static long lastSeen(Connection c, String device) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT last_seen FROM devices WHERE device = ?")) {
            p.setString(1, device);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? rs.getLong(1) : Long.MIN_VALUE;
            }
        }
    }

    /** Since when a gateway is offline, and 1 if it said so (DC/LWT) or 0 if it is silent. */
    private static long[] offlineSince(Connection c, String clientId) throws SQLException {
        long lastReading = Long.MIN_VALUE;
        try (PreparedStatement p = c.prepareStatement("SELECT MAX(last_seen) FROM devices WHERE gateway = ?")) {
            p.setString(1, clientId);
            try (ResultSet rs = p.executeQuery()) {
                if (rs.next() && rs.getObject(1) != null) {
                    lastReading = rs.getLong(1);
                }
            }
        }
        try (PreparedStatement p = c.prepareStatement("SELECT online, last_change FROM gateways WHERE client_id = ?")) {
            p.setString(1, clientId);
            try (ResultSet rs = p.executeQuery()) {
                if (rs.next()) {
                    boolean online = rs.getInt(1) != 0;
                    long change = rs.getLong(2);
                    if (!online && change >= lastReading) {
                        return new long[] { change, 1 };
                    }
                    return new long[] { online ? Math.max(change, lastReading) : lastReading, 0 };
                }
            }
        }
        return new long[] { lastReading, 0 };
    }

    private void endOrphans(Connection c, long now, List<AlarmEvent> events) throws SQLException {
        List<Long> orphans = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT a.id FROM alarms a LEFT JOIN alarm_rules r ON "
                + "r.id = a.rule_id WHERE a.ended_at IS NULL AND (r.id IS NULL OR r.enabled = 0) ORDER BY a.id");
                ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                orphans.add(rs.getLong(1));
            }
        }
        for (long id : orphans) {
            AlarmEvent e = rows.end(c, id, now, "its rule was deleted or disabled");
            if (e != null) {
                events.add(e);
            }
        }
        try (PreparedStatement p = c.prepareStatement(
                "DELETE FROM alarm_state WHERE rule_id NOT IN (SELECT id FROM alarm_rules WHERE enabled <> 0)")) {
            p.executeUpdate();
        }
    }
}
