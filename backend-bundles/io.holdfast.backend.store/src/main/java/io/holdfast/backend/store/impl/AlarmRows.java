package io.holdfast.backend.store.impl;

import io.holdfast.backend.store.AlarmEvent;
import io.holdfast.backend.store.AlarmEvent.Change;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The SQL of alarm evaluation: rules, the per (rule, device) state, raising and ending alarms with their audit. */
final class AlarmRows {

    /** An enabled rule; {@code device} {@code *} applies it to every device (or gateway). */
    record Rule(long id, String device, String metric, String kind, double threshold, double hysteresis,
            long durationMs, long updatedAt) {

        boolean appliesTo(String d) {
            return device.equals("*") || device.equals(d);
        }

        String describe() {
            return switch (kind) {
            case "ABOVE", "BELOW" -> kind + " " + threshold + " (hysteresis " + hysteresis + ") for "
                    + durationMs / 1000 + " s on " + metric;
            default -> kind + " for " + durationMs / 1000 + " s";
            } + " (rule " + id + ")";
        }
    }

    /** The evaluation state of one (rule, device), as in {@code alarm_state}. */
    static final class State {
        Long pendingSince;
        Long alarmId;
        Long lastTs;
        Double peak;
        boolean dirty;
    }

    private final Dialect dialect;

    AlarmRows(Dialect dialect) {
        this.dialect = dialect;
    }

    static List<Rule> rules(Connection c, boolean all) throws SQLException {
        String kinds = all ? "('ABOVE', 'BELOW', 'NO_DATA', 'GATEWAY_OFFLINE')" : "('NO_DATA', 'GATEWAY_OFFLINE')";
        List<Rule> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT id, device, metric, kind, threshold, hysteresis, "
                + "duration_s, updated_at FROM alarm_rules WHERE enabled <> 0 AND kind IN " + kinds + " ORDER BY id");
                ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                out.add(new Rule(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getDouble(5),
                        rs.getDouble(6), rs.getLong(7) * 1000, rs.getLong(8)));
            }
        }
        return out;
    }

    /** Loads (creating) the state row and, on PostgreSQL, locks it until the transaction ends. */
    State lock(Connection c, long ruleId, String device) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "INSERT INTO alarm_state (rule_id, device) VALUES (?, ?) ON CONFLICT (rule_id, device) DO NOTHING")) {
            p.setLong(1, ruleId);
            p.setString(2, device);
            p.executeUpdate();
        }
        String forUpdate = dialect == Dialect.POSTGRESQL ? " FOR UPDATE" : "";
        try (PreparedStatement p = c.prepareStatement("SELECT pending_since, alarm_id, last_ts, peak FROM alarm_state "
                + "WHERE rule_id = ? AND device = ?" + forUpdate)) {
            p.setLong(1, ruleId);
            p.setString(2, device);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                State s = new State();
                s.pendingSince = rs.getObject(1) == null ? null : rs.getLong(1);
                s.alarmId = rs.getObject(2) == null ? null : rs.getLong(2);
                s.lastTs = rs.getObject(3) == null ? null : rs.getLong(3);
                s.peak = rs.getObject(4) == null ? null : rs.getDouble(4);
                return s;
            }
        }
    }

    void save(Connection c, long ruleId, String device, State s) throws SQLException {
        if (!s.dirty) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement("UPDATE alarm_state SET pending_since = ?, alarm_id = ?, "
                + "last_ts = ?, peak = ? WHERE rule_id = ? AND device = ?")) {
            setLong(p, 1, s.pendingSince);
            setLong(p, 2, s.alarmId);
            setLong(p, 3, s.lastTs);
            if (s.peak == null) {
                p.setNull(4, Types.DOUBLE);
            } else {
                p.setDouble(4, s.peak);
            }
            p.setLong(5, ruleId);
            p.setString(6, device);
            p.executeUpdate();
        }
        s.dirty = false;
    }

    private static void setLong(PreparedStatement p, int i, Long v) throws SQLException {
        if (v == null) {
            p.setNull(i, Types.BIGINT);
        } else {
            p.setLong(i, v);
        }
    }

    AlarmEvent raise(Connection c, Rule rule, String device, long startedAt, long raisedAt, Double peak, String why)
            throws SQLException {
        long id;
        try (PreparedStatement p = c.prepareStatement("INSERT INTO alarms (rule_id, device, metric, kind, started_at, "
                + "raised_at, peak) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
            p.setLong(1, rule.id());
            p.setString(2, device);
            p.setString(3, rule.metric());
            p.setString(4, rule.kind());
            p.setLong(5, startedAt);
            p.setLong(6, raisedAt);
            if (peak == null) {
                p.setNull(7, Types.DOUBLE);
            } else {
                p.setDouble(7, peak);
            }
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        AuditLog.append(c, dialect, System.currentTimeMillis(), "system", "alarm.raise", "alarm/" + id,
                rule.describe() + " on " + device + ": " + why + " since " + Instant.ofEpochMilli(startedAt)
                        + ", raised at " + Instant.ofEpochMilli(raisedAt) + (peak == null ? "" : ", peak " + peak));
        return event(c, Change.RAISED, id, raisedAt);
    }

    void peak(Connection c, long alarmId, double peak) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE alarms SET peak = ? WHERE id = ?")) {
            p.setDouble(1, peak);
            p.setLong(2, alarmId);
            p.executeUpdate();
        }
    }

    /** Ends an active alarm; {@code null} if it had ended already. */
    AlarmEvent end(Connection c, long alarmId, long endedAt, String why) throws SQLException {
        try (PreparedStatement p = c
                .prepareStatement("UPDATE alarms SET ended_at = ? WHERE id = ? AND ended_at IS NULL")) {
            p.setLong(1, endedAt);
            p.setLong(2, alarmId);
            if (p.executeUpdate() == 0) {
                return null;
            }
        }
        AlarmEvent e = event(c, Change.ENDED, alarmId, endedAt);
        AuditLog.append(c, dialect, System.currentTimeMillis(), "system", "alarm.end", "alarm/" + alarmId,
                e.kind() + " (rule " + e.ruleId() + ") on " + e.device() + ": " + why + " at "
                        + Instant.ofEpochMilli(endedAt) + ", excursion " + e.excursionSeconds() + " s"
                        + (e.peak() == null ? "" : ", peak " + e.peak()));
        return e;
    }

    /** The alarm as an event; {@code at} is the evaluation time an active alarm's excursion runs to. */
    static AlarmEvent event(Connection c, Change change, long id, long at) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT rule_id, device, metric, kind, started_at, raised_at, "
                + "ended_at, peak, ack_by, ack_comment FROM alarms WHERE id = ?")) {
            p.setLong(1, id);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                long started = rs.getLong(5);
                long raised = rs.getObject(6) == null ? started : rs.getLong(6);
                Long ended = rs.getObject(7) == null ? null : rs.getLong(7);
                Double peak = rs.getObject(8) == null ? null : rs.getDouble(8);
                long to = ended != null ? ended : Math.max(at, raised);
                return new AlarmEvent(change, id, rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        started, raised, ended, peak, (to - started) / 1000, rs.getString(9), rs.getString(10));
            }
        }
    }
}
