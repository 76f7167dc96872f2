package io.holdfast.backend.store.impl;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.ToNumberPolicy;
import com.zaxxer.hikari.HikariDataSource;
import io.holdfast.backend.store.AlarmEvent;
import io.holdfast.backend.store.BackendStore;
import io.holdfast.backend.store.Bucket;
import io.holdfast.backend.store.BucketSize;
import io.holdfast.backend.store.DeviceInfo;
import io.holdfast.backend.store.GatewayInfo;
import io.holdfast.backend.store.IncomingReading;
import io.holdfast.backend.store.LiveListener;
import io.holdfast.backend.store.Sample;
import io.holdfast.backend.store.StoreException;
import io.holdfast.backend.store.WriteResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store on one database: opens the pool, migrates the schema, writes and reads; runs retention on a timer.
 * Restarting it is cheap (a new pool), so a new configuration reactivates it. It needs a configuration (the backend's
 * launcher always writes one, with an empty {@code jdbc.url} for SQLite), so that it never opens a default database
 * first and the configured one a moment later.
 */
@Component(name = JdbcBackendStore.PID, configurationPid = JdbcBackendStore.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = BackendStore.class)
@Designate(ocd = JdbcBackendStoreConfig.class)
public final class JdbcBackendStore implements BackendStore {

    static final String PID = "io.holdfast.backend.store.JdbcBackendStore";
    private static final Logger LOG = LoggerFactory.getLogger(JdbcBackendStore.class);
    private static final long DAY = 86_400_000L;

    private final JdbcBackendStoreConfig config;
    private final Dialect dialect;
    private final HikariDataSource pool;
    private final ReadingWriter writer;
    private final Queries queries;
    private final ScheduledExecutorService retention;
    private final AlarmEvaluator alarms;
    private final List<LiveListener> listeners = new CopyOnWriteArrayList<>();

    @Activate
    public JdbcBackendStore(JdbcBackendStoreConfig config, BundleContext context) throws StoreException {
        this(config, dataDir(context));
    }

