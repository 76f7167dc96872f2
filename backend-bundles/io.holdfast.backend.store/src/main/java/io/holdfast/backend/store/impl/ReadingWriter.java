package io.holdfast.backend.store.impl;

import com.google.gson.Gson;
import io.holdfast.backend.store.IncomingReading;
import io.holdfast.backend.store.WriteResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes a batch of readings in one transaction: the readings (a conflict on (device, seq) skips the row, and the
 * {@code RETURNING} clause says which rows were new), the numeric values of the new ones, their minute and hour rollups
 * and the device registry. Rollup and registry rows are written in key order, so that two backends writing to one
 * PostgreSQL database lock them in the same order.
 */
final class ReadingWriter {

    /** Metrics that describe the reading rather than measure something: not kept as values. */
    static final Set<String> NOT_VALUES = Set.of("seq", "received.at", "uptime", "batch.size");
    private static final int READING_ROWS = 500;
    private static final int VALUE_ROWS = 1000;
    private static final int ROLLUP_ROWS = 400;
    private static final long MINUTE = 60_000L;
    private static final long HOUR = 3_600_000L;

    private record Key(String device, long seq) {
    }

    private record RollupKey(String device, String metric, long bucket) implements Comparable<RollupKey> {
        @Override
        public int compareTo(RollupKey o) {
            int c = device.compareTo(o.device);
            if (c == 0) {
                c = metric.compareTo(o.metric);
            }
            return c != 0 ? c : Long.compare(bucket, o.bucket);
        }
    }

    /** A rollup being accumulated from one batch. */
    private static final class Acc {
        long n;
        double total;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        long firstTs = Long.MAX_VALUE;
        double first;
        long lastTs = Long.MIN_VALUE;
        double last;

        void add(long ts, double v) {
            n++;
            total += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
            if (ts < firstTs) {
                firstTs = ts;
                first = v;
            }
            if (ts >= lastTs) {
                lastTs = ts;
                last = v;
            }
        }
    }

    private final Dialect dialect;
    private final Gson gson;
    private final Map<Integer, String> sqlCache = new java.util.concurrent.ConcurrentHashMap<>();
    private final StatementCache statements = new StatementCache();

    ReadingWriter(Dialect dialect, Gson gson) {
        this.dialect = dialect;
        this.gson = gson;
    }

    /** Closes the cached statements. */
    void close() {
        statements.close();
    }

    /** What a write did, and the readings it stored (in batch order). */
    record Written(WriteResult result, List<IncomingReading> stored) {
    }

    Written write(Connection c, List<IncomingReading> batch) throws SQLException {
        Map<Key, IncomingReading> unique = new LinkedHashMap<>();
        for (IncomingReading r : batch) {
            unique.putIfAbsent(new Key(r.device(), r.seq()), r);
        }
        List<IncomingReading> rows = new ArrayList<>(unique.values());
        List<IncomingReading> stored = new ArrayList<>();
        for (int i = 0; i < rows.size(); i += READING_ROWS) {
            insertReadings(c, rows.subList(i, Math.min(rows.size(), i + READING_ROWS)), unique, stored);
        }
        insertValues(c, stored);
        upsertRollups(c, "rollup_minute", stored, MINUTE);
        upsertRollups(c, "rollup_hour", stored, HOUR);
        upsertDevices(c, stored);
        return new Written(new WriteResult(stored.size(), batch.size() - stored.size()), stored);
    }

    private String rows(String head, int columns, int rows, String tail) {
        StringBuilder sb = new StringBuilder(head).append(" VALUES ");
        String one = "(" + "?, ".repeat(columns - 1) + "?)";
        for (int i = 0; i < rows; i++) {
            sb.append(i == 0 ? "" : ", ").append(one);
        }
        return sb.append(' ').append(tail).toString();
    }

