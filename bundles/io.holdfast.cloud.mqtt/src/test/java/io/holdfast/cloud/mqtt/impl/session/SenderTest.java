package io.holdfast.cloud.mqtt.impl.session;

import io.holdfast.cloud.mqtt.impl.StoreQueues;
import io.holdfast.cloud.mqtt.impl.payload.PayloadEncoding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.holdfast.api.queue.OutboundMessage;
import io.holdfast.api.queue.QueueException;
import io.holdfast.api.queue.QueuedMessage;
import io.holdfast.store.sqlite.impl.SqliteQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.kura.message.KuraPayload;
import org.junit.After;
import org.junit.Test;

public class SenderTest {

    /** A broker session that holds every publish until the test releases it. */
    static final class FakeTransport implements Transport {
        final ConcurrentLinkedQueue<Runnable> unacked = new ConcurrentLinkedQueue<>();
        final List<String> topics = new CopyOnWriteArrayList<>();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        volatile boolean broken;

        @Override
        public void publish(String topic, byte[] payload, int qos, boolean retain, Runnable onDelivered)
                throws Exception {
            if (broken) {
                throw new Exception("connection lost");
            }
            topics.add(topic);
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            unacked.add(() -> {
                inFlight.decrementAndGet();
                onDelivered.run();
            });
        }

        int ackAll() {
            int n = 0;
            Runnable r;
            while ((r = unacked.poll()) != null) {
                r.run();
                n++;
            }
            return n;
        }
    }

    private final SqliteQueue queue = StoreQueues.fresh();
    private final QueueHolder holder = new QueueHolder();
    private final List<Long> confirmed = new CopyOnWriteArrayList<>();
    private final Acknowledger acknowledger = new Acknowledger(holder, (id, topic) -> confirmed.add(id), "test");
    private final Thread ackThread = new Thread(acknowledger);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();

    private static Sender.Settings settings(int window, int batch) {
        return new Sender.Settings(window, 1 << 20, batch, 65536, PayloadEncoding.KURA_PROTOBUF, 0, 1);
    }

    private void fill(int n, String device) throws QueueException {
        for (int i = 0; i < n; i++) {
            OutboundMessage.Builder b = OutboundMessage.builder("acme/gw/W1/A1", new byte[] { 8, (byte) i });
            if (device != null) {
                b.reading(device, i);
            }
            queue.enqueue(b.build());
        }
    }

    private Thread start(Sender sender, Session session) {
        Thread t = new Thread(() -> {
            try {
                sender.drain(session, running::get);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        threads.add(t);
        return t;
    }

    @After
    public void stop() throws InterruptedException {
        running.set(false);
        acknowledger.stop();
        for (Thread t : threads) {
            t.join(5000);
        }
        ackThread.join(5000);
        queue.close();
    }

    @Test
    public void keepsTheWindowFullAndNeverMore() throws Exception {
        holder.bind(queue);
        ackThread.start();
        fill(500, null);
        FakeTransport transport = new FakeTransport();
        Sender sender = new Sender(holder, settings(16, 1), acknowledger, "test");
        start(sender, new Session(transport, 16));

        await().atMost(Duration.ofSeconds(5)).until(() -> transport.inFlight.get() == 16);
        assertThat(queue.stats().inFlight()).as("taken from the queue").isEqualTo(16);
        // the broker confirms whatever is in flight, again and again
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            transport.ackAll();
            return confirmed.size() == 500;
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> queue.stats().depth() == 0);
        assertThat(transport.maxInFlight.get()).isEqualTo(16);
        assertThat(transport.topics).hasSize(500);
        assertThat(confirmed).hasSize(500).doesNotHaveDuplicates();
        assertThat(sender.sentCount()).isEqualTo(500);
    }

    @Test
    public void whatALostSessionLeftInFlightGoesAgainInTheNext() throws Exception {
        holder.bind(queue);
        ackThread.start();
        fill(40, null);
        FakeTransport first = new FakeTransport();
        Session s1 = new Session(first, 10);
        Thread t1 = start(new Sender(holder, settings(10, 1), acknowledger, "test"), s1);
        await().atMost(Duration.ofSeconds(5)).until(() -> first.inFlight.get() == 10);
        // the broker confirms 4, then the connection dies with 6 unconfirmed
        for (int i = 0; i < 4; i++) {
            first.unacked.poll().run();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> confirmed.size() == 4);
        first.broken = true;
        s1.end(new Exception("lost"));
        t1.join(5000);
        assertThat(t1.isAlive()).isFalse();
        first.unacked.clear();

        assertThat(queue.stats().depth()).isEqualTo(36);
        assertThat(queue.requeueInFlight()).isGreaterThanOrEqualTo(6);
        FakeTransport second = new FakeTransport();
        start(new Sender(holder, settings(10, 1), acknowledger, "test"), new Session(second, 10));
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            second.ackAll();
            return queue.stats().depth() == 0;
        });
        assertThat(confirmed).hasSize(40).doesNotHaveDuplicates();
    }

