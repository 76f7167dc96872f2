package io.holdfast.backend.store.impl;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import io.holdfast.backend.store.BackendStore.Sink;
import io.holdfast.backend.store.BackendStore.StoredReading;
import io.holdfast.backend.store.Bucket;
import io.holdfast.backend.store.BucketSize;
import io.holdfast.backend.store.DeviceInfo;
import io.holdfast.backend.store.GatewayInfo;
import io.holdfast.backend.store.Sample;
import java.lang.reflect.Type;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The store's reads, every one a prepared statement. */
final class Queries {

    private static final Type METRICS = new TypeToken<Map<String, Object>>() {
    }.getType();
    private static final int FETCH = 2000;

    private final Gson gson;

    Queries(Gson gson) {
        this.gson = gson;
    }

    Map<String, Object> metrics(String json) {
        Map<String, Object> m = gson.fromJson(json, METRICS);
        return m == null ? Map.of() : m;
    }

    List<GatewayInfo> gateways(Connection c) throws SQLException {
        List<GatewayInfo> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(
                "SELECT client_id, account, online, last_event, last_change, birth, backlog, backlog_oldest_age_ms, "
                        + "backlog_at FROM gateways ORDER BY client_id");
                ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                long backlog = rs.getLong(7);
                GatewayInfo.Backlog b = rs.wasNull() ? null
                        : new GatewayInfo.Backlog(backlog, rs.getLong(8), rs.getLong(9));
                out.add(new GatewayInfo(rs.getString(1), rs.getString(2), rs.getInt(3) != 0, rs.getString(4),
                        rs.getLong(5), metrics(rs.getString(6)), b));
            }
        }
        return out;
    }

    List<DeviceInfo> devices(Connection c, String id) throws SQLException {
        String sql = "SELECT device, gateway, first_seen, last_seen, last_ts, last_seq, readings, last_metrics "
                + "FROM devices" + (id == null ? "" : " WHERE device = ?") + " ORDER BY device";
        List<DeviceInfo> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(sql)) {
            if (id != null) {
                p.setString(1, id);
            }
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new DeviceInfo(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                            rs.getLong(5), rs.getLong(6), rs.getLong(7), metrics(rs.getString(8))));
                }
            }
        }
        return out;
    }

    List<Sample> samples(Connection c, String device, String metric, long from, long to, long afterTs, long afterSeq,
            int limit) throws SQLException {
        List<Sample> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT ts, seq, value FROM reading_values "
                + "WHERE device = ? AND metric = ? AND ts >= ? AND ts < ? AND (ts > ? OR (ts = ? AND seq > ?)) "
                + "ORDER BY ts, seq LIMIT ?")) {
            p.setString(1, device);
            p.setString(2, metric);
            p.setLong(3, from);
            p.setLong(4, to);
            p.setLong(5, afterTs);
            p.setLong(6, afterTs);
            p.setLong(7, afterSeq);
            p.setInt(8, limit);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new Sample(rs.getLong(1), rs.getLong(2), metric, rs.getDouble(3)));
                }
            }
        }
        return out;
    }

    List<StoredReading> readings(Connection c, String device, long from, long to, long afterTs, long afterSeq,
            int limit) throws SQLException {
        List<StoredReading> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT ts, seq, received_at, gateway, metrics FROM readings "
                + "WHERE device = ? AND ts >= ? AND ts < ? AND (ts > ? OR (ts = ? AND seq > ?)) "
                + "ORDER BY ts, seq LIMIT ?")) {
            p.setString(1, device);
            p.setLong(2, from);
            p.setLong(3, to);
            p.setLong(4, afterTs);
            p.setLong(5, afterTs);
            p.setLong(6, afterSeq);
            p.setInt(7, limit);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    out.add(new StoredReading(device, rs.getLong(2), rs.getLong(1), rs.getLong(3), rs.getString(4),
                            metrics(rs.getString(5))));
                }
            }
        }
        return out;
    }

    long countSamples(Connection c, String device, String metric, long from, long to) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT COUNT(*) FROM reading_values WHERE device = ? AND metric = ? AND ts >= ? AND ts < ?")) {
            p.setString(1, device);
            p.setString(2, metric);
            p.setLong(3, from);
            p.setLong(4, to);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Needs a connection outside auto-commit on PostgreSQL, where only then the fetch size streams. */
    void streamSamples(Connection c, String device, String metric, long from, long to, Sink<Sample> sink)
            throws Exception {
        try (PreparedStatement p = c.prepareStatement("SELECT ts, seq, value FROM reading_values "
                + "WHERE device = ? AND metric = ? AND ts >= ? AND ts < ? ORDER BY ts, seq")) {
            p.setFetchSize(FETCH);
            p.setString(1, device);
            p.setString(2, metric);
            p.setLong(3, from);
            p.setLong(4, to);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    sink.accept(new Sample(rs.getLong(1), rs.getLong(2), metric, rs.getDouble(3)));
                }
            }
        }
    }

    void streamSeqs(Connection c, String device, long from, long to, Sink<long[]> sink) throws Exception {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT seq, ts FROM readings WHERE device = ? AND ts >= ? AND ts < ? ORDER BY ts, seq")) {
            p.setFetchSize(FETCH);
            p.setString(1, device);
            p.setLong(2, from);
            p.setLong(3, to);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    sink.accept(new long[] { rs.getLong(1), rs.getLong(2) });
                }
            }
        }
    }

    List<Bucket> stats(Connection c, String device, String metric, long from, long to, BucketSize size)
            throws SQLException {
        String table = size == BucketSize.MINUTE ? "rollup_minute" : "rollup_hour";
        long width = size.millis();
        // a bucket's first and last value: of its earliest and latest rollup row
        // the width is the enum's constant, not input
        String bucketOf = "(bucket / " + width + ") * " + width;
        String sql = "SELECT " + bucketOf + " AS b, SUM(n), MIN(vmin), MAX(vmax), SUM(total), MIN(bucket), MAX(bucket) "
                + "FROM " + table + " WHERE device = ? AND metric = ? AND bucket >= ? AND bucket < ? GROUP BY "
                + bucketOf + " ORDER BY b";
        Map<Long, Bucket> out = new LinkedHashMap<>();
        Map<Long, long[]> edges = new LinkedHashMap<>();
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, device);
            p.setString(2, metric);
            p.setLong(3, from);
            p.setLong(4, to);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    long n = rs.getLong(2);
                    out.put(rs.getLong(1), new Bucket(rs.getLong(1), n, rs.getDouble(3), rs.getDouble(4),
                            rs.getDouble(5) / n, Double.NaN, Double.NaN));
                    edges.put(rs.getLong(1), new long[] { rs.getLong(6), rs.getLong(7) });
                }
            }
        }
        if (size != BucketSize.DAY) {
            List<Bucket> list = new ArrayList<>();
            try (PreparedStatement p = c.prepareStatement("SELECT bucket, first_v, last_v FROM " + table
                    + " WHERE device = ? AND metric = ? AND bucket >= ? AND bucket < ? ORDER BY bucket")) {
                p.setString(1, device);
                p.setString(2, metric);
                p.setLong(3, from);
                p.setLong(4, to);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        Bucket b = out.get(rs.getLong(1));
                        list.add(new Bucket(b.start(), b.count(), b.min(), b.max(), b.avg(), rs.getDouble(2),
                                rs.getDouble(3)));
                    }
                }
            }
            return list;
        }
        List<Bucket> list = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(
                "SELECT first_v, last_v FROM rollup_hour WHERE device = ? AND metric = ? AND bucket = ?")) {
            for (Map.Entry<Long, Bucket> e : out.entrySet()) {
                long[] edge = edges.get(e.getKey());
                double first = value(p, device, metric, edge[0], 1);
                double last = value(p, device, metric, edge[1], 2);
                Bucket b = e.getValue();
                list.add(new Bucket(b.start(), b.count(), b.min(), b.max(), b.avg(), first, last));
            }
        }
        return list;
    }

    private static double value(PreparedStatement p, String device, String metric, long bucket, int column)
            throws SQLException {
        p.setString(1, device);
        p.setString(2, metric);
        p.setLong(3, bucket);
        try (ResultSet rs = p.executeQuery()) {
            return rs.next() ? rs.getDouble(column) : Double.NaN;
        }
    }

    List<Map<String, Object>> deadLetters(Connection c, long from, long to, int limit) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT id, received_at, topic, reason FROM dead_letters "
                + "WHERE received_at >= ? AND received_at < ? ORDER BY id LIMIT ?")) {
            p.setLong(1, from);
            p.setLong(2, to);
            p.setInt(3, limit);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", rs.getLong(1));
                    m.put("receivedAt", rs.getLong(2));
                    m.put("topic", rs.getString(3));
                    m.put("reason", rs.getString(4));
                    out.add(m);
                }
            }
        }
        return out;
    }
}
