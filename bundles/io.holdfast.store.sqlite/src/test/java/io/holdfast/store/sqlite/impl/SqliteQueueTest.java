package io.holdfast.store.sqlite.impl;

import static io.holdfast.store.sqlite.impl.QueueFixture.ids;
import static io.holdfast.store.sqlite.impl.QueueFixture.message;
import static io.holdfast.store.sqlite.impl.QueueFixture.seqs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.holdfast.api.queue.OutboundMessage;
import io.holdfast.api.queue.QueueException;
import io.holdfast.api.queue.QueueException.Reason;
import io.holdfast.api.queue.QueuedMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;

public class SqliteQueueTest {

    @Rule
    public final QueueFixture fixture = new QueueFixture();

    @Test
    public void takesLowerPriorityFirstThenEnqueueOrder() throws Exception {
        SqliteQueue q = fixture.open("order");
        q.enqueue(message("d", 1, 5));
        q.enqueue(message("d", 2, 9));
        q.enqueue(message("d", 3, 0));
        q.enqueue(message("d", 4, 5));
        q.enqueue(message("d", 5, 0));

        assertThat(seqs(q.take(10, Long.MAX_VALUE))).containsExactly(3L, 5L, 1L, 4L, 2L);
    }

    @Test
    public void idsGrowInEnqueueOrderAndAreNeverReused() throws Exception {
        QueueSettings settings = fixture.settings("ids");
        SqliteQueue q = fixture.open(settings);
        long a = q.enqueue(message("d", 1));
        long b = q.enqueue(message("d", 2));
        assertThat(b).isGreaterThan(a);
        q.ack(a, b);
        q.close();

        // the queue is empty when it is opened again: the next id still follows the last one
        long c = fixture.open(settings).enqueue(message("d", 3));
        assertThat(c).isGreaterThan(b);
    }

    @Test
    public void keepsEveryFieldOfTheMessage() throws Exception {
        SqliteQueue q = fixture.open("fields");
        Instant created = Instant.parse("2025-12-31T23:59:58.123456Z");
        Instant expires = Instant.parse("2030-01-01T00:00:00Z");
        OutboundMessage in = OutboundMessage.builder("alarms/cold", new byte[] { 0, 1, 2, (byte) 0xff }).priority(2)
                .qos(0).retain(true).reading("AA:BB:CC:DD:EE:FF", 42).createdAt(created).expiresAt(expires).build();
        OutboundMessage plain = OutboundMessage.builder("t", new byte[0]).build();
        long id = q.enqueue(in);
        long plainId = q.enqueue(plain);

        List<QueuedMessage> taken = q.take(10, Long.MAX_VALUE);

        assertThat(ids(taken)).containsExactly(id, plainId);
        OutboundMessage out = taken.get(0).message();
        assertThat(out.topic()).isEqualTo("alarms/cold");
        assertThat(out.payload()).containsExactly(0, 1, 2, 0xff);
        assertThat(out.priority()).isEqualTo(2);
        assertThat(out.qos()).isZero();
        assertThat(out.retain()).isTrue();
        assertThat(out.deviceId()).isEqualTo("AA:BB:CC:DD:EE:FF");
        assertThat(out.seq()).isEqualTo(42);
        // stored in milliseconds
        assertThat(out.createdAt()).isEqualTo(created.truncatedTo(ChronoUnit.MILLIS));
        assertThat(out.expiresAt()).isEqualTo(expires);
        assertThat(taken.get(0).deliveryCount()).isEqualTo(1);
        assertThat(taken.get(0).isRedelivery()).isFalse();

        OutboundMessage p = taken.get(1).message();
        assertThat(p.payload()).isEmpty();
        assertThat(p.qos()).isEqualTo(1);
        assertThat(p.deviceId()).isNull();
        assertThat(p.seq()).isEqualTo(OutboundMessage.NO_SEQ);
        assertThat(p.expiresAt()).isNull();
    }

    @Test
    public void takeHonoursMaxMessagesAndMaxBytesButAlwaysReturnsOneMessage() throws Exception {
        SqliteQueue q = fixture.open("batches");
        for (int i = 0; i < 5; i++) {
            q.enqueue(OutboundMessage.builder("t", new byte[100]).reading("d", i).build());
        }

        assertThat(seqs(q.take(2, Long.MAX_VALUE))).containsExactly(0L, 1L);
        assertThat(seqs(q.take(10, 250))).containsExactly(2L, 3L);
        assertThat(seqs(q.take(10, 1))).containsExactly(4L);
        assertThat(q.take(10, Long.MAX_VALUE)).isEmpty();
    }

    @Test
    public void takenMessagesAreInFlightUntilAcknowledged() throws Exception {
        SqliteQueue q = fixture.open("inflight");
        long a = q.enqueue(message("d", 1));
        long b = q.enqueue(message("d", 2));
        long c = q.enqueue(message("d", 3));

        assertThat(ids(q.take(2, Long.MAX_VALUE))).containsExactly(a, b);
        assertThat(q.stats().inFlight()).isEqualTo(2);
        assertThat(ids(q.take(10, Long.MAX_VALUE))).containsExactly(c);
        assertThat(q.take(10, Long.MAX_VALUE)).isEmpty();

        q.ack(a, 999_999, a); // unknown and repeated ids are ignored
        assertThat(q.stats().depth()).isEqualTo(2);
        assertThat(q.stats().inFlight()).isEqualTo(2);
        assertThat(q.stats().acked()).isEqualTo(1);
    }