    @Test
    public void waitsForTheQueueWhileItIsAbsent() throws Exception {
        ackThread.start();
        FakeTransport transport = new FakeTransport();
        start(new Sender(holder, settings(8, 1), acknowledger, "test"), new Session(transport, 8));
        fill(5, null);
        assertThat(transport.topics).isEmpty();
        holder.bind(queue);
        await().atMost(Duration.ofSeconds(5)).until(() -> transport.topics.size() == 5);
    }

    @Test
    public void batchesGroupReadingsOfOneDeviceInOrder() throws Exception {
        List<QueuedMessage> taken = new ArrayList<>();
        long id = 1;
        for (int i = 0; i < 5; i++) {
            for (String dev : new String[] { "a", "b" }) {
                KuraPayload p = new KuraPayload();
                p.addMetric("seq", (long) i);
                byte[] bytes = PayloadEncoding.KURA_PROTOBUF.encode(p);
                taken.add(
                        new QueuedMessage(id++, OutboundMessage.builder("t/" + dev, bytes).reading(dev, i).build(), 1));
            }
        }
        taken.add(new QueuedMessage(id, OutboundMessage.builder("t/x", new byte[] { 8, 1 }).build(), 1));

        List<Outgoing> out = Sender.group(taken, settings(10, 3), 1000);

        assertThat(out).extracting(Outgoing::topic).containsExactly("t/a", "t/a", "t/b", "t/b", "t/x");
        assertThat(out.get(0).ids()).containsExactly(1, 3, 5);
        assertThat(out.get(1).ids()).containsExactly(7, 9);
        assertThat(out.get(3).ids()).containsExactly(8, 10);
        assertThat(out.get(4).ids()).containsExactly(11);
        List<KuraPayload> readings = PayloadEncoding.decodeBatchAny(out.get(2).payload());
        assertThat(readings).extracting(r -> r.getMetric("seq")).containsExactly(0L, 1L, 2L);

        assertThat(Sender.group(taken, settings(10, 1), 1000)).hasSize(11);
    }

    /** A broker that refuses (0x87) every publish while {@code refusing} is set, and acknowledges at once otherwise. */
    static final class RefusingTransport implements Transport {
        final AtomicInteger publishes = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();
        volatile boolean refusing = true;

        @Override
        public void publish(String topic, byte[] payload, int qos, boolean retain, Runnable onDelivered) {
            throw new UnsupportedOperationException("the sender must ask for refusals");
        }

        @Override
        public void publish(String topic, byte[] payload, int qos, boolean retain, Runnable onDelivered,
                java.util.function.IntConsumer onRefused) {
            publishes.incrementAndGet();
            if (refusing) {
                onRefused.accept(0x87);
            } else {
                onDelivered.run();
            }
        }
    }

    @Test
    public void refusedMessagesStayInTheStoreHoldTheirSlotAndAreRetriedWithABackOff() throws Exception {
        holder.bind(queue);
        ackThread.start();
        fill(30, null);
        RefusingTransport transport = new RefusingTransport();
        Refusals refusals = new Refusals("test", System::nanoTime);
        Sender sender = new Sender(holder, settings(10, 1), acknowledger, "test", refusals,
                new Backoff(200, 400, () -> 1.0));
        Session session = new Session(transport, 10);
        start(sender, session);

        // the window (10) fills with refused messages; the 20 others are not even taken
        await().atMost(Duration.ofSeconds(10)).until(() -> refusals.total() >= 10);
        assertThat(session.parked.size() + session.window.availablePermits()).isLessThanOrEqualTo(10);
        assertThat(queue.stats().depth()).isEqualTo(30);
        assertThat(refusals.counters()).containsEntry(Refusals.COUNTER_NOT_AUTHORIZED, refusals.total());
        assertThat(refusals.last()).contains("not authorized (0x87)");
        // retried after 100-200 ms, then 200-400 ms: over one second each of the 10 goes again a few times, not
        // thousands
        long before = transport.publishes.get();
        await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> true);
        long retries = transport.publishes.get() - before;
        assertThat(retries).as("retries in a second").isBetween(1L, 10L * 8);
        assertThat(confirmed).isEmpty();

        transport.refusing = false;
        await().atMost(Duration.ofSeconds(10)).until(() -> confirmed.size() == 30);
        assertThat(confirmed).doesNotHaveDuplicates();
        await().atMost(Duration.ofSeconds(10)).until(() -> queue.stats().depth() == 0);
    }
}
