package io.holdfast.backend.api.impl;

import com.google.gson.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/** Alarm rules and alarms in the database: what the API reads and changes. */
final class AlarmRules {

    static final Set<String> KINDS = Set.of("ABOVE", "BELOW", "NO_DATA", "GATEWAY_OFFLINE");
    private static final String RULE_COLUMNS = "id, device, metric, kind, threshold, hysteresis, duration_s, enabled, "
            + "created_at, updated_at";

    /** A rule as the API accepts it. */
    record Rule(String device, String metric, String kind, double threshold, double hysteresis, long durationS,
            boolean enabled) {

        static Rule parse(JsonObject o) throws ApiException {
            String device = text(o, "device");
            String kind = text(o, "kind").toUpperCase(java.util.Locale.ROOT);
            if (!KINDS.contains(kind)) {
                throw ApiException.badRequest("kind must be one of " + KINDS);
            }
            boolean valued = kind.equals("ABOVE") || kind.equals("BELOW");
            String metric = valued ? text(o, "metric") : (o.has("metric") ? text(o, "metric") : "");
            double threshold = valued ? number(o, "threshold", null) : number(o, "threshold", 0.0);
            double hysteresis = number(o, "hysteresis", 0.0);
            double duration = number(o, "durationSeconds", 0.0);
            if (hysteresis < 0 || duration < 0 || duration > 366 * 86400 || duration != Math.rint(duration)) {
                throw ApiException.badRequest("hysteresis and durationSeconds must be non-negative "
                        + "(durationSeconds an integer of at most a year)");
            }
            if (!valued && duration < 60) {
                throw ApiException
                        .badRequest("durationSeconds of " + kind + " is the silence that raises it: " + "at least 60");
            }
            boolean enabled = !o.has("enabled") || bool(o, "enabled");
            return new Rule(device, metric, kind, threshold, hysteresis, (long) duration, enabled);
        }

        private static String text(JsonObject o, String name) throws ApiException {
            if (!o.has(name) || !o.get(name).isJsonPrimitive() || !o.get(name).getAsJsonPrimitive().isString()
                    || o.get(name).getAsString().isBlank() || o.get(name).getAsString().length() > 128) {
                throw ApiException.badRequest(name + " must be a non-empty string of at most 128 characters");
            }
            return o.get(name).getAsString();
        }

        private static double number(JsonObject o, String name, Double fallback) throws ApiException {
            if (!o.has(name) && fallback != null) {
                return fallback;
            }
            if (!o.has(name) || !o.get(name).isJsonPrimitive() || !o.get(name).getAsJsonPrimitive().isNumber()
                    || !Double.isFinite(o.get(name).getAsDouble())) {
                throw ApiException.badRequest(name + " must be a finite number");
            }
            return o.get(name).getAsDouble();
        }

        private static boolean bool(JsonObject o, String name) throws ApiException {
            if (!o.get(name).isJsonPrimitive() || !o.get(name).getAsJsonPrimitive().isBoolean()) {
                throw ApiException.badRequest(name + " must be true or false");
            }
            return o.get(name).getAsBoolean();
        }
    }

    private final DataSource db;

    AlarmRules(DataSource db) {
        this.db = db;
    }

