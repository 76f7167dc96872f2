package io.holdfast.cloud.bench;

import io.holdfast.bench.support.AckWindow;
import io.holdfast.bench.support.Broker;
import io.holdfast.bench.support.CloudStack;
import io.holdfast.bench.support.Waits;
import io.holdfast.bench.support.Waits.Condition;
import io.holdfast.api.publish.BatchPublisher;
import io.holdfast.api.queue.DurableQueue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.kura.cloudconnection.CloudConnectionManager;
import org.eclipse.kura.cloudconnection.CloudEndpoint;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.publisher.CloudPublisher;
import org.eclipse.kura.message.KuraPayload;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Measures the cloud connection as it ships, in an OSGi runtime (see {@link Launcher}), against Mosquitto 2, which it
 * starts itself. The SQLite store, the cloud connection and its publisher are configured through Config Admin, as a
 * user would configure them; the benchmark talks to them only through their services (Kura's CloudPublisher,
 * CloudEndpoint and CloudConnectionManager, Holdfast's DurableQueue).
 * <ol>
 * <li>QoS 1 throughput, side by side in one run: readings published with {@code CloudPublisher.publish()} (several
 * threads; each publish is a durable enqueue into the SQLite store, durability FULL) and drained by the connection's
 * sender, against a bare Paho {@code MqttAsyncClient} publishing the same readings (the bytes the connection sent for
 * them, to the same topics) at QoS 1 with the same in-flight window and no store. A message counts when the broker has
 * acknowledged it: its PUBACK arrived (bare client), or its PUBACK arrived and the store removed it
 * ({@code onMessageConfirmed}). A subscriber (QoS 1) checks that every message reached the broker's other side, and
 * gives the end-to-end rate.</li>
 * <li>A backlog of 600 000 readings (10 minutes of outage at 1 000 readings/s) published while the connection is down,
 * then the time from {@code connect()} until every reading of the backlog is confirmed, while new readings keep
 * arriving at 1 000/s.</li>
 * </ol>
 * Options: framework properties {@code holdfast.bench.*} from the launcher's {@code --name value} (its {@code --help}
 * lists them with their defaults; the bare client is always MQTT 3.1.1); {@code rounds 0} or {@code backlog 0} skips
 * that part.
 */
final class CloudBench {

    private static final int DEVICES = 16;
    private static final long TIMEOUT_NANOS = 600_000_000_000L;

    private final BundleContext context;
    private final ConfigurationAdmin configAdmin;
    private final int messages;
    private final int rounds;
    private final int producers;
    private final int window;
    private final int backlog;
    private final int arrivals;
    private final int batch;
    private final String protocol;
    private final Path dir;
    private final byte[][] payloads = new byte[DEVICES][];
    private Broker broker;
    private Subscriber subscriber;

    CloudBench(BundleContext context, ConfigurationAdmin configAdmin) {
        this.context = context;
        this.configAdmin = configAdmin;
        this.messages = option("messages", 200_000);
        this.rounds = option("rounds", 2);
        this.producers = option("producers", 16);
        this.window = option("window", 256);
        this.backlog = option("backlog", 600_000);
        this.arrivals = option("arrivals", 1000);
        this.batch = option("batch", 0);
        String p = context.getProperty(BenchAgent.PREFIX + "protocol");
        this.protocol = p == null ? "3.1.1" : p.trim();
        this.dir = Path.of(context.getProperty(BenchAgent.PREFIX + "dir"));
    }

    private int option(String name, int dflt) {
        String v = context.getProperty(BenchAgent.PREFIX + name);
        return v == null ? dflt : Integer.parseInt(v.trim());
    }

    void run() throws Exception {
        System.out.printf(Locale.ROOT, "# Holdfast cloud connection benchmark%n%n");
        System.out.printf(Locale.ROOT, "- machine: nproc %d, %s%n", Runtime.getRuntime().availableProcessors(),
                Waits.cpuModel());
        System.out.printf(Locale.ROOT, "- java -version: %s%n", javaVersion());
        System.out.printf(Locale.ROOT, "- runtime: %s %s with the gateway runtime's service set (cnf/), %d bundles%n",
                context.getBundle(0).getSymbolicName(), context.getBundle(0).getVersion(), context.getBundles().length);
        System.out.printf(Locale.ROOT, "- broker: %s (persistence false, max_inflight_messages 0)%n",
                command(List.of(Broker.BINARY, "-h")).lines().findFirst().orElse("?"));
        System.out.printf(Locale.ROOT, "- store: %s (%s), durability FULL%n", dir, Files.getFileStore(dir).type());

        broker = new Broker(dir.resolve("mosquitto")).start();
        subscriber = new Subscriber(broker.url());
        try {
            if (rounds > 0) {
                throughput();
            }
            if (backlog > 0) {
                backlogRun();
            }
        } finally {
            subscriber.close();
            broker.close();
        }
    }

