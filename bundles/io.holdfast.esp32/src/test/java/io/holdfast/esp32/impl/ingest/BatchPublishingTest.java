package io.holdfast.esp32.impl.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.holdfast.api.publish.BatchPublisher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.junit.After;
import org.junit.Test;

/** The driver on a publisher that is also a {@link BatchPublisher}. */
public class BatchPublishingTest {

    private static final String MAC = "3C:E9:0E:72:12:4C";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final Fakes.Clock clock = new Fakes.Clock();
    private final Fakes.Channel channel = new Fakes.Channel(events);
    private final BatchFake publisher = new BatchFake();
    private Pipeline pipeline;
    private Session session;

    private void start(int threads) {
        pipeline = new Pipeline(IngestSettings.defaults().withBufferSize(10_000).withPublishThreads(threads), clock,
                new SeqStore(null));
        pipeline.start();
        session = new Session("tcp-test", channel, null, false, clock.monoMillis());
    }

    @After
    public void stop() {
        if (pipeline != null) {
            pipeline.stop();
        }
    }

    private void reading(long seq) {
        byte[] b = Fakes.bytes("{\"t\":\"r\",\"mac\":\"" + MAC + "\",\"seq\":" + seq + ",\"uptime\":" + (1000 * seq)
                + ",\"type\":\"temperature\",\"v\":{\"temperature\":21.5}}");
        assertThat(pipeline.receive(session, b, 0, b.length).accepted()).isTrue();
    }

    @Test
    public void aBatchIsOneCallAndItsAcksFollowIt() {
        start(1);
        publisher.gate = new Semaphore(0);
        pipeline.publisher(publisher);
        for (long s = 1; s <= 500; s++) {
            reading(s);
        }
        await().atMost(WAIT).until(() -> publisher.entered.get() == 1);
        assertThat(channel.acks).as("the batch is not stored yet: nothing may be acked").isEmpty();
        publisher.gate.release(1_000);
        await().atMost(WAIT).until(() -> channel.lastAck() == 500);
        assertThat(publisher.singles.get()).as("no publish() per reading").isZero();
        assertThat(publisher.stored)
                .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, 500).boxed().toList());
        // one ack frame per source per batch, not one per reading
        assertThat(channel.acks.size()).isLessThanOrEqualTo(publisher.batches.size());
        for (String e : events) {
            if (e.startsWith("ack ")) {
                long ack = Long.parseLong(e.substring(4));
                assertThat(events.indexOf("batch-returned " + ack)).as("ack %d after its batch", ack).isBetween(0,
                        events.indexOf(e));
            }
        }
    }

    @Test
    public void whatWasNotStoredIsOfferedAgainAndAckedOnlyThen() {
        start(4);
        publisher.refuseOnce.addAll(Set.of(3L, 40L, 41L, 200L));
        pipeline.publisher(publisher);
        for (long s = 1; s <= 300; s++) {
            reading(s);
        }
        await().atMost(WAIT).until(() -> channel.lastAck() == 300);
        assertThat(publisher.stored).as("each reading stored exactly once")
                .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, 300).boxed().toList());
        assertThat(publisher.refused).containsExactlyInAnyOrder(3L, 40L, 41L, 200L);
        assertThat(pipeline.counter("publish.failures")).isPositive();
        // no ack at or beyond a refused reading before that reading was stored
        for (long refused : List.of(3L, 40L, 41L, 200L)) {
            int storedAt = events.indexOf("stored " + refused);
            for (int i = 0; i < storedAt; i++) {
                String e = events.get(i);
                if (e.startsWith("ack ")) {
                    assertThat(Long.parseLong(e.substring(4))).as("ack before %d was stored", refused)
                            .isLessThan(refused);
                }
            }
        }
    }

    /** Stores batches in memory; refuses chosen readings once (a null id); can hold a batch back. */
    final class BatchFake extends Fakes.ListenerlessPublisher implements BatchPublisher {
        final List<List<Long>> batches = new CopyOnWriteArrayList<>();
        final List<Long> stored = new CopyOnWriteArrayList<>();
        final Set<Long> refuseOnce = ConcurrentHashMap.newKeySet();
        final List<Long> refused = new CopyOnWriteArrayList<>();
        final AtomicInteger entered = new AtomicInteger();
        final AtomicInteger singles = new AtomicInteger();
        volatile Semaphore gate;

        @Override
        public List<String> publish(List<KuraMessage> messages) throws KuraException {
            entered.incrementAndGet();
            Semaphore g = gate;
            if (g != null) {
                g.acquireUninterruptibly();
            }
            List<String> ids = new ArrayList<>();
            List<Long> batch = new ArrayList<>();
            for (KuraMessage m : messages) {
                long seq = (Long) m.getPayload().getMetric("seq");
                if (refuseOnce.remove(seq)) {
                    refused.add(seq);
                    ids.add(null);
                    continue;
                }
                stored.add(seq);
                batch.add(seq);
                log("stored " + seq);
                ids.add(Long.toString(seq));
            }
            batches.add(batch);
            for (long seq : batch) {
                log("batch-returned " + seq);
            }
            return ids;
        }

        private void log(String e) {
            events.add(e);
        }

        @Override
        public String publish(KuraMessage message) {
            singles.incrementAndGet();
            return "single";
        }

        @Override
        public String toString() {
            return "BatchFake" + batches.stream().map(List::size).collect(Collectors.toList());
        }
    }
}