    @Test
    public void ackOfAPendingMessageRemovesIt() throws Exception {
        SqliteQueue q = fixture.open("ackpending");
        long a = q.enqueue(message("d", 1));
        long b = q.enqueue(message("d", 2));

        q.ack(a);

        assertThat(ids(q.take(10, Long.MAX_VALUE))).containsExactly(b);
    }

    @Test
    public void ackRangeAcknowledgesOnlyInFlightMessagesInTheRange() throws Exception {
        SqliteQueue q = fixture.open("range");
        long[] ids = new long[6];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = q.enqueue(message("d", i));
        }
        q.take(4, Long.MAX_VALUE); // ids[0..3] in flight, ids[4..5] pending

        assertThat(q.ackRange(ids[1], ids[5])).isEqualTo(3);
        assertThat(q.ackRange(ids[1], ids[5])).isZero();
        assertThat(q.ackRange(ids[3], ids[0])).isZero();

        assertThat(q.stats().depth()).isEqualTo(3);
        assertThat(q.requeueInFlight()).isEqualTo(1);
        assertThat(ids(q.take(10, Long.MAX_VALUE))).containsExactly(ids[0], ids[4], ids[5]);
    }

    @Test
    public void requeueReturnsMessagesToPendingWithAHigherDeliveryCount() throws Exception {
        SqliteQueue q = fixture.open("requeue");
        long a = q.enqueue(message("d", 1));
        long b = q.enqueue(message("d", 2));
        q.take(10, Long.MAX_VALUE);

        q.requeue(b, 12345);

        List<QueuedMessage> again = q.take(10, Long.MAX_VALUE);
        assertThat(ids(again)).containsExactly(b);
        assertThat(again.get(0).deliveryCount()).isEqualTo(2);
        assertThat(again.get(0).isRedelivery()).isTrue();
        assertThat(q.requeueInFlight()).isEqualTo(2);
        assertThat(ids(q.take(10, Long.MAX_VALUE))).containsExactly(a, b);
        assertThat(q.requeueInFlight()).isEqualTo(2);
        assertThat(q.requeueInFlight()).isZero();
    }

    @Test
    public void messagesInFlightWhenTheQueueClosedArePendingAgainAfterReopen() throws Exception {
        QueueSettings settings = fixture.settings("reopen");
        SqliteQueue q = fixture.open(settings);
        long a = q.enqueue(message("d", 1, 5));
        long b = q.enqueue(message("d", 2, 5));
        long c = q.enqueue(message("d", 3, 1));
        assertThat(ids(q.take(2, Long.MAX_VALUE))).containsExactly(c, a);
        q.ack(c);
        q.close();

        SqliteQueue reopened = fixture.open(settings);

        assertThat(reopened.stats().depth()).isEqualTo(2);
        assertThat(reopened.stats().inFlight()).isZero();
        List<QueuedMessage> taken = reopened.take(10, Long.MAX_VALUE);
        assertThat(ids(taken)).containsExactly(a, b);
        assertThat(taken.get(0).deliveryCount()).isEqualTo(2);
        assertThat(taken.get(1).deliveryCount()).isEqualTo(1);
    }

    @Test
    public void enqueueAsyncCompletesWithTheId() throws Exception {
        SqliteQueue q = fixture.open("async");
        CompletableFuture<Long> f = q.enqueueAsync(message("d", 1)).toCompletableFuture();

        long id = f.get(30, TimeUnit.SECONDS);

        assertThat(ids(q.take(1, Long.MAX_VALUE))).containsExactly(id);
    }

    @Test
    public void awaitPendingReturnsWhenAMessageArrives() throws Exception {
        SqliteQueue q = fixture.open("await");
        assertThat(q.awaitPending(0, TimeUnit.SECONDS)).isFalse();
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return q.awaitPending(1, TimeUnit.HOURS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        q.enqueue(message("d", 1));

        await().atMost(Duration.ofSeconds(30)).until(waiter::isDone);
        assertThat(waiter.get()).isTrue();
        assertThat(q.awaitPending(0, TimeUnit.SECONDS)).isTrue();
        q.take(1, Long.MAX_VALUE);
        assertThat(q.awaitPending(0, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    public void rejectsInvalidCalls() {
        SqliteQueue q = fixture.open("invalid");

        assertThatThrownBy(() -> q.enqueue(null)).isInstanceOfSatisfying(QueueException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.INVALID));
        assertThat(q.enqueueAsync(null).toCompletableFuture()).isCompletedExceptionally();
        assertThatThrownBy(() -> q.take(0, 10)).isInstanceOfSatisfying(QueueException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.INVALID));
    }

    @Test
    public void reportsItsStatsAsABacklog() throws Exception {
        SqliteQueue q = fixture.open("status");
        q.enqueue(message("d", 1));

        assertThat(q.status().backlogs()).singleElement().satisfies(s -> assertThat(s.name()).isEqualTo("status"))
                .satisfies(s -> assertThat(s.depth()).isEqualTo(1));
        assertThat(q.status().backlogDepth()).isEqualTo(1);
        assertThat(q.name()).isEqualTo("status");
    }
}