    List<Map<String, Object>> rules(String device) throws SQLException {
        String sql = "SELECT " + RULE_COLUMNS + " FROM alarm_rules" + (device == null ? "" : " WHERE device = ?")
                + " ORDER BY id";
        List<Map<String, Object>> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            if (device != null) {
                p.setString(1, device);
            }
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(rule(rs));
                }
            }
        }
        return out;
    }

    Optional<Map<String, Object>> rule(long id) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement p = c.prepareStatement("SELECT " + RULE_COLUMNS + " FROM alarm_rules WHERE id = ?")) {
            p.setLong(1, id);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? Optional.of(rule(rs)) : Optional.empty();
            }
        }
    }

    private static Map<String, Object> rule(ResultSet rs) throws SQLException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", rs.getLong(1));
        m.put("device", rs.getString(2));
        m.put("metric", rs.getString(3));
        m.put("kind", rs.getString(4));
        m.put("threshold", rs.getDouble(5));
        m.put("hysteresis", rs.getDouble(6));
        m.put("durationSeconds", rs.getLong(7));
        m.put("enabled", rs.getInt(8) != 0);
        m.put("createdAt", rs.getLong(9));
        m.put("updatedAt", rs.getLong(10));
        return m;
    }

    long create(Rule r) throws SQLException {
        long now = System.currentTimeMillis();
        try (Connection c = db.getConnection(); PreparedStatement p = c.prepareStatement(
                "INSERT INTO alarm_rules (device, metric, kind, threshold, hysteresis, duration_s, enabled, created_at, "
                        + "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
            bind(p, r);
            p.setLong(8, now);
            p.setLong(9, now);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    boolean update(long id, Rule r) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement p = c.prepareStatement(
                "UPDATE alarm_rules SET device = ?, metric = ?, kind = ?, threshold = ?, hysteresis = ?, duration_s = ?, "
                        + "enabled = ?, updated_at = ? WHERE id = ?")) {
            bind(p, r);
            p.setLong(8, System.currentTimeMillis());
            p.setLong(9, id);
            return p.executeUpdate() == 1;
        }
    }

    private static void bind(PreparedStatement p, Rule r) throws SQLException {
        p.setString(1, r.device());
        p.setString(2, r.metric());
        p.setString(3, r.kind());
        p.setDouble(4, r.threshold());
        p.setDouble(5, r.hysteresis());
        p.setLong(6, r.durationS());
        p.setInt(7, r.enabled() ? 1 : 0);
    }

    boolean delete(long id) throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement p = c.prepareStatement("DELETE FROM alarm_rules WHERE id = ?")) {
            p.setLong(1, id);
            return p.executeUpdate() == 1;
        }
    }

    List<Map<String, Object>> alarms(String device, Boolean active, long from, long to, int limit) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT id, rule_id, device, metric, kind, started_at, ended_at, peak, "
                + "ack_by, ack_at, ack_comment, raised_at FROM alarms WHERE started_at >= ? AND started_at < ?");
        if (device != null) {
            sql.append(" AND device = ?");
        }
        if (active != null) {
            sql.append(active ? " AND ended_at IS NULL" : " AND ended_at IS NOT NULL");
        }
        sql.append(" ORDER BY started_at DESC, id DESC LIMIT ?");
        List<Map<String, Object>> out = new ArrayList<>();
        long now = System.currentTimeMillis();
        try (Connection c = db.getConnection(); PreparedStatement p = c.prepareStatement(sql.toString())) {
            int i = 1;
            p.setLong(i++, from);
            p.setLong(i++, to);
            if (device != null) {
                p.setString(i++, device);
            }
            p.setInt(i, limit);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", rs.getLong(1));
                    m.put("ruleId", rs.getLong(2));
                    m.put("device", rs.getString(3));
                    m.put("metric", rs.getString(4));
                    m.put("kind", rs.getString(5));
                    long started = rs.getLong(6);
                    m.put("startedAt", started);
                    long ended = rs.getLong(7);
                    boolean open = rs.wasNull();
                    m.put("endedAt", open ? null : ended);
                    m.put("active", open);
                    m.put("excursionSeconds", ((open ? now : ended) - started) / 1000);
                    double peak = rs.getDouble(8);
                    m.put("peak", rs.wasNull() ? null : peak);
                    m.put("ackBy", rs.getString(9));
                    long ackAt = rs.getLong(10);
                    m.put("ackAt", rs.wasNull() ? null : ackAt);
                    m.put("ackComment", rs.getString(11));
                    long raised = rs.getLong(12);
                    m.put("raisedAt", rs.wasNull() ? started : raised);
                    out.add(m);
                }
            }
        }
        return out;
    }

    /** @return false when there is no such alarm; throws when it was acknowledged before */
    boolean ack(long id, String by, String comment) throws SQLException, ApiException {
        try (Connection c = db.getConnection(); PreparedStatement p = c.prepareStatement(
                "UPDATE alarms SET ack_by = ?, ack_at = ?, ack_comment = ? WHERE id = ? AND ack_at IS NULL")) {
            p.setString(1, by);
            p.setLong(2, System.currentTimeMillis());
            p.setString(3, comment);
            p.setLong(4, id);
            if (p.executeUpdate() == 1) {
                return true;
            }
        }
        try (Connection c = db.getConnection();
                PreparedStatement p = c.prepareStatement("SELECT ack_by FROM alarms WHERE id = ?")) {
            p.setLong(1, id);
            try (ResultSet rs = p.executeQuery()) {
                if (rs.next()) {
                    throw new ApiException(409, "conflict", "alarm " + id + " was acknowledged by " + rs.getString(1));
                }
                return false;
            }
        }
    }
}
