package io.holdfast.e2e.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Sees each reading's row when it is committed in the backend's SQLite database: a thread reads the rows added since
 * the last look ({@code rowid > last}) every {@link #pollMicros} microseconds. The time of a row's commit is between
 * the start of the look before and the start of the look that first returned it; the latter is its "observed" time (an
 * upper bound, at most one poll interval plus one query late).
 */
final class CommitWatcher implements AutoCloseable {

    /** Readings of the devices whose id starts with a prefix: their identities, latencies and arrivals per second. */
    static final class Track {
        final String prefix;
        /** {@code device#seq} of every row stored. */
        final Set<String> keys = ConcurrentHashMap.newKeySet();
        /** Committed (observed) minus device {@code ts}, in microseconds, for readings taken inside the window. */
        final Histogram commit = new Histogram(TimeUnit.HOURS.toMicros(2), 3);
        /** Backend {@code received_at} minus device {@code ts}, in microseconds, inside the window. */
        final Histogram ingest = new Histogram(TimeUnit.HOURS.toMicros(2), 3);
        /** Rows observed per wall-clock second (epoch second). */
        final ConcurrentSkipListMap<Long, AtomicLong> perSecond = new ConcurrentSkipListMap<>();
        private volatile long windowFromMs = Long.MAX_VALUE;
        private volatile long windowToMs = Long.MAX_VALUE;

        Track(String prefix) {
            this.prefix = prefix;
        }

        /** Latencies are recorded for readings whose device {@code ts} is in [from, to). */
        void window(long fromMs, long toMs) {
            windowToMs = toMs;
            windowFromMs = fromMs;
        }

        /** @return a copy of {@link #commit}, taken under the lock the watcher records with */
        synchronized Histogram commitCopy() {
            return commit.copy();
        }

        /** @return a copy of {@link #ingest} */
        synchronized Histogram ingestCopy() {
            return ingest.copy();
        }

        /** @return readings of the window seen committed */
        synchronized long windowCount() {
            return commit.getTotalCount();
        }

        /** @return rows stored */
        long stored() {
            return keys.size();
        }

        /** @return rows observed during [fromMs, toMs) per second */
        double rate(long fromMs, long toMs) {
            long n = perSecond.subMap(fromMs / 1000, toMs / 1000).values().stream().mapToLong(AtomicLong::get).sum();
            return n / ((toMs / 1000 - fromMs / 1000) == 0 ? 1.0 : (toMs / 1000 - fromMs / 1000));
        }

        private synchronized void add(String device, long seq, long ts, long receivedAt, long observedMicros) {
            keys.add(device + "#" + seq);
            perSecond.computeIfAbsent(observedMicros / 1_000_000, k -> new AtomicLong()).incrementAndGet();
            if (ts >= windowFromMs && ts < windowToMs) {
                commit.recordValue(Math.max(0, observedMicros - ts * 1000));
                ingest.recordValue(Math.max(0, (receivedAt - ts) * 1000));
            }
        }
    }

    private final Path db;
    private final long pollMicros;
    private final List<Track> tracks = new CopyOnWriteArrayList<>();
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong polls = new AtomicLong();
    private final Thread thread;
    private final Clock clock = Clock.systemUTC();
    private volatile boolean running = true;
    private volatile Throwable failure;

    CommitWatcher(Path db, long pollMicros) {
        this.db = db;
        this.pollMicros = pollMicros;
        this.thread = new Thread(this::run, "e2e-commit-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts tracking the devices whose id starts with {@code prefix}. */
    Track track(String prefix) {
        Track t = new Track(prefix);
        tracks.add(t);
        return t;
    }

    /** @return every row seen */
    long rows() {
        return rows.get();
    }

    /** @return looks at the database so far */
    long polls() {
        return polls.get();
    }

    private long nowMicros() {
        Instant i = clock.instant();
        return i.getEpochSecond() * 1_000_000 + i.getNano() / 1000;
    }

    private void run() {
        while (running && !Files.exists(db)) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        long last = 0;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            while (running) {
                try (PreparedStatement p = c.prepareStatement(
                        "SELECT rowid, device, seq, ts, received_at FROM readings WHERE rowid > ? ORDER BY rowid LIMIT 20000")) {
                    while (running) {
                        p.setLong(1, last);
                        long observed = nowMicros();
                        int n = 0;
                        try (ResultSet rs = p.executeQuery()) {
                            while (rs.next()) {
                                last = rs.getLong(1);
                                String device = rs.getString(2);
                                for (Track t : tracks) {
                                    if (device.startsWith(t.prefix)) {
                                        t.add(device, rs.getLong(3), rs.getLong(4), rs.getLong(5), observed);
                                    }
                                }
                                n++;
                            }
                        }
                        rows.addAndGet(n);
                        polls.incrementAndGet();
                        if (n < 20000) {
                            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(pollMicros));
                        }
                    }
                } catch (SQLException e) {
                    // the schema is not there yet (the backend migrates at its start): look again
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
                }
            }
        } catch (SQLException | RuntimeException e) {
            failure = e;
        }
    }

    /**
     * @throws IllegalStateException
     *             if the watcher failed
     */
    void check() {
        if (failure != null) {
            throw new IllegalStateException("the commit watcher failed on " + db + ": " + failure, failure);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }
}
