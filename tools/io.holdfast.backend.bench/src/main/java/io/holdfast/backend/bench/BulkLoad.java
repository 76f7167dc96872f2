package io.holdfast.backend.bench;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The query benchmark's setup, not a measurement of the backend: the rows the ingest would have stored for N readings
 * ({@code readings}, {@code reading_values}, {@code rollup_hour}, {@code devices}), written straight into the store's
 * schema, with PostgreSQL's {@code COPY} and SQLite's multi-row INSERT in large transactions, so that 10 000 000
 * readings load in minutes. Minute rollups are not loaded: no measured query reads them (and their default retention,
 * 90 days, would have removed this year-old data).
 */
final class BulkLoad {

    /** Device 0 ({@code year-0}) has {@code year} readings, each of the others {@code perOther}; one a minute. */
    record Shape(int devices, int year, long perOther, long t0) {
        String device(int d) {
            return d == 0 ? "year-0" : "dev-" + d;
        }

        long count(int d) {
            return d == 0 ? year : perOther;
        }

        long ts(long seq) {
            return t0 + seq * 60_000L;
        }

        static double value(long seq) {
            return 4 + (seq % 40) / 10.0;
        }

        static String metrics(String device, long seq) {
            return "{\"temperature\":" + value(seq) + ",\"seq\":" + seq + ",\"source\":\"" + device + "\"}";
        }
    }

    /** One table's rows, in order. */
    interface Rows extends AutoCloseable {
        void row(Object... values) throws Exception;
    }

    private BulkLoad() {
    }

    static void load(String kind, String url, Shape shape) throws Exception {
        try (Connection c = DriverManager.getConnection(url)) {
            try (Statement s = c.createStatement()) {
                s.execute(kind.equals("sqlite") ? "PRAGMA synchronous=OFF" : "SET synchronous_commit = off");
            }
            c.setAutoCommit(false);
            String gw = "gw-bench";
            try (Rows r = rows(kind, c, "readings", "device, seq, ts, received_at, gateway, topic, metrics")) {
                for (int d = 0; d < shape.devices(); d++) {
                    String dev = shape.device(d);
                    for (long s = 0; s < shape.count(d); s++) {
                        r.row(dev, s, shape.ts(s), shape.ts(s) + 40, gw, "holdfast/gw-bench/ESP32/readings/" + dev,
                                Shape.metrics(dev, s));
                    }
                }
            }
            try (Rows r = rows(kind, c, "reading_values", "device, metric, ts, seq, value")) {
                for (int d = 0; d < shape.devices(); d++) {
                    String dev = shape.device(d);
                    for (long s = 0; s < shape.count(d); s++) {
                        r.row(dev, "temperature", shape.ts(s), s, Shape.value(s));
                    }
                }
            }
            try (Rows r = rows(kind, c, "rollup_hour",
                    "device, metric, bucket, n, total, vmin, vmax, first_ts, first_v, last_ts, last_v")) {
                for (int d = 0; d < shape.devices(); d++) {
                    hours(r, shape, d);
                }
            }
            try (Rows r = rows(kind, c, "devices",
                    "device, gateway, first_seen, last_seen, last_ts, last_seq, last_metrics, readings")) {
                for (int d = 0; d < shape.devices(); d++) {
                    long last = shape.count(d) - 1;
                    r.row(shape.device(d), gw, shape.ts(0) + 40, shape.ts(last) + 40, shape.ts(last), last,
                            Shape.metrics(shape.device(d), last), shape.count(d));
                }
            }
            c.commit();
            if (!kind.equals("sqlite")) {
                c.setAutoCommit(true);
                try (Statement s = c.createStatement()) {
                    s.execute("ANALYZE"); // what autovacuum does after a load
                }
            }
        }
    }

    private static void hours(Rows r, Shape shape, int d) throws Exception {
        long hour = 3_600_000L;
        long s = 0;
        while (s < shape.count(d)) {
            long bucket = Math.floorDiv(shape.ts(s), hour) * hour;
            long first = s;
            long n = 0;
            double total = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (; s < shape.count(d) && shape.ts(s) < bucket + hour; s++) {
                double v = Shape.value(s);
                n++;
                total += v;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            long last = s - 1;
            r.row(shape.device(d), "temperature", bucket, n, total, min, max, shape.ts(first), Shape.value(first),
                    shape.ts(last), Shape.value(last));
        }
    }

    private static Rows rows(String kind, Connection c, String table, String columns) throws Exception {
        return kind.equals("sqlite") ? new SqliteRows(c, table, columns) : new CopyRows(c, table, columns);
    }

    /** PostgreSQL COPY in text format (the values have no tab, newline or backslash), 1 MB a write. */
    private static final class CopyRows implements Rows {
        private final CopyIn copy;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream(1 << 21);
        private final StringBuilder line = new StringBuilder(256);

        CopyRows(Connection c, String table, String columns) throws Exception {
            copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table + " (" + columns + ") FROM STDIN");
        }

        @Override
        public void row(Object... values) throws Exception {
            line.setLength(0);
            for (int i = 0; i < values.length; i++) {
                line.append(i == 0 ? "" : "\t").append(values[i]);
            }
            line.append('\n');
            byte[] b = line.toString().getBytes(StandardCharsets.UTF_8);
            buf.write(b, 0, b.length);
            if (buf.size() > 1 << 20) {
                flush();
            }
        }

        private void flush() throws Exception {
            copy.writeToCopy(buf.toByteArray(), 0, buf.size());
            buf.reset();
        }

        @Override
        public void close() throws Exception {
            flush();
            copy.endCopy();
        }
    }

    /** SQLite: 500 rows a statement, a commit every 500 000 rows (the WAL stays small). */
    private static final class SqliteRows implements Rows {
        private static final int ROWS = 500;
        private final Connection c;
        private final PreparedStatement p;
        private final int columns;
        private final String single;
        private final Object[][] pending = new Object[ROWS][];
        private int n;
        private long total;

        SqliteRows(Connection c, String table, String columns) throws Exception {
            this.c = c;
            this.columns = columns.split(",").length;
            String one = "(" + "?, ".repeat(this.columns - 1) + "?)";
            single = "INSERT INTO " + table + " (" + columns + ") VALUES " + one;
            p = c.prepareStatement(single + (", " + one).repeat(ROWS - 1));
        }

        @Override
        public void row(Object... values) throws Exception {
            pending[n++] = values;
            if (n == ROWS) {
                for (int i = 0; i < ROWS; i++) {
                    for (int j = 0; j < columns; j++) {
                        p.setObject(i * columns + j + 1, pending[i][j]);
                    }
                }
                p.executeUpdate();
                n = 0;
                if ((total += ROWS) % 500_000 == 0) {
                    c.commit();
                }
            }
        }

        @Override
        public void close() throws Exception {
            try (PreparedStatement one = c.prepareStatement(single)) {
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < columns; j++) {
                        one.setObject(j + 1, pending[i][j]);
                    }
                    one.executeUpdate();
                }
            }
            p.close();
            c.commit();
        }
    }
}
