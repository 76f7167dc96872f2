package io.holdfast.store.sqlite.impl;

import static io.holdfast.store.sqlite.impl.QueueFixture.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.api.queue.OutboundMessage;
import io.holdfast.api.queue.QueueStats;
import java.time.Duration;
import org.junit.Rule;
import org.junit.Test;

public class StatsTest {

    @Rule
    public final QueueFixture fixture = new QueueFixture();

    @Test
    public void countsWhatIsStoredAndWhatHappened() throws Exception {
        SqliteQueue q = fixture.open(fixture.settings("figures").withCapacity(10, 10_000));
        long a = q.enqueue(OutboundMessage.builder("t", new byte[100]).build());
        fixture.clock.advance(Duration.ofSeconds(7));
        q.enqueue(OutboundMessage.builder("t", new byte[200]).build());
        q.enqueue(OutboundMessage.builder("t", new byte[300]).build());
        q.take(2, Long.MAX_VALUE);

        QueueStats s = q.stats();
        assertThat(s.name()).isEqualTo("figures");
        assertThat(s.depth()).isEqualTo(3);
        assertThat(s.inFlight()).isEqualTo(2);
        assertThat(s.bytes()).isEqualTo(600);
        assertThat(s.oldestAge()).isEqualTo(Duration.ofSeconds(7));
        assertThat(s.capacityMessages()).isEqualTo(10);
        assertThat(s.capacityBytes()).isEqualTo(10_000);
        assertThat(s.enqueued()).isEqualTo(3);
        assertThat(s.lastError()).isNull();

        q.ack(a);
        s = q.stats();
        assertThat(s.depth()).isEqualTo(2);
        assertThat(s.inFlight()).isEqualTo(1);
        assertThat(s.bytes()).isEqualTo(500);
        assertThat(s.acked()).isEqualTo(1);
        assertThat(s.oldestAge()).isZero(); // the two left were enqueued just now
    }

    @Test
    public void ratesAverageTheLastCompletedSeconds() throws Exception {
        SqliteQueue q = fixture.open("rates");
        fixture.clock.advance(Duration.ofSeconds(20));
        for (int i = 0; i < 40; i++) {
            q.enqueue(message("d", i));
        }
        fixture.clock.advance(Duration.ofSeconds(1));
        q.ack(q.take(20, Long.MAX_VALUE).stream().mapToLong(m -> m.id()).toArray());
        fixture.clock.advance(Duration.ofSeconds(1));

        assertThat(q.stats().enqueueRate()).isEqualTo(4.0);
        assertThat(q.stats().ackRate()).isEqualTo(2.0);

        fixture.clock.advance(Duration.ofSeconds(11));
        assertThat(q.stats().enqueueRate()).isZero();
        assertThat(q.stats().ackRate()).isZero();
    }

    @Test
    public void figuresAreReadFromTheFileWhenItIsOpened() throws Exception {
        QueueSettings settings = fixture.settings("reopen");
        SqliteQueue q = fixture.open(settings);
        q.enqueue(OutboundMessage.builder("t", new byte[10]).priority(9).build());
        fixture.clock.advance(Duration.ofSeconds(3));
        q.enqueue(OutboundMessage.builder("t", new byte[20]).priority(0).build());
        q.enqueue(OutboundMessage.builder("t", new byte[30]).priority(5).build());
        q.take(1, Long.MAX_VALUE);
        q.close();
        fixture.clock.advance(Duration.ofSeconds(3));

        QueueStats s = fixture.open(settings).stats();

        assertThat(s.depth()).isEqualTo(3);
        assertThat(s.inFlight()).isZero();
        assertThat(s.bytes()).isEqualTo(60);
        assertThat(s.oldestAge()).isEqualTo(Duration.ofSeconds(6));
        assertThat(s.enqueued()).isZero(); // counters count since the queue was opened
    }
}
