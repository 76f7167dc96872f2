package io.holdfast.esp32.bench;

import io.holdfast.cloud.mqtt.impl.Esp32BenchCloud;
import io.holdfast.esp32.impl.Esp32BenchDriver;
import io.holdfast.simulator.Faults;
import io.holdfast.simulator.SimDevice;
import io.holdfast.simulator.TcpFleet;
import io.holdfast.store.sqlite.impl.Esp32BenchStore;
import io.holdfast.store.sqlite.impl.SqliteQueue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.kura.cloudconnection.listener.CloudConnectionListener;
import org.eclipse.kura.cloudconnection.listener.CloudDeliveryListener;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.publisher.CloudPublisher;

/**
 * Readings per second from simulated ESP32 devices on TCP, through the driver, into a CloudPublisher: by default the
 * MQTT cloud connection's, whose publish() returns once the SQLite store committed the reading. Devices count a reading
 * as done when the gateway acks it, so the figure is committed-and-acknowledged readings per second.
 *
 * <pre>
 * java -jar tools/io.holdfast.esp32.bench/target/esp32-bench.jar [--devices 1000] [--rate 100] [--warmup 10]
 *      [--seconds 30] [--publish-threads 256] [--buffer 200000] [--io-threads 0] [--store sqlite|none]
 *      [--durability FULL|NORMAL] [--broker tcp://127.0.0.1:1883] [--dir target/esp32-bench] [--resend-ms 60000]
 * </pre>
 */
public final class IngestBench {

    private IngestBench() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args
     *            see the class comment
     *
     * @throws Exception
     *             on failure
     */
    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int devices = Integer.parseInt(o.getOrDefault("devices", "1000"));
        double rate = Double.parseDouble(o.getOrDefault("rate", "100"));
        int warmup = Integer.parseInt(o.getOrDefault("warmup", "10"));
        int seconds = Integer.parseInt(o.getOrDefault("seconds", "30"));
        int threads = Integer.parseInt(o.getOrDefault("publish-threads", "256"));
        int buffer = Integer.parseInt(o.getOrDefault("buffer", "200000"));
        int ioThreads = Integer.parseInt(o.getOrDefault("io-threads", "0"));
        String store = o.getOrDefault("store", "sqlite");
        String durability = o.getOrDefault("durability", "FULL");
        String broker = o.get("broker");
        Path dir = Path.of(o.getOrDefault("dir", "target/esp32-bench"));