    // ---- throughput ----

    private record Rate(double confirmedPerSecond, double receivedPerSecond) {
    }

    private void throughput() throws Exception {
        System.out.printf(Locale.ROOT, "## QoS 1 throughput, %,d messages per run, in-flight window %d%n%n", messages,
                window);
        System.out.printf(Locale.ROOT, "Counted by PUBACK (Holdfast: PUBACK and removed from the store, "
                + "onMessageConfirmed); end to end: all received by a QoS 1 subscriber.%n%n");
        // warm-up: the JIT, the broker's allocations; the bare client then sends the bytes the connection sent
        holdfast(messages / 4, "warmup");
        for (int d = 0; d < DEVICES; d++) {
            payloads[d] = subscriber.lastByTopic.get("acme/bench-gw/W1/readings/" + deviceId(d));
            if (payloads[d] == null) {
                throw new IllegalStateException("the subscriber saw no reading of device " + deviceId(d));
            }
        }
        System.out.printf(Locale.ROOT, "- reading: Kura protobuf as the connection encodes it, %d bytes, %d devices, "
                + "topic acme/bench-gw/W1/readings/<device>%n%n", payloads[1].length, DEVICES);
        bare(messages / 4);
        System.out.printf(Locale.ROOT,
                "| round | bare Paho (MQTT 3.1.1), msg/s | Holdfast %s (%d threads) -> store -> Mosquitto (MQTT %s), "
                        + "msg/s | ratio | end to end: bare | end to end: Holdfast |%n",
                batch > 0 ? "BatchPublisher.publish(" + batch + " messages)" : "publish()", producers, protocol);
        System.out.printf(Locale.ROOT, "|---:|---:|---:|---:|---:|---:|%n");
        double bareSum = 0;
        double holdfastSum = 0;
        for (int r = 1; r <= rounds; r++) {
            Rate b = bare(messages);
            Rate h = holdfast(messages, "round-" + r);
            bareSum += b.confirmedPerSecond();
            holdfastSum += h.confirmedPerSecond();
            System.out.printf(Locale.ROOT, "| %d | %,.0f | %,.0f | %.2f | %,.0f | %,.0f |%n", r, b.confirmedPerSecond(),
                    h.confirmedPerSecond(), h.confirmedPerSecond() / b.confirmedPerSecond(), b.receivedPerSecond(),
                    h.receivedPerSecond());
        }
        System.out.printf(Locale.ROOT, "| mean | %,.0f | %,.0f | **%.2f** (target >= 0.80) | | |%n%n", bareSum / rounds,
                holdfastSum / rounds, holdfastSum / bareSum);
    }

    private Rate bare(int n) throws Exception {
        MqttAsyncClient c = new MqttAsyncClient(broker.url(), "bench-bare", new MemoryPersistence());
        c.connect(connectOptions()).waitForCompletion(10_000);
        AckWindow slots = new AckWindow(window);
        long received = subscriber.received.get();
        long start = System.nanoTime();
        for (int seq = 0; seq < n; seq++) {
            int device = seq % DEVICES;
            byte[] payload = payloads[device];
            slots.acquire();
            c.publish("acme/bench-gw/W1/readings/" + deviceId(device), payload, 1, false, null, slots);
        }
        waitUntil(() -> slots.confirmed() >= n || slots.failure() != null, "bare client confirmations");
        if (slots.failure() != null) {
            throw new IllegalStateException("the bare client failed", slots.failure());
        }
        long confirmedAt = System.nanoTime();
        waitUntil(() -> subscriber.received.get() >= received + n, "subscriber, bare run");
        long receivedAt = System.nanoTime();
        c.disconnect().waitForCompletion(10_000);
        c.close();
        return new Rate(n / ((confirmedAt - start) / 1e9), n / ((receivedAt - start) / 1e9));
    }

    private Rate holdfast(int n, String name) throws Exception {
        Path file = fresh("throughput-" + name + ".db");
        CloudStack stack = stack(name, file, true);
        AtomicLong confirmed = new AtomicLong();
        stack.endpoint.registerCloudDeliveryListener(id -> confirmed.incrementAndGet());
        try {
            waitUntil(stack.manager::isConnected, "the connection");
            long received = subscriber.received.get();
            long start = System.nanoTime();
            publishAll(stack.publisher, 0, n, null);
            waitUntil(() -> confirmed.get() >= n, "Holdfast confirmations");
            long confirmedAt = System.nanoTime();
            waitUntil(() -> subscriber.received.get() >= received + n, "subscriber, Holdfast run");
            long receivedAt = System.nanoTime();
            if (stack.queue.stats().depth() != 0) {
                throw new IllegalStateException("the store still holds " + stack.queue.stats().depth() + " messages");
            }
            return new Rate(n / ((confirmedAt - start) / 1e9), n / ((receivedAt - start) / 1e9));
        } finally {
            stack.close();
        }
    }

