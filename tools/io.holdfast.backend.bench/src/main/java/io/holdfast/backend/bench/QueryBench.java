package io.holdfast.backend.bench;

import io.holdfast.backend.bench.Support.Database;
import io.holdfast.backend.store.BucketSize;
import io.holdfast.backend.store.IncomingReading;
import io.holdfast.backend.store.impl.JdbcBackendStore;
import io.holdfast.backend.store.impl.JdbcBackendStoreConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Query latencies through the store's API (what the REST routes call) with many readings stored: one device has a year
 * at one reading a minute (525 600), the other devices share the rest at one a minute from the same start.
 */
@Command(name = "queries", mixinStandardHelpOptions = true, description = "query latencies with N readings stored")
final class QueryBench implements Callable<Integer> {

    static final long T0 = 1_735_689_600_000L; // 2025-01-01T00:00:00Z
    static final long DAY = 86_400_000L;
    static final int YEAR = 525_600;

    @Option(names = "--readings", defaultValue = "10000000", description = "readings stored (${DEFAULT-VALUE})")
    long readings;

    @Option(names = "--devices", defaultValue = "1000")
    int devices;

    @Option(names = "--iterations", defaultValue = "300")
    int iterations;

    @Option(names = "--databases", split = ",", defaultValue = "sqlite,postgresql")
    List<String> databases;

