package io.holdfast.store.bench;

import io.holdfast.api.queue.OutboundMessage;
import io.holdfast.api.queue.QueueException;
import io.holdfast.api.queue.QueuedMessage;
import io.holdfast.api.queue.DurableQueue;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Measures the SQLite queue, the real bundle in an OSGi runtime, each queue made through Config Admin: enqueue
 * throughput with 1, 4 and 16 blocking producers per durability mode (plus one pipelined asynchronous producer), then a
 * backlog of a million readings: how fast it fills, how long the file takes to open, the heap it needs, and how fast a
 * sender drains it with take and ack in batches.
 * <p>
 * Run it with a small heap to show that the backlog lives on disk: {@code java -Xmx64m -jar store-bench.jar}. Options:
 * {@code --seconds N} (per enqueue run, default 5), {@code --backlog N} (default 1000000), {@code --dir DIR} (default
 * {@code bench-data} in the working directory).
 */
public final class QueueBench {

    private static final int[] PRODUCERS = { 1, 4, 16 };
    private static final String[] MODES = { "FULL", "NORMAL" };
    private static final int DRAIN_BATCH = 1000;

    private final int seconds;
    private final int backlog;
    private final Path dir;
    private final ConfiguredQueues queues;

    private QueueBench(int seconds, int backlog, Path dir, ConfiguredQueues queues) {
        this.seconds = seconds;
        this.backlog = backlog;
        this.dir = dir;
        this.queues = queues;
    }