    /** Publishes readings {@code from} (inclusive) to {@code to} (exclusive) from the producer threads. */
    private void publishAll(CloudPublisher publisher, int from, int to, AtomicLong maxId) throws Exception {
        Waits.inThreads(producers, "bench-producer-", "publish failed", t -> {
            List<KuraMessage> list = new ArrayList<>();
            for (int seq = from + t; seq < to; seq += producers) {
                KuraMessage m = new KuraMessage(reading(seq % DEVICES, seq));
                if (batch > 0 && publisher instanceof BatchPublisher) {
                    list.add(m);
                    if (list.size() >= batch || seq + producers >= to) {
                        for (String id : ((BatchPublisher) publisher).publish(list)) {
                            if (id == null) {
                                throw new IllegalStateException("a message of a batch was not stored");
                            }
                            if (maxId != null) {
                                maxId.accumulateAndGet(Long.parseLong(id), Math::max);
                            }
                        }
                        list.clear();
                    }
                    continue;
                }
                String id = publisher.publish(m);
                if (maxId != null) {
                    maxId.accumulateAndGet(Long.parseLong(id), Math::max);
                }
            }
        });
    }

    // ---- backlog ----

    private void backlogRun() throws Exception {
        System.out.printf(Locale.ROOT, "## Backlog: %,d readings published while disconnected, drained while %,d "
                + "readings/s keep arriving (window %d)%n%n", backlog, arrivals, window);
        Path file = fresh("backlog.db");
        CloudStack stack = stack("backlog", file, false);
        DurableQueue queue = stack.queue;
        CloudEndpoint endpoint = stack.endpoint;
        CloudPublisher publisher = stack.publisher;
        AtomicLong lastBacklogId = new AtomicLong(Long.MAX_VALUE);
        AtomicLong backlogConfirmed = new AtomicLong();
        AtomicLong confirmed = new AtomicLong();
        endpoint.registerCloudDeliveryListener(id -> {
            confirmed.incrementAndGet();
            if (Long.parseLong(id) <= lastBacklogId.get()) {
                backlogConfirmed.incrementAndGet();
            }
        });
        AtomicBoolean arriving = new AtomicBoolean(true);
        AtomicLong arrived = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread arrivalThread = null;
        try {
            long start = System.nanoTime();
            AtomicLong maxId = new AtomicLong();
            publishAll(publisher, 0, backlog, maxId);
            double fillSeconds = (System.nanoTime() - start) / 1e9;
            lastBacklogId.set(maxId.get());
            if (queue.stats().depth() != backlog) {
                throw new IllegalStateException("depth " + queue.stats().depth() + " after publishing " + backlog);
            }
            long received = subscriber.received.get();

            // new readings at a steady rate, from the moment the connection is asked to connect
            long period = 1_000_000_000L / arrivals;
            arrivalThread = new Thread(() -> {
                long next = System.nanoTime();
                try {
                    for (int seq = backlog; arriving.get(); seq++) {
                        publisher.publish(new KuraMessage(reading(seq % DEVICES, seq)));
                        arrived.incrementAndGet();
                        next += period;
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "bench-arrivals");
            long connectAt = System.nanoTime();
            arrivalThread.start();
            stack.manager.connect();
            long upAt = System.nanoTime();
            waitUntil(() -> backlogConfirmed.get() >= backlog || failure.get() != null, "backlog confirmations");
            long drainedAt = System.nanoTime();
            long depthAtDrain = queue.stats().depth();
            long confirmedAtDrain = confirmed.get();
            long arrivedAtDrain = arrived.get();
            arriving.set(false);
            arrivalThread.join();
            if (failure.get() != null) {
                throw new IllegalStateException("an arrival failed", failure.get());
            }
            long total = backlog + arrived.get();
            waitUntil(() -> confirmed.get() >= total && queue.stats().depth() == 0, "the last arrivals");
            waitUntil(() -> subscriber.received.get() >= received + total, "subscriber, backlog run");
            double drainSeconds = (drainedAt - connectAt) / 1e9;
            double arrivalRate = arrivedAtDrain / drainSeconds;

            System.out.printf(Locale.ROOT, "| what | figure |%n|---|---:|%n");
            System.out.printf(Locale.ROOT,
                    "| publish() of the backlog while disconnected (%d threads) | %,.0f " + "readings/s (%.1f s) |%n",
                    producers, backlog / fillSeconds, fillSeconds);
            System.out.printf(Locale.ROOT, "| connect() until the session is up | %.2f s |%n",
                    (upAt - connectAt) / 1e9);
            System.out.printf(Locale.ROOT,
                    "| **connect() until every backlog reading is confirmed** | **%.1f s** (target < 30 s) |%n",
                    drainSeconds);
            System.out.printf(Locale.ROOT, "| drain rate (backlog + arrivals confirmed meanwhile) | %,.0f msg/s |%n",
                    confirmedAtDrain / drainSeconds);
            System.out.printf(Locale.ROOT, "| readings that arrived during the drain | %,d (%,.0f/s) |%n",
                    arrivedAtDrain, arrivalRate);
            System.out.printf(Locale.ROOT, "| store depth when the backlog was confirmed | %,d |%n", depthAtDrain);
            System.out.printf(Locale.ROOT,
                    "| all %,d confirmed, store empty, all received by the subscriber | yes |%n%n", total);
        } finally {
            arriving.set(false);
            if (arrivalThread != null) {
                arrivalThread.join();
            }
            stack.close();
        }
    }

    // ---- the parts, configured through Config Admin ----

    /** The store on a file, a connection and its publisher, as services. */
    private CloudStack stack(String name, Path file, boolean connect) throws Exception {
        return new CloudStack(context, configAdmin, "bench-" + name, file,
                Map.of("capacity.messages", 2_000_000L, "capacity.bytes", 1L << 30),
                Map.of("broker.url", broker.url(), "client.id", "bench-gw", "account.name", "acme", "inflight.window",
                        window, "connect.auto", connect, "backoff.min.ms", 100L, "backoff.max.ms", 1000L, "lwt.enabled",
                        false, "mqtt.protocol", protocol));
    }

    /** Waits for a service (the tracker stays open: the service is used until the benchmark ends). */
    private <T> T service(Class<T> type, String filter) throws Exception {
        return Waits.service(context, type, filter);
    }

    private MqttConnectOptions connectOptions() {
        // as the connection sets them: 3.1.1, persistent session, window + 32
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(false);
        o.setKeepAliveInterval(30);
        o.setAutomaticReconnect(false);
        o.setMaxInflight(window + 32);
        return o;
    }

    /** A reading as the driver publishes it. */
    static KuraPayload reading(int device, long seq) {
        KuraPayload p = new KuraPayload();
        p.setTimestamp(new Date(1_767_225_600_000L + seq * 1000));
        p.addMetric("device", deviceId(device));
        p.addMetric("source", deviceId(device));
        p.addMetric("sensor", "pt100");
        p.addMetric("seq", seq);
        p.addMetric("temperature", 4.0 + (seq % 300) / 100.0);
        p.addMetric("unit", "C");
        return p;
    }

    static String deviceId(int device) {
        return String.format(Locale.ROOT, "AA-BB-CC-DD-EE-%02X", device);
    }

    /** A QoS 1 subscriber to acme/#, counting what it receives. */
    private static final class Subscriber implements AutoCloseable {
        final AtomicLong received = new AtomicLong();
        final Map<String, byte[]> lastByTopic = new ConcurrentHashMap<>();
        private final MqttAsyncClient client;

        Subscriber(String url) throws Exception {
            client = new MqttAsyncClient(url, "bench-backend", new MemoryPersistence());
            client.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                    System.err.println("the subscriber lost its connection: " + cause);
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    lastByTopic.put(topic, message.getPayload());
                    received.incrementAndGet();
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                }
            });
            MqttConnectOptions o = new MqttConnectOptions();
            o.setMaxInflight(65_000);
            client.connect(o).waitForCompletion(10_000);
            client.subscribe("acme/#", 1).waitForCompletion(10_000);
        }

        @Override
        public void close() throws Exception {
            client.disconnect().waitForCompletion(10_000);
            client.close();
        }
    }

    private static void waitUntil(Condition condition, String what) throws Exception {
        Waits.until(condition, TIMEOUT_NANOS, 1, what);
    }

    private static String javaVersion() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return String.join("; ", command(List.of(java, "-version")).lines().toList());
    }

    private static String command(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor();
            return out;
        } catch (IOException e) {
            return "? (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    private Path fresh(String name) throws IOException {
        Path file = dir.resolve(name);
        Waits.deleteDatabase(file);
        return file;
    }
}
