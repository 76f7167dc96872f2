package io.holdfast.store.sqlite.impl;

import static io.holdfast.store.sqlite.impl.QueueFixture.ids;
import static io.holdfast.store.sqlite.impl.QueueFixture.message;
import static io.holdfast.store.sqlite.impl.QueueFixture.seqs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.holdfast.api.queue.OutboundMessage;
import io.holdfast.api.queue.QueueException;
import io.holdfast.api.queue.QueueException.Reason;
import java.time.Duration;
import org.junit.Rule;
import org.junit.Test;

public class CapacityTest {

    @Rule
    public final QueueFixture fixture = new QueueFixture();

    @Test
    public void rejectNewestRefusesTheMessageOverTheMessageCapacity() throws Exception {
        SqliteQueue q = fixture.open(fixture.settings("reject").withCapacity(3, 1_000_000));
        long a = q.enqueue(message("d", 1));
        q.enqueue(message("d", 2));
        q.enqueue(message("d", 3));

        assertThatThrownBy(() -> q.enqueue(message("d", 4))).isInstanceOfSatisfying(QueueException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.CAPACITY);
            assertThat(e.isTransient()).isTrue();
            assertThat(e.getMessage()).contains("queue reject", "full", "3 messages", "capacity 3 messages");
        });
        assertThat(q.enqueueAsync(message("d", 5)).toCompletableFuture()).failsWithin(Duration.ofSeconds(30))
                .withThrowableThat().havingCause()
                .isInstanceOfSatisfying(QueueException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CAPACITY));
        assertThat(q.stats().rejected()).isEqualTo(2);
        assertThat(q.stats().depth()).isEqualTo(3);

        q.ack(a);
        q.enqueue(message("d", 6));
        assertThat(seqs(q.take(10, Long.MAX_VALUE))).containsExactly(2L, 3L, 6L);
    }

    @Test
    public void rejectNewestRefusesTheMessageOverTheByteCapacity() throws Exception {
        SqliteQueue q = fixture.open(fixture.settings("bytes").withCapacity(1000, 250));
        q.enqueue(OutboundMessage.builder("t", new byte[100]).build());
        q.enqueue(OutboundMessage.builder("t", new byte[100]).build());

        assertThatThrownBy(() -> q.enqueue(OutboundMessage.builder("t", new byte[51]).build()))
                .isInstanceOfSatisfying(QueueException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CAPACITY));
        q.enqueue(OutboundMessage.builder("t", new byte[50]).build());
        assertThat(q.stats().bytes()).isEqualTo(250);
    }

    @Test
    public void aMessageLargerThanTheCapacityIsRejectedWhateverThePolicy() {
        SqliteQueue q = fixture.open(fixture.settings("huge").withCapacity(1000, 100)
                .withOverflowPolicy(OverflowPolicy.EVICT_OLDEST_LOWEST_PRIORITY));

        assertThatThrownBy(() -> q.enqueue(OutboundMessage.builder("t", new byte[101]).build()))
                .isInstanceOfSatisfying(QueueException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.CAPACITY);
                    assertThat(e.getMessage()).contains("101 bytes is larger than the capacity of 100 bytes");
                });
    }

    @Test
    public void evictionDropsTheOldestMessageOfTheLeastUrgentPriority() throws Exception {
        SqliteQueue q = fixture.open(fixture.settings("evict").withCapacity(3, 1_000_000)
                .withOverflowPolicy(OverflowPolicy.EVICT_OLDEST_LOWEST_PRIORITY));
        q.enqueue(message("d", 1, 5));
        q.enqueue(message("d", 2, 9));
        q.enqueue(message("d", 3, 5));

        q.enqueue(message("d", 4, 5)); // evicts 2: the only message of priority 9
        q.enqueue(message("d", 5, 5)); // evicts 1: the oldest of priority 5
        q.enqueue(message("d", 6, 0)); // evicts 3

        assertThat(q.stats().evicted()).isEqualTo(3);
        assertThat(q.stats().depth()).isEqualTo(3);
        assertThat(seqs(q.take(10, Long.MAX_VALUE))).containsExactly(6L, 4L, 5L);
    }

    @Test
    public void evictionRefusesAMessageLessUrgentThanEverythingStored() throws Exception {
        SqliteQueue q = fixture.open(fixture.settings("lessurgent").withCapacity(2, 1_000_000)
                .withOverflowPolicy(OverflowPolicy.EVICT_OLDEST_LOWEST_PRIORITY));
        q.enqueue(message("d", 1, 1));
        q.enqueue(message("d", 2, 3));

        assertThatThrownBy(() -> q.enqueue(message("d", 3, 4))).isInstanceOfSatisfying(QueueException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.CAPACITY));
        assertThat(q.stats().evicted()).isZero();
        assertThat(q.stats().rejected()).isEqualTo(1);
    }

    @Test
    public void evictionMakesRoomForTheBytesOfTheNewMessage() throws Exception {
        SqliteQueue q = fixture.open(fixture.settings("evictbytes").withCapacity(1000, 300)
                .withOverflowPolicy(OverflowPolicy.EVICT_OLDEST_LOWEST_PRIORITY));
        for (int i = 0; i < 3; i++) {
            q.enqueue(OutboundMessage.builder("t", new byte[100]).reading("d", i).build());
        }

        q.enqueue(OutboundMessage.builder("t", new byte[250]).reading("d", 3).build());

        assertThat(q.stats().evicted()).isEqualTo(3);
        assertThat(q.stats().bytes()).isEqualTo(250);
        assertThat(seqs(q.take(10, Long.MAX_VALUE))).containsExactly(3L);
    }

    @Test
    public void evictionSparesMessagesInFlight() throws Exception {
        SqliteQueue q = fixture.open(fixture.settings("spare").withCapacity(2, 1_000_000)
                .withOverflowPolicy(OverflowPolicy.EVICT_OLDEST_LOWEST_PRIORITY));
        long a = q.enqueue(message("d", 1));
        long b = q.enqueue(message("d", 2));
        q.take(1, Long.MAX_VALUE); // a in flight

        long c = q.enqueue(message("d", 3)); // evicts b, the oldest pending
        assertThat(ids(q.take(10, Long.MAX_VALUE))).containsExactly(c);

        // everything stored is in flight now: nothing can be evicted
        assertThatThrownBy(() -> q.enqueue(message("d", 4))).isInstanceOfSatisfying(QueueException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.CAPACITY);
            assertThat(e.getMessage()).contains("in flight");
        });
        q.ack(a, c);
        assertThat(q.stats().depth()).isZero();
        assertThat(b).isLessThan(c);
    }
}
