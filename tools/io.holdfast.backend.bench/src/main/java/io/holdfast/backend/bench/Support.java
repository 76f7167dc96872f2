package io.holdfast.backend.bench;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** What the benchmark needs around the code it measures: configurations, a Mosquitto, fresh databases. */
final class Support {

    private Support() {
    }

    /** A configuration annotation from a map (key {@code jdbc.url} for method {@code jdbc_url}), else defaults. */
    static <A> A config(Class<A> type, Map<String, ?> values) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (p, m, args) -> {
            String key = m.getName().replace('_', '.');
            if (values.containsKey(key)) {
                return values.get(key);
            }
            if (m.getDefaultValue() != null) {
                return m.getDefaultValue();
            }
            return switch (m.getName()) {
            case "annotationType" -> type;
            case "hashCode" -> System.identityHashCode(p);
            case "equals" -> p == args[0];
            default -> type.getSimpleName();
            };
        }));
    }

    /** A Mosquitto 2 on a free port; {@code max_inflight_messages 0}: ack-after-commit is not throttled to 20. */
    static final class Mosquitto implements AutoCloseable {
        final int port;
        private final Process process;

        Mosquitto(Path dir) throws IOException {
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Files.createDirectories(dir);
            Path conf = dir.resolve("mosquitto.conf");
            Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\nuser root\n"
                    + "persistence false\nmax_inflight_messages 0\nmax_queued_messages 0\nlog_dest none\n");
            process = new ProcessBuilder("/usr/sbin/mosquitto", "-c", conf.toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (true) {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    return;
                } catch (IOException e) {
                    if (System.nanoTime() > deadline || !process.isAlive()) {
                        throw new IOException("mosquitto did not start: see " + dir.resolve("mosquitto.log"));
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                }
            }
        }

        String url() {
            return "tcp://127.0.0.1:" + port;
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            process.waitFor();
        }
    }

    /** A fresh database: a SQLite file under {@code dir}, or a new schema of the PostgreSQL at {@code pgUrl}. */
    record Database(String kind, String url, Runnable drop) implements AutoCloseable {

        static Database sqlite(Path dir) throws IOException {
            Path d = Files.createDirectories(dir.resolve("sqlite-" + UUID.randomUUID()));
            return new Database("sqlite", "jdbc:sqlite:" + d.resolve("holdfast.db"), () -> {
            });
        }

        static Database postgres(String pgUrl) throws SQLException {
            String schema = "bench_"
                    + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
            exec(pgUrl, "CREATE SCHEMA " + schema);
            String sep = pgUrl.contains("?") ? "&" : "?";
            return new Database("postgresql", pgUrl + sep + "currentSchema=" + schema, () -> {
                try {
                    exec(pgUrl, "DROP SCHEMA " + schema + " CASCADE");
                } catch (SQLException e) {
                    System.err.println("could not drop " + schema + ": " + e.getMessage());
                }
            });
        }

        private static void exec(String url, String sql) throws SQLException {
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                s.execute(sql);
            }
        }

        @Override
        public void close() {
            drop.run();
        }
    }
}