        System.out.printf(
                "esp32 ingest bench: %d devices x %.0f readings/s = %.0f offered/s, store %s%s, broker %s, "
                        + "%d publish threads, %d cores, %s%n",
                devices, rate, devices * rate, store, store.equals("sqlite") ? " " + durability : "",
                broker == null ? "none (queue only fills)" : broker, threads,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"));

        SqliteQueue queue = null;
        Esp32BenchCloud cloud = null;
        CloudPublisher publisher;
        AtomicLong counted = new AtomicLong();
        if (store.equals("sqlite")) {
            Files.createDirectories(dir);
            Path db = dir.resolve("bench-" + System.currentTimeMillis() + ".db");
            queue = Esp32BenchStore.open(db, durability);
            cloud = new Esp32BenchCloud(queue, broker);
            publisher = cloud.publisher();
        } else {
            publisher = new CountingPublisher(counted);
        }
        if (o.containsKey("direct")) {
            direct(publisher, threads, seconds);
            if (cloud != null) {
                cloud.close();
            }
            if (queue != null) {
                System.out.printf("store: %s%n", queue.stats());
                queue.close();
            }
            return;
        }
        try (Esp32BenchDriver driver = new Esp32BenchDriver(publisher, threads, buffer, ioThreads);
                TcpFleet fleet = new TcpFleet(
                        new TcpFleet.Options("127.0.0.1", driver.port(), devices, rate, SimDevice.Mode.NATIVE, false, 0,
                                Faults.NONE, Long.parseLong(o.getOrDefault("resend-ms", "60000")), 0x3C, 1, null))) {
            fleet.start();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (fleet.connected() < devices && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            System.out.printf("%d devices connected%n", fleet.connected());
            Thread.sleep(warmup * 1000L);
            long a0 = fleet.acked();
            long g0 = fleet.generated();
            long t0 = System.nanoTime();
            for (int s = 1; s <= seconds; s++) {
                Thread.sleep(1000);
                long a = fleet.acked();
                System.out.printf("  t=%2ds acked %,d (%,.0f/s so far), unacked at devices %,d%n", s, a,
                        (a - a0) / ((System.nanoTime() - t0) / 1e9), fleet.unacked());
            }
            long a1 = fleet.acked();
            long g1 = fleet.generated();
            double dt = (System.nanoTime() - t0) / 1e9;
            fleet.pause();
            long drainStart = System.nanoTime();
            while (fleet.unacked() > 0 && System.nanoTime() - drainStart < 300_000_000_000L) {
                Thread.sleep(100);
            }
            Map<String, Long> c = driver.counters();
            System.out.printf("RESULT offered %,.0f readings/s, committed and acked %,.0f readings/s over %.1f s%n",
                    (g1 - g0) / dt, (a1 - a0) / dt, dt);
            System.out.printf(
                    "after the drain (%.1f s): generated %,d, acked %,d, unacked %,d; driver: in %,d, "
                            + "published %,d, duplicates %,d, buffer overflow %,d, publish failures %,d%n",
                    (System.nanoTime() - drainStart) / 1e9, fleet.generated(), fleet.acked(), fleet.unacked(),
                    c.getOrDefault("readings.in", 0L), c.getOrDefault("readings.published", 0L),
                    c.getOrDefault("readings.duplicate", 0L), c.getOrDefault("buffer.overflow", 0L),
                    c.getOrDefault("publish.failures", 0L));
            if (queue != null) {
                System.out.printf("store: %s%n", queue.stats());
            }
        } finally {
            if (cloud != null) {
                cloud.close();
            }
            if (queue != null) {
                queue.close();
            }
        }
    }

    /** The CloudPublisher's own ceiling: threads calling publish() with ready messages, no devices, no driver. */
    private static void direct(CloudPublisher publisher, int threads, int seconds) throws InterruptedException {
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        Thread[] ts = new Thread[threads];
        for (int i = 0; i < threads; i++) {
            int id = i;
            ts[i] = new Thread(() -> {
                long seq = 0;
                while (System.nanoTime() < end) {
                    org.eclipse.kura.message.KuraPayload p = new org.eclipse.kura.message.KuraPayload();
                    p.setTimestamp(new java.util.Date());
                    p.addMetric("temperature", 4.5);
                    p.addMetric("temperature.unit", "Cel");
                    p.addMetric("device", "3C:5E:00:00:00:" + id);
                    p.addMetric("seq", seq);
                    try {
                        publisher.publish(new KuraMessage(p, Map.of("device", "3C:5E:00:00:00:" + id, "seq", seq++)));
                        done.incrementAndGet();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            ts[i].start();
        }
        long t0 = System.nanoTime();
        for (Thread t : ts) {
            t.join();
        }
        System.out.printf("RESULT direct publish(): %,.0f messages/s with %d threads%n",
                done.get() / ((System.nanoTime() - t0) / 1e9), threads);
    }

    /** Stands in for the cloud connection when measuring the driver alone. */
    private static final class CountingPublisher implements CloudPublisher {
        private final AtomicLong count;

        CountingPublisher(AtomicLong count) {
            this.count = count;
        }

        @Override
        public String publish(KuraMessage message) {
            return Long.toString(count.incrementAndGet());
        }

        @Override
        public void registerCloudConnectionListener(CloudConnectionListener listener) {
        }

        @Override
        public void unregisterCloudConnectionListener(CloudConnectionListener listener) {
        }

        @Override
        public void registerCloudDeliveryListener(CloudDeliveryListener listener) {
        }

        @Override
        public void unregisterCloudDeliveryListener(CloudDeliveryListener listener) {
        }
    }
}