    static int main(String[] args, ConfiguredQueues queues) throws Exception {
        int seconds = 5;
        int backlog = 1_000_000;
        Path dir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
            case "--seconds" -> seconds = Integer.parseInt(args[++i]);
            case "--backlog" -> backlog = Integer.parseInt(args[++i]);
            case "--dir" -> dir = Path.of(args[++i]);
            default -> {
                System.err.println("usage: java -Xmx64m -jar store-bench.jar [--seconds N] [--backlog N] [--dir DIR]");
                return 2;
            }
            }
        }
        if (dir == null) {
            dir = Path.of("bench-data");
        }
        Files.createDirectories(dir);
        new QueueBench(seconds, backlog, dir.toAbsolutePath(), queues).run();
        return 0;
    }

    private void run() throws Exception {
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "# Holdfast SQLite queue benchmark%n%n");
        System.out.printf(Locale.ROOT, "- JVM: %s %s, %d processors, max heap %d MiB%n",
                System.getProperty("java.vm.name"), System.getProperty("java.version"), rt.availableProcessors(),
                rt.maxMemory() >> 20);
        System.out.printf(Locale.ROOT, "- OS: %s %s %s%n", System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("os.arch"));
        System.out.printf(Locale.ROOT, "- data: %s (%s, %s)%n", dir, Files.getFileStore(dir).type(),
                Files.getFileStore(dir).name());
        System.out.printf(Locale.ROOT,
                "- payload: %d-byte JSON reading; each enqueue run: 1 s warm-up, %d s measured%n%n",
                payload(123_456, 0).length, seconds);
        System.out.printf(Locale.ROOT, "- store: the bundle %s in OSGi, each queue a factory configuration of %s%n%n",
                "io.holdfast.store.sqlite", ConfiguredQueues.FACTORY_PID);

        System.out.printf(Locale.ROOT, "## Enqueue (blocking enqueue(), each producer waits for its commit)%n%n");
        System.out.printf(Locale.ROOT, "| durability | producers | enqueues/s | p50 latency | p99 latency |%n");
        System.out.printf(Locale.ROOT, "|---|---:|---:|---:|---:|%n");
        for (String mode : MODES) {
            for (int p : PRODUCERS) {
                Result r = enqueueRun(mode, p, false);
                System.out.printf(Locale.ROOT, "| %s | %d | %,.0f | %s | %s |%n", mode, p, r.perSecond,
                        micros(r.latency.percentile(0.50)), micros(r.latency.percentile(0.99)));
            }
        }
        System.out.printf(Locale.ROOT, "%n## Enqueue, one pipelined producer (enqueueAsync(), up to 4096 waiting)%n%n");
        System.out.printf(Locale.ROOT, "| durability | enqueues/s |%n|---|---:|%n");
        for (String mode : MODES) {
            System.out.printf(Locale.ROOT, "| %s | %,.0f |%n", mode, enqueueRun(mode, 1, true).perSecond);
        }

        backlogRun();
    }

    private record Result(double perSecond, Histogram latency) {
    }

    private Result enqueueRun(String mode, int producers, boolean async) throws Exception {
        String name = "enqueue-" + mode + "-" + producers + (async ? "-async" : "");
        Path file = fresh(name + ".db");
        ConfiguredQueues.Open open = queues.open(name, file, mode, Long.MAX_VALUE, Long.MAX_VALUE, 60);
        DurableQueue q = open.queue;
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong counted = new AtomicLong();
        Histogram latency = new Histogram();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < producers; t++) {
            int device = t;
            threads.add(new Thread(() -> {
                Histogram mine = new Histogram();
                Semaphore window = new Semaphore(4096);
                try {
                    for (long seq = 0; !stop.get(); seq++) {
                        boolean count = measuring.get();
                        OutboundMessage m = message(device, seq);
                        if (async) {
                            window.acquire();
                            q.enqueueAsync(m).whenComplete((id, e) -> {
                                window.release();
                                if (e != null) {
                                    failure.compareAndSet(null, e);
                                } else if (count) {
                                    counted.incrementAndGet();
                                }
                            });
                        } else {
                            long start = System.nanoTime();
                            q.enqueue(m);
                            if (count) {
                                mine.record(System.nanoTime() - start);
                                counted.incrementAndGet();
                            }
                        }
                    }
                    window.acquire(4096);
                } catch (QueueException | InterruptedException e) {
                    failure.compareAndSet(null, e);
                }
                latency.add(mine);
            }));
        }
        threads.forEach(Thread::start);
        Thread.sleep(1000);
        measuring.set(true);
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        measuring.set(false);
        long elapsed = System.nanoTime() - start;
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        open.close();
        delete(file);
        if (failure.get() != null) {
            throw new IllegalStateException("enqueue failed", failure.get());
        }
        return new Result(counted.get() / (elapsed / 1e9), latency);
    }

    private void backlogRun() throws Exception {
        Path file = fresh("backlog.db");
        System.out.printf(Locale.ROOT, "%n## Backlog of %,d messages (durability FULL)%n%n", backlog);
        ConfiguredQueues.Open open = queues.open("backlog", file, "FULL", 2L * backlog, 1L << 40, 3600);
        DurableQueue q = open.queue;

        long start = System.nanoTime();
        fill(q, 4);
        double fillSeconds = (System.nanoTime() - start) / 1e9;
        long heapWithBacklog = heapAfterGc();
        long depth = q.stats().depth();
        if (depth != backlog) {
            throw new IllegalStateException("depth " + depth + " after filling " + backlog);
        }
        open.close();
        long fileBytes = Files.size(file);

        resetPeaks();
        start = System.nanoTime();
        open = queues.open("backlog", file, "FULL", 2L * backlog, 1L << 40, 3600);
        q = open.queue;
        double openSeconds = (System.nanoTime() - start) / 1e9;

        start = System.nanoTime();
        long drained = 0;
        for (List<QueuedMessage> batch; !(batch = q.take(DRAIN_BATCH, Long.MAX_VALUE)).isEmpty();) {
            long[] ids = new long[batch.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = batch.get(i).id();
            }
            q.ack(ids);
            drained += ids.length;
        }
        double drainSeconds = (System.nanoTime() - start) / 1e9;
        long peakHeap = peakHeap();
        if (drained != backlog) {
            throw new IllegalStateException("drained " + drained + " of " + backlog);
        }
        open.close();
        // housekeeping runs an interval after the file is opened: reopen with 1 s and wait until the file has shrunk
        open = queues.open("backlog", file, "FULL", 2L * backlog, 1L << 40, 1);
        start = System.nanoTime();
        while (Files.size(file) > fileBytes / 100) {
            if (System.nanoTime() - start > 120e9) {
                throw new IllegalStateException("housekeeping did not shrink " + file + " within 2 minutes");
            }
            Thread.sleep(5);
        }
        double housekeepSeconds = (System.nanoTime() - start) / 1e9 - 1;
        long fileAfter = Files.size(file);
        open.close();
        delete(file);

        System.out.printf(Locale.ROOT, "| what | figure |%n|---|---:|%n");
        System.out.printf(Locale.ROOT, "| fill (4 pipelined producers) | %,.0f msg/s (%.1f s) |%n",
                backlog / fillSeconds, fillSeconds);
        System.out.printf(Locale.ROOT, "| file with the backlog | %,d MiB |%n", fileBytes >> 20);
        System.out.printf(Locale.ROOT, "| heap used after GC, backlog stored | %.1f MiB |%n",
                heapWithBacklog / 1048576.0);
        System.out.printf(Locale.ROOT,
                "| open (configuration to service: quick check, counters from the file) | %.2f s |%n", openSeconds);
        System.out.printf(Locale.ROOT, "| drain (take %d + ack by ids, one thread) | %,.0f msg/s (%.1f s) |%n",
                DRAIN_BATCH, backlog / drainSeconds, drainSeconds);
        System.out.printf(Locale.ROOT, "| peak heap during open and drain (max %d MiB) | %.1f MiB |%n",
                Runtime.getRuntime().maxMemory() >> 20, peakHeap / 1048576.0);
        System.out.printf(Locale.ROOT,
                "| housekeeping after the drain (reopened, less its 1 s interval) | %.2f s, file %,d MiB -> %,d KiB |%n",
                housekeepSeconds, fileBytes >> 20, fileAfter >> 10);
    }

    /** Fills the queue with pipelined producers, each with a bounded window of waiting enqueues. */
    private void fill(DurableQueue q, int producers) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(producers);
        for (int t = 0; t < producers; t++) {
            int device = t;
            new Thread(() -> {
                Semaphore window = new Semaphore(2048);
                try {
                    for (int seq = device; seq < backlog; seq += producers) {
                        window.acquire();
                        q.enqueueAsync(message(device, seq)).whenComplete((id, e) -> {
                            window.release();
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            }
                        });
                    }
                    window.acquire(2048);
                } catch (InterruptedException e) {
                    failure.compareAndSet(null, e);
                }
                done.countDown();
            }).start();
        }
        done.await();
        if (failure.get() != null) {
            throw new IllegalStateException("fill failed", failure.get());
        }
    }

    private static OutboundMessage message(int device, long seq) {
        return OutboundMessage.builder("readings", payload(device, seq))
                .reading(String.format(Locale.ROOT, "AA:BB:CC:DD:EE:%02X", device), seq).build();
    }

    /** A reading as the ESP32 gateway sends it, about 130 bytes of JSON. */
    private static byte[] payload(int device, long seq) {
        return String
                .format(Locale.ROOT,
                        "{\"device\":\"AA:BB:CC:DD:EE:%02X\",\"seq\":%d,\"ts\":%d,\"metrics\":"
                                + "{\"temperature\":%.2f,\"humidity\":%.1f,\"battery\":%.2f}}",
                        device, seq, 1_767_225_600_000L + seq * 1000, 4 + (seq % 300) / 100.0, 55 + (seq % 100) / 10.0,
                        3.7)
                .getBytes(StandardCharsets.UTF_8);
    }

    private Path fresh(String name) throws IOException {
        Path file = dir.resolve(name);
        delete(file);
        return file;
    }

    private static void delete(Path file) throws IOException {
        for (String suffix : new String[] { "", "-wal", "-shm" }) {
            Files.deleteIfExists(Path.of(file + suffix));
        }
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static String micros(long nanos) {
        return nanos < 1_000_000 ? String.format(Locale.ROOT, "%d µs", Math.round(nanos / 1e3))
                : String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }

    /** Latencies in log-linear buckets (8 per power of two): percentiles within 12 %, no allocation per call. */
    static final class Histogram {
        private final long[] buckets = new long[64 * 8];
        private long count;

        void record(long nanos) {
            buckets[index(Math.max(1, nanos))]++;
            count++;
        }

        synchronized void add(Histogram other) {
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] += other.buckets[i];
            }
            count += other.count;
        }

        synchronized long percentile(double p) {
            long rank = (long) Math.ceil(p * count);
            long seen = 0;
            for (int i = 0; i < buckets.length; i++) {
                seen += buckets[i];
                if (seen >= rank && seen > 0) {
                    return upper(i);
                }
            }
            return 0;
        }

        private static int index(long v) {
            int log = 63 - Long.numberOfLeadingZeros(v);
            int sub = log < 3 ? 0 : (int) ((v >>> (log - 3)) & 7);
            return log * 8 + sub;
        }

        private static long upper(int index) {
            int log = index / 8;
            int sub = index % 8;
            return log < 3 ? 1L << (log + 1) : (1L << log) + ((long) (sub + 1) << (log - 3));
        }
    }
}
