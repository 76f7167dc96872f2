package io.holdfast.esp32.impl.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.holdfast.api.publish.BatchPublisher;
import io.holdfast.api.queue.CommittedReadings;
import io.holdfast.api.queue.SeqRange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.publisher.CloudPublisher;
import org.junit.After;
import org.junit.Test;

/**
 * A driver that starts again (a restart, a SIGKILL, a bundle update) learns from the publisher's store what was
 * committed: re-sent readings that were stored are acked, not published again.
 */
public class RestartDedupTest {

    private static final String MAC = "3C:E9:0E:72:12:4C";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Fakes.Clock clock = new Fakes.Clock();
    private final List<Pipeline> pipelines = new ArrayList<>();

    @After
    public void stop() {
        pipelines.forEach(Pipeline::stop);
    }

    /** A driver instance: its pipeline, and one device connection to it. */
    private final class Driver {
        final Fakes.Channel channel = new Fakes.Channel(new CopyOnWriteArrayList<>());
        final Pipeline pipeline;
        final Session session;

        Driver(CloudPublisher publisher) {
            pipeline = new Pipeline(IngestSettings.defaults().withBufferSize(10_000).withPublishThreads(2), clock,
                    new SeqStore(null));
            pipelines.add(pipeline);
            pipeline.start();
            if (publisher != null) {
                pipeline.publisher(publisher);
            }
            session = new Session("tcp-test", channel, null, false, clock.monoMillis());
        }

        void send(long from, long to) {
            for (long seq = from; seq <= to; seq++) {
                byte[] b = Fakes.bytes("{\"t\":\"r\",\"mac\":\"" + MAC + "\",\"seq\":" + seq + ",\"uptime\":"
                        + (1000 * seq) + ",\"type\":\"temperature\",\"v\":{\"temperature\":21.5}}");
                assertThat(pipeline.receive(session, b, 0, b.length).accepted()).isTrue();
            }
        }

        void stop() {
            pipeline.stop();
        }
    }

    @Test
    public void aReadingStoredBeforeARestartIsAckedAndNotPublishedAgain() {
        Store store = new Store(true);
        Driver first = new Driver(store);
        first.send(1, 100);
        await().atMost(WAIT).until(() -> first.channel.lastAck() == 100);
        first.stop();

        // the device missed the last acks and sends everything again, then new readings
        Driver second = new Driver(store);
        second.send(1, 150);
        await().atMost(WAIT).until(() -> second.channel.lastAck() == 150);
        assertThat(store.published).as("each reading published once").hasSize(150)
                .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, 150).boxed().toList());
        assertThat(second.pipeline.counter("readings.duplicate")).isEqualTo(100);
    }

    @Test
    public void aPublisherBoundAfterTheDevicesReturnedStillRecognisesWhatWasStored() {
        Store store = new Store(true);
        Driver first = new Driver(store);
        first.send(1, 100);
        await().atMost(WAIT).until(() -> first.channel.lastAck() == 100);
        first.stop();

        Driver second = new Driver(null);
        second.send(1, 150);
        assertThat(second.channel.acks).as("nothing is stored without a publisher").isEmpty();
        second.pipeline.publisher(store);
        await().atMost(WAIT).until(() -> second.channel.lastAck() == 150);
        assertThat(store.published).as("each reading published once").hasSize(150)
                .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, 150).boxed().toList());
    }

    @Test
    public void whileThePublishersQueueIsNotBoundReadingsWaitInsteadOfBeingPublishedAgain() {
        Store store = new Store(true);
        Driver first = new Driver(store);
        first.send(1, 100);
        await().atMost(WAIT).until(() -> first.channel.lastAck() == 100);
        first.stop();

        store.unbound = true;
        Driver second = new Driver(store);
        second.send(1, 150);
        await().atMost(WAIT).until(() -> store.asked.get() >= 3);
        assertThat(store.published).as("nothing published while the store cannot say what it holds").hasSize(100);
        store.unbound = false;
        await().atMost(WAIT).until(() -> second.channel.lastAck() == 150);
        assertThat(store.published).as("each reading published once").hasSize(150)
                .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, 150).boxed().toList());
    }

    @Test
    public void aHoleBelowStoredReadingsIsFilledAndNotAckedOver() {
        Store store = new Store(true);
        store.committed.addAll(LongStream.rangeClosed(1, 10).boxed().toList());
        store.committed.addAll(LongStream.rangeClosed(20, 30).boxed().toList());
        Driver d = new Driver(store);
        d.send(11, 12);
        await().atMost(WAIT).until(() -> d.channel.lastAck() == 12);
        assertThat(d.channel.acks).as("19 is not stored: no ack at or above it").allMatch(a -> a < 19);
        d.send(13, 35);
        await().atMost(WAIT).until(() -> d.channel.lastAck() == 35);
        assertThat(store.published).containsExactlyInAnyOrderElementsOf(
                LongStream.concat(LongStream.rangeClosed(11, 19), LongStream.rangeClosed(31, 35)).boxed().toList());
    }

    @Test
    public void aPublisherWithoutTheRecordPublishesReSentReadingsAgainAsBefore() {
        Store store = new Store(false);
        Driver first = new Driver(store);
        first.send(1, 10);
        await().atMost(WAIT).until(() -> first.channel.lastAck() == 10);
        first.stop();
        Driver second = new Driver(store);
        second.send(1, 10);
        await().atMost(WAIT).until(() -> second.channel.lastAck() == 10);
        assertThat(store.published).as("a store that keeps no record: duplicates, as before").hasSize(20);
    }

    /** A publisher over an in-memory store that records the committed numbers of the device (or not). */
    static final class Store extends Fakes.ListenerlessPublisher implements BatchPublisher, CommittedReadings {
        final List<Long> published = new CopyOnWriteArrayList<>();
        final TreeSet<Long> committed = new TreeSet<>();
        private final boolean keepsRecord;
        /** As a publisher whose connection has no queue bound yet: it cannot say what was committed. */
        volatile boolean unbound;
        final java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();

        Store(boolean keepsRecord) {
            this.keepsRecord = keepsRecord;
        }

        @Override
        public synchronized List<String> publish(List<KuraMessage> messages) {
            List<String> ids = new ArrayList<>();
            for (KuraMessage m : messages) {
                ids.add(publish(m));
            }
            return ids;
        }

        @Override
        public synchronized String publish(KuraMessage m) {
            long seq = (Long) m.getPayload().getMetric("seq");
            published.add(seq);
            committed.add(seq);
            return Long.toString(seq);
        }

        @Override
        public synchronized List<SeqRange> committedSeqs(String deviceId) {
            asked.incrementAndGet();
            if (unbound) {
                return null;
            }
            if (!keepsRecord) {
                return List.of();
            }
            return SeqRange.runs(committed);
        }
    }
}