    @Option(names = "--pg-url", defaultValue = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres")
    String pgUrl;

    @Option(names = "--dir", defaultValue = "target/bench")
    Path dir;

    @Option(names = "--load", defaultValue = "bulk", description = "bulk: the rows written straight into the schema "
            + "(COPY / multi-row INSERT, see BulkLoad); store: through BackendStore.write (${DEFAULT-VALUE})")
    String loadBy;

    @Override
    public Integer call() throws Exception {
        System.out.println("machine: " + BackendBench.machine());
        for (String kind : databases) {
            try (Database db = kind.equals("sqlite") ? Database.sqlite(dir) : Database.postgres(pgUrl)) {
                JdbcBackendStoreConfig config = Support.config(JdbcBackendStoreConfig.class,
                        Map.of("jdbc.url", db.url(), "alarm.check.seconds", 0));
                if (loadBy.equals("bulk")) {
                    new JdbcBackendStore(config, dir).close(); // the schema
                    long t0 = System.nanoTime();
                    long perOther = (readings - YEAR) / (devices - 1);
                    BulkLoad.load(kind, db.url(), new BulkLoad.Shape(devices, YEAR, perOther, T0));
                    readings = YEAR + perOther * (devices - 1);
                    double s = (System.nanoTime() - t0) / 1e9;
                    System.out.printf("%s: bulk-loaded %d readings (setup, not ingest) in %.0f s; %s%n", kind, readings,
                            s, BackendBench.machine());
                }
                JdbcBackendStore store = new JdbcBackendStore(config, dir);
                try {
                    run(kind, store);
                } finally {
                    store.close();
                }
            }
        }
        System.out.println("machine after: " + BackendBench.machine());
        return 0;
    }

    private void run(String kind, JdbcBackendStore store) throws Exception {
        if (loadBy.equals("store")) {
            long t0 = System.nanoTime();
            load(store);
            System.out.printf("%s: loaded %d readings through the store in %.0f s (%.0f readings/s)%n", kind, readings,
                    (System.nanoTime() - t0) / 1e9, readings / ((System.nanoTime() - t0) / 1e9));
        }
        Random random = new Random(42);
        long[] stats = time(() -> {
            long day = T0 + random.nextInt(364) * DAY;
            store.stats("year-0", "temperature", day, day + DAY, BucketSize.HOUR);
        });
        long[] page = time(() -> {
            long from = T0 + random.nextInt(YEAR - 2000) * 60_000L;
            store.samples("year-0", "temperature", from, T0 + 366 * DAY, Long.MIN_VALUE, 0, 1000);
        });
        long[] latest = time(() -> {
            if (store.devices().size() != devices) {
                throw new IllegalStateException("devices");
            }
        });
        System.out.printf(
                "%s: device-day of hourly stats p50 %.2f ms p99 %.2f ms; 1 000-row page p50 %.2f ms "
                        + "p99 %.2f ms; latest of %d devices p50 %.2f ms p99 %.2f ms%n",
                kind, ms(stats, 50), ms(stats, 99), ms(page, 50), ms(page, 99), devices, ms(latest, 50),
                ms(latest, 99));
        csv(kind, store);
    }

    private void load(JdbcBackendStore store) throws Exception {
        long others = readings - YEAR;
        long perOther = others / (devices - 1);
        List<IncomingReading> batch = new ArrayList<>(5000);
        for (int s = 0; s < YEAR; s++) {
            batch.add(reading("year-0", s));
            flush(store, batch, 5000);
        }
        for (long s = 0; s < perOther; s++) {
            for (int d = 1; d < devices; d++) {
                batch.add(reading("dev-" + d, s));
                flush(store, batch, 5000);
            }
        }
        flush(store, batch, 1);
        readings = YEAR + perOther * (devices - 1);
    }

    private static IncomingReading reading(String device, long seq) {
        long ts = T0 + seq * 60_000L;
        return new IncomingReading(device, seq, ts, ts + 40, "gw-bench", "holdfast/gw-bench/ESP32/readings/" + device,
                Map.of("temperature", 4 + (seq % 40) / 10.0, "seq", seq, "source", device));
    }

    private static void flush(JdbcBackendStore store, List<IncomingReading> batch, int at) throws Exception {
        if (batch.size() >= at) {
            store.write(batch);
            batch.clear();
        }
    }

    @FunctionalInterface
    interface Query {
        void run() throws Exception;
    }

    private long[] time(Query q) throws Exception {
        for (int i = 0; i < Math.min(50, iterations); i++) {
            q.run();
        }
        long[] ns = new long[iterations];
        for (int i = 0; i < iterations; i++) {
            long t = System.nanoTime();
            q.run();
            ns[i] = System.nanoTime() - t;
        }
        Arrays.sort(ns);
        return ns;
    }

    private static double ms(long[] sorted, int percentile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(sorted.length * percentile / 100.0) - 1)] / 1e6;
    }

    /** The heap in use after the latest collection of each heap pool: what the stream retains, not its garbage. */
    private static long afterGc() {
        long sum = 0;
        for (java.lang.management.MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == java.lang.management.MemoryType.HEAP && p.getCollectionUsage() != null) {
                sum += p.getCollectionUsage().getUsed();
            }
        }
        return sum;
    }

    private static long gcs() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(g -> g.getCollectionCount()).sum();
    }

    /** The year of one device as the CSV route writes it, into a counter; heap sampled meanwhile. */
    private void csv(String kind, JdbcBackendStore store) throws Exception {
        // the rows alone, without formatting: how much of the CSV's time is the database's
        AtomicLong n = new AtomicLong();
        long t0 = System.nanoTime();
        store.streamSamples("year-0", "temperature", T0, T0 + 366 * DAY, s -> n.incrementAndGet());
        System.out.printf("%s: year of one device streamed without formatting: %d rows in %.2f s = %.0f rows/s%n", kind,
                n.get(), (System.nanoTime() - t0) / 1e9, n.get() / ((System.nanoTime() - t0) / 1e9));
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long base = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong(base);
        AtomicLong retained = new AtomicLong(afterGc());
        long retainedBase = retained.get();
        AtomicBoolean done = new AtomicBoolean();
        Thread sampler = new Thread(() -> {
            while (!done.get()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                retained.accumulateAndGet(afterGc(), Math::max);
                java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
            }
        });
        sampler.start();
        long gcBase = gcs();
        AtomicLong bytes = new AtomicLong();
        AtomicLong rows = new AtomicLong();
        long t = System.nanoTime();
        // the code of the CSV route (Analyses.csv), into a stream that counts the bytes
        java.io.OutputStream counter = new java.io.OutputStream() {
            @Override
            public void write(int b) {
                bytes.incrementAndGet();
            }

            @Override
            public void write(byte[] b, int off, int len) {
                bytes.addAndGet(len);
            }
        };
        java.io.BufferedWriter w = new java.io.BufferedWriter(
                new java.io.OutputStreamWriter(counter, StandardCharsets.UTF_8), 1 << 16);
        w.write("timestamp,time,seq,temperature\n");
        StringBuilder line = new StringBuilder(64);
        store.streamSamples("year-0", "temperature", T0, T0 + 366 * DAY, s -> {
            line.setLength(0);
            line.append(s.timestamp()).append(',').append(Instant.ofEpochMilli(s.timestamp())).append(',')
                    .append(s.seq()).append(',').append(s.value()).append('\n');
            w.append(line);
            rows.incrementAndGet();
        });
        w.flush();
        double seconds = (System.nanoTime() - t) / 1e9;
        System.out.printf("%s: year CSV: %.0f rows/s%n", kind, rows.get() / seconds);
        done.set(true);
        sampler.join();
        System.out.printf(
                "%s: year CSV of one device: %d rows, %.1f MB in %.2f s = %.1f MB/s; heap used %d MB "
                        + "before, at most %d MB during (max heap %d MB); heap after GC %d MB before, at most %d MB "
                        + "during (%d GCs)%n",
                kind, rows.get(), bytes.get() / 1e6, seconds, bytes.get() / 1e6 / seconds, base >> 20, peak.get() >> 20,
                Runtime.getRuntime().maxMemory() >> 20, retainedBase >> 20, retained.get() >> 20, gcs() - gcBase);
    }
}