    /** Outside OSGi (tests, benchmark): the default SQLite file is under {@code dataDir}. */
    public JdbcBackendStore(JdbcBackendStoreConfig config, Path dataDir) throws StoreException {
        this.config = config;
        String url = config.jdbc_url().isBlank() ? defaultUrl(dataDir) : config.jdbc_url().strip();
        this.dialect = Dialect.of(url);
        Gson gson = new GsonBuilder().setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE)
                .serializeSpecialFloatingPointValues().create();
        this.writer = new ReadingWriter(dialect, gson);
        this.queries = new Queries(gson);
        this.alarms = new AlarmEvaluator(dialect);
        this.pool = Databases.open(url, config.jdbc_user(), config.jdbc_password(), Math.max(2, config.pool_size()));
        try (Connection c = pool.getConnection()) {
            List<Integer> applied = new Migrator(dialect).migrate(c);
            LOG.info("backend store on {} ({}), schema migrations applied now: {}", Dialect.redact(url), dialect,
                    applied);
        } catch (SQLException e) {
            pool.close();
            throw new StoreException("cannot open the backend database " + Dialect.redact(url) + ": " + e.getMessage(),
                    e);
        }
        this.retention = Executors.newScheduledThreadPool(2, r -> new Thread(r, "holdfast-retention-alarms"));
        long every = Math.max(1, config.retention_interval_minutes());
        retention.scheduleWithFixedDelay(this::retentionRun, every, every, TimeUnit.MINUTES);
        if (config.alarm_check_seconds() > 0) {
            retention.scheduleWithFixedDelay(this::checkRun, config.alarm_check_seconds(), config.alarm_check_seconds(),
                    TimeUnit.SECONDS);
        }
    }

    private static Path dataDir(BundleContext context) {
        String dir = context.getProperty("holdfast.data.dir");
        return dir != null ? Path.of(dir) : context.getDataFile("").toPath();
    }

    private static String defaultUrl(Path dataDir) throws StoreException {
        try {
            Path dir = Files.createDirectories(dataDir.resolve("backend"));
            return "jdbc:sqlite:" + dir.resolve("holdfast.db");
        } catch (java.io.IOException e) {
            throw new StoreException("cannot create " + dataDir.resolve("backend") + ": " + e.getMessage(), e);
        }
    }

    @Deactivate
    public void close() {
        retention.shutdownNow();
        writer.close();
        pool.close();
    }

    private void retentionRun() {
        try {
            long deleted = applyRetention(System.currentTimeMillis());
            if (deleted > 0) {
                LOG.info("retention deleted {} rows", deleted);
            }
        } catch (StoreException | RuntimeException e) {
            LOG.warn("retention failed: {}", e.getMessage());
        }
    }

    /** A live listener (the whiteboard): called after each commit. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addListener(LiveListener listener) {
        listeners.add(listener);
    }

    public void removeListener(LiveListener listener) {
        listeners.remove(listener);
    }

    private void publish(List<IncomingReading> stored, List<AlarmEvent> events) {
        if (listeners.isEmpty()) {
            return;
        }
        List<StoredReading> readings = stored.stream().map(
                r -> new StoredReading(r.device(), r.seq(), r.timestamp(), r.receivedAt(), r.gateway(), r.metrics()))
                .toList();
        for (LiveListener l : listeners) {
            try {
                if (!readings.isEmpty()) {
                    l.readingsStored(readings);
                }
                for (AlarmEvent e : events) {
                    l.alarmChanged(e);
                }
            } catch (RuntimeException e) {
                LOG.warn("live listener {} failed: {}", l.getClass().getName(), e.toString());
            }
        }
    }

    @FunctionalInterface
    private interface Tx<T> {
        T apply(Connection c) throws SQLException;
    }

    private <T> T transaction(String what, Tx<T> tx) throws StoreException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T r = tx.apply(c);
                c.commit();
                return r;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException(what + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public WriteResult write(List<IncomingReading> readings) throws StoreException {
        if (readings.isEmpty()) {
            return new WriteResult(0, 0);
        }
        List<AlarmEvent> events = new java.util.ArrayList<>();
        ReadingWriter.Written w = transaction("writing " + readings.size() + " readings", c -> {
            ReadingWriter.Written written = writer.write(c, readings);
            events.addAll(alarms.onReadings(c, written.stored()));
            return written;
        });
        publish(w.stored(), events);
        return w.result();
    }

    /** Runs the periodic alarm check at wall-clock time {@code now}; the timer calls it every alarm.check.seconds. */
    public List<AlarmEvent> checkAlarms(long now) throws StoreException {
        List<AlarmEvent> events = transaction("checking alarms", c -> alarms.check(c, now));
        publish(List.of(), events);
        return events;
    }

    private void checkRun() {
        try {
            checkAlarms(System.currentTimeMillis());
        } catch (StoreException | RuntimeException e) {
            LOG.warn("alarm check failed: {}", e.getMessage());
        }
    }

    @Override
    public void audit(String actor, String action, String target, String detail) throws StoreException {
        transaction("appending to the audit trail", c -> {
            AuditLog.append(c, dialect, System.currentTimeMillis(), actor, action, target, detail);
            return null;
        });
    }

    @Override
    public void alarmAcknowledged(long alarmId) throws StoreException {
        AlarmEvent e = read("reading alarm " + alarmId, false,
                c -> AlarmRows.event(c, AlarmEvent.Change.ACKNOWLEDGED, alarmId, System.currentTimeMillis()));
        if (e != null) {
            publish(List.of(), List.of(e));
        }
    }

    @Override
    public void deadLetter(long receivedAt, String topic, byte[] payload, String reason) throws StoreException {
        try (Connection c = pool.getConnection(); PreparedStatement p = c.prepareStatement(
                "INSERT INTO dead_letters (received_at, topic, reason, payload) VALUES (?, ?, ?, ?)")) {
            p.setLong(1, receivedAt);
            p.setString(2, topic);
            p.setString(3, reason);
            p.setBytes(4, payload);
            p.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("keeping a dead letter failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void gatewayEvent(String clientId, String account, String event, long at, Map<String, Object> metrics)
            throws StoreException {
        boolean birth = event.equals("BIRTH");
        String birthJson = birth ? new Gson().toJson(metrics) : "{}";
        List<AlarmEvent> events = transaction("recording " + event + " of " + clientId, c -> {
            if (event.equals("STATUS")) {
                // a status changes no lifecycle state; it names a gateway the backend has not seen a BIRTH of yet
                try (PreparedStatement p = c.prepareStatement(
                        "INSERT INTO gateways (client_id, account, online, last_event, last_change, birth) "
                                + "VALUES (?, ?, 1, 'STATUS', ?, '{}') ON CONFLICT (client_id) DO NOTHING")) {
                    p.setString(1, clientId);
                    p.setString(2, account);
                    p.setLong(3, at);
                    p.executeUpdate();
                }
                backlog(c, clientId, at, metrics);
                return List.<AlarmEvent> of();
            }
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO gateways (client_id, account, online, last_event, last_change, birth) "
                            + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (client_id) DO UPDATE SET account = excluded.account, "
                            + "online = CASE WHEN excluded.last_change >= gateways.last_change THEN excluded.online "
                            + "ELSE gateways.online END, last_event = CASE WHEN excluded.last_change >= gateways.last_change "
                            + "THEN excluded.last_event ELSE gateways.last_event END, last_change = "
                            + dialect.greatest("gateways.last_change", "excluded.last_change")
                            + ", birth = CASE WHEN ? " + "THEN excluded.birth ELSE gateways.birth END")) {
                p.setString(1, clientId);
                p.setString(2, account);
                p.setInt(3, birth ? 1 : 0);
                p.setString(4, event);
                p.setLong(5, at);
                p.setString(6, birthJson);
                p.setBoolean(7, birth);
                p.executeUpdate();
            }
            backlog(c, clientId, at, metrics);
            return birth ? alarms.onBirth(c, clientId, at) : List.<AlarmEvent> of();
        });
        publish(List.of(), events);
    }

    /** Keeps the backlog metrics of a BIRTH or STATUS, unless a newer report is already kept. */
    private static void backlog(Connection c, String clientId, long at, Map<String, Object> metrics)
            throws SQLException {
        if (!(metrics.get(GatewayInfo.METRIC_BACKLOG) instanceof Number n)
                || !(metrics.get(GatewayInfo.METRIC_BACKLOG_OLDEST_AGE_MS) instanceof Number age)) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement("UPDATE gateways SET backlog = ?, backlog_oldest_age_ms = ?, "
                + "backlog_at = ? WHERE client_id = ? AND (backlog_at IS NULL OR backlog_at <= ?)")) {
            p.setLong(1, Math.max(0, n.longValue()));
            p.setLong(2, Math.max(0, age.longValue()));
            p.setLong(3, at);
            p.setString(4, clientId);
            p.setLong(5, at);
            p.executeUpdate();
        }
    }

    @FunctionalInterface
    private interface Read<T> {
        T apply(Connection c) throws Exception;
    }

    private <T> T read(String what, boolean snapshot, Read<T> read) throws StoreException {
        try (Connection c = pool.getConnection()) {
            // PostgreSQL streams a result set only outside auto-commit; one transaction is also one snapshot
            boolean tx = snapshot || dialect == Dialect.POSTGRESQL;
            if (tx) {
                c.setAutoCommit(false);
            }
            try {
                return read.apply(c);
            } finally {
                if (tx) {
                    c.rollback();
                    c.setAutoCommit(true);
                }
            }
        } catch (StoreException e) {
            throw e;
        } catch (Exception e) {
            throw new StoreException(what + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<GatewayInfo> gateways() throws StoreException {
        return read("listing gateways", false, queries::gateways);
    }

    @Override
    public List<DeviceInfo> devices() throws StoreException {
        return read("listing devices", false, c -> queries.devices(c, null));
    }

    @Override
    public Optional<DeviceInfo> device(String id) throws StoreException {
        return read("reading device", false, c -> queries.devices(c, id).stream().findFirst());
    }

    @Override
    public List<Sample> samples(String device, String metric, long from, long to, long afterTimestamp, long afterSeq,
            int limit) throws StoreException {
        return read("reading samples", false,
                c -> queries.samples(c, device, metric, from, to, afterTimestamp, afterSeq, limit));
    }

    @Override
    public List<StoredReading> readings(String device, long from, long to, long afterTimestamp, long afterSeq,
            int limit) throws StoreException {
        return read("reading readings", false,
                c -> queries.readings(c, device, from, to, afterTimestamp, afterSeq, limit));
    }

    @Override
    public void streamSamples(String device, String metric, long from, long to, Sink<Sample> sink)
            throws StoreException {
        read("streaming samples", false, c -> {
            queries.streamSamples(c, device, metric, from, to, sink);
            return null;
        });
    }

    @Override
    public void countAndStreamSamples(String device, String metric, long from, long to, Sink<Long> count,
            Sink<Sample> sink) throws StoreException {
        read("exporting samples", true, c -> {
            count.accept(queries.countSamples(c, device, metric, from, to));
            queries.streamSamples(c, device, metric, from, to, sink);
            return null;
        });
    }

    @Override
    public void streamSeqs(String device, long from, long to, Sink<long[]> sink) throws StoreException {
        read("streaming sequence numbers", false, c -> {
            queries.streamSeqs(c, device, from, to, sink);
            return null;
        });
    }

    @Override
    public List<Bucket> stats(String device, String metric, long from, long to, BucketSize size) throws StoreException {
        return read("reading statistics", false, c -> queries.stats(c, device, metric, from, to, size));
    }

    @Override
    public List<Map<String, Object>> deadLetters(long from, long to, int limit) throws StoreException {
        return read("listing dead letters", false, c -> queries.deadLetters(c, from, to, limit));
    }

    @Override
    public long applyRetention(long now) throws StoreException {
        long deleted = 0;
        deleted += delete("DELETE FROM reading_values WHERE ts < ?", config.retention_readings_days(), now);
        deleted += delete("DELETE FROM readings WHERE ts < ?", config.retention_readings_days(), now);
        deleted += delete("DELETE FROM rollup_minute WHERE bucket < ?", config.retention_minute_days(), now);
        deleted += delete("DELETE FROM rollup_hour WHERE bucket < ?", config.retention_hour_days(), now);
        deleted += delete("DELETE FROM dead_letters WHERE received_at < ?", config.retention_dead_letters_days(), now);
        return deleted;
    }

    private long delete(String sql, int days, long now) throws StoreException {
        if (days <= 0) {
            return 0;
        }
        try (Connection c = pool.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            p.setLong(1, now - days * DAY);
            return p.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("retention failed: " + e.getMessage(), e);
        }
    }

    @Override
    public DataSource dataSource() {
        return pool;
    }

    @Override
    public String dialect() {
        return dialect.name().toLowerCase(java.util.Locale.ROOT);
    }
}