    private void insertReadings(Connection c, List<IncomingReading> chunk, Map<Key, IncomingReading> byKey,
            List<IncomingReading> stored) throws SQLException {
        String sql = sqlCache.computeIfAbsent(chunk.size(),
                n -> rows("INSERT INTO readings (device, seq, ts, received_at, gateway, topic, metrics)", 7, n,
                        "ON CONFLICT (device, seq) DO NOTHING RETURNING device, seq"));
        PreparedStatement p = statements.get(c, sql);
        int i = 1;
        for (IncomingReading r : chunk) {
            p.setString(i++, r.device());
            p.setLong(i++, r.seq());
            p.setLong(i++, r.timestamp());
            p.setLong(i++, r.receivedAt());
            p.setString(i++, r.gateway());
            p.setString(i++, r.topic());
            p.setString(i++, gson.toJson(r.metrics()));
        }
        try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                stored.add(byKey.get(new Key(rs.getString(1), rs.getLong(2))));
            }
        }
    }

    private void insertValues(Connection c, List<IncomingReading> stored) throws SQLException {
        List<Object[]> values = new ArrayList<>();
        for (IncomingReading r : stored) {
            for (Map.Entry<String, Object> m : r.metrics().entrySet()) {
                if (m.getValue() instanceof Number n && !NOT_VALUES.contains(m.getKey())
                        && Double.isFinite(n.doubleValue())) {
                    values.add(new Object[] { r.device(), m.getKey(), r.timestamp(), r.seq(), n.doubleValue() });
                }
            }
        }
        for (int i = 0; i < values.size(); i += VALUE_ROWS) {
            List<Object[]> chunk = values.subList(i, Math.min(values.size(), i + VALUE_ROWS));
            PreparedStatement p = statements.get(c, rows("INSERT INTO reading_values (device, metric, ts, seq, value)",
                    5, chunk.size(), "ON CONFLICT (device, metric, ts, seq) DO NOTHING"));
            int k = 1;
            for (Object[] v : chunk) {
                p.setString(k++, (String) v[0]);
                p.setString(k++, (String) v[1]);
                p.setLong(k++, (Long) v[2]);
                p.setLong(k++, (Long) v[3]);
                p.setDouble(k++, (Double) v[4]);
            }
            p.executeUpdate();
        }
    }

    private void upsertRollups(Connection c, String table, List<IncomingReading> stored, long width)
            throws SQLException {
        TreeMap<RollupKey, Acc> acc = new TreeMap<>();
        for (IncomingReading r : stored) {
            long bucket = Math.floorDiv(r.timestamp(), width) * width;
            for (Map.Entry<String, Object> m : r.metrics().entrySet()) {
                if (m.getValue() instanceof Number n && !NOT_VALUES.contains(m.getKey())
                        && Double.isFinite(n.doubleValue())) {
                    acc.computeIfAbsent(new RollupKey(r.device(), m.getKey(), bucket), k -> new Acc())
                            .add(r.timestamp(), n.doubleValue());
                }
            }
        }
        List<Map.Entry<RollupKey, Acc>> entries = new ArrayList<>(acc.entrySet());
        String t = table;
        String tail = "ON CONFLICT (device, metric, bucket) DO UPDATE SET n = " + t + ".n + excluded.n, total = " + t
                + ".total + excluded.total, vmin = " + dialect.least(t + ".vmin", "excluded.vmin") + ", vmax = "
                + dialect.greatest(t + ".vmax", "excluded.vmax") + ", first_v = CASE WHEN excluded.first_ts < " + t
                + ".first_ts THEN excluded.first_v ELSE " + t + ".first_v END, first_ts = "
                + dialect.least(t + ".first_ts", "excluded.first_ts") + ", last_v = CASE WHEN excluded.last_ts >= " + t
                + ".last_ts THEN excluded.last_v ELSE " + t + ".last_v END, last_ts = "
                + dialect.greatest(t + ".last_ts", "excluded.last_ts");
        for (int i = 0; i < entries.size(); i += ROLLUP_ROWS) {
            List<Map.Entry<RollupKey, Acc>> chunk = entries.subList(i, Math.min(entries.size(), i + ROLLUP_ROWS));
            PreparedStatement p = statements.get(c,
                    rows("INSERT INTO " + table
                            + " (device, metric, bucket, n, total, vmin, vmax, first_ts, first_v, last_ts, last_v)", 11,
                            chunk.size(), tail));
            int k = 1;
            for (Map.Entry<RollupKey, Acc> e : chunk) {
                Acc a = e.getValue();
                p.setString(k++, e.getKey().device());
                p.setString(k++, e.getKey().metric());
                p.setLong(k++, e.getKey().bucket());
                p.setLong(k++, a.n);
                p.setDouble(k++, a.total);
                p.setDouble(k++, a.min);
                p.setDouble(k++, a.max);
                p.setLong(k++, a.firstTs);
                p.setDouble(k++, a.first);
                p.setLong(k++, a.lastTs);
                p.setDouble(k++, a.last);
            }
            p.executeUpdate();
        }
    }

    private void upsertDevices(Connection c, List<IncomingReading> stored) throws SQLException {
        TreeMap<String, IncomingReading> newest = new TreeMap<>();
        Map<String, long[]> seen = new LinkedHashMap<>(); // first seen, last seen, count
        for (IncomingReading r : stored) {
            newest.merge(r.device(), r,
                    (a, b) -> b.timestamp() > a.timestamp() || (b.timestamp() == a.timestamp() && b.seq() > a.seq()) ? b
                            : a);
            long[] s = seen.computeIfAbsent(r.device(), d -> new long[] { Long.MAX_VALUE, Long.MIN_VALUE, 0 });
            s[0] = Math.min(s[0], r.receivedAt());
            s[1] = Math.max(s[1], r.receivedAt());
            s[2]++;
        }
        if (newest.isEmpty()) {
            return;
        }
        String newer = "(excluded.last_ts > devices.last_ts OR (excluded.last_ts = devices.last_ts "
                + "AND excluded.last_seq > devices.last_seq))";
        String tail = "ON CONFLICT (device) DO UPDATE SET gateway = CASE WHEN " + newer
                + " THEN excluded.gateway ELSE devices.gateway END, last_metrics = CASE WHEN " + newer
                + " THEN excluded.last_metrics ELSE devices.last_metrics END, last_seq = CASE WHEN " + newer
                + " THEN excluded.last_seq ELSE devices.last_seq END, last_ts = "
                + dialect.greatest("devices.last_ts", "excluded.last_ts") + ", first_seen = "
                + dialect.least("devices.first_seen", "excluded.first_seen") + ", last_seen = "
                + dialect.greatest("devices.last_seen", "excluded.last_seen")
                + ", readings = devices.readings + excluded.readings";
        List<IncomingReading> list = new ArrayList<>(newest.values());
        for (int i = 0; i < list.size(); i += ROLLUP_ROWS) {
            List<IncomingReading> chunk = list.subList(i, Math.min(list.size(), i + ROLLUP_ROWS));
            PreparedStatement p = statements.get(c, rows(
                    "INSERT INTO devices (device, gateway, first_seen, last_seen, last_ts, last_seq, last_metrics, readings)",
                    8, chunk.size(), tail));
            int k = 1;
            for (IncomingReading r : chunk) {
                long[] s = seen.get(r.device());
                p.setString(k++, r.device());
                p.setString(k++, r.gateway());
                p.setLong(k++, s[0]);
                p.setLong(k++, s[1]);
                p.setLong(k++, r.timestamp());
                p.setLong(k++, r.seq());
                p.setString(k++, gson.toJson(r.metrics()));
                p.setLong(k++, s[2]);
            }
            p.executeUpdate();
        }
    }
}
