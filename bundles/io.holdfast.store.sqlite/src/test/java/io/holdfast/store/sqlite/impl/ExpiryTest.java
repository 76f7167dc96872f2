package io.holdfast.store.sqlite.impl;

import static io.holdfast.store.sqlite.impl.QueueFixture.message;
import static io.holdfast.store.sqlite.impl.QueueFixture.seqs;
import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.api.queue.OutboundMessage;
import java.time.Duration;
import org.junit.Rule;
import org.junit.Test;

public class ExpiryTest {

    @Rule
    public final QueueFixture fixture = new QueueFixture();

    @Test
    public void housekeepingRemovesAndCountsMessagesPastTheStoreTtl() throws Exception {
        SqliteQueue q = fixture.open(fixture.settings("ttl").withTtl(Duration.ofMinutes(10)));
        q.enqueue(message("d", 1));
        fixture.clock.advance(Duration.ofMinutes(5));
        q.enqueue(message("d", 2));
        fixture.clock.advance(Duration.ofMinutes(5));

        q.housekeep();

        assertThat(q.stats().expired()).isEqualTo(1);
        assertThat(q.stats().depth()).isEqualTo(1);
        assertThat(q.stats().oldestAge()).isEqualTo(Duration.ofMinutes(5));
        assertThat(seqs(q.take(10, Long.MAX_VALUE))).containsExactly(2L);
    }

    @Test
    public void aMessageExpiryOverridesTheStoreTtl() throws Exception {
        SqliteQueue q = fixture.open(fixture.settings("override").withTtl(Duration.ofMinutes(10)));
        var now = fixture.clock.instant();
        q.enqueue(OutboundMessage.builder("t", new byte[1]).reading("d", 1).expiresAt(now.plusSeconds(60)).build());
        q.enqueue(OutboundMessage.builder("t", new byte[1]).reading("d", 2).expiresAt(now.plusSeconds(3600)).build());
        q.enqueue(message("d", 3));
        fixture.clock.advance(Duration.ofMinutes(30));

        q.housekeep();

        assertThat(q.stats().expired()).isEqualTo(2);
        assertThat(seqs(q.take(10, Long.MAX_VALUE))).containsExactly(2L);
    }

    @Test
    public void withoutTtlMessagesStayUntilAcknowledged() throws Exception {
        SqliteQueue q = fixture.open("forever");
        q.enqueue(message("d", 1));
        fixture.clock.advance(Duration.ofDays(3650));

        q.housekeep();

        assertThat(q.stats().expired()).isZero();
        assertThat(seqs(q.take(10, Long.MAX_VALUE))).containsExactly(1L);
    }

    @Test
    public void takeSkipsAndRemovesExpiredMessagesBeforeHousekeepingDoes() throws Exception {
        SqliteQueue q = fixture.open(fixture.settings("take").withTtl(Duration.ofSeconds(30)));
        for (int i = 0; i < 5; i++) {
            q.enqueue(message("d", i));
        }
        fixture.clock.advance(Duration.ofSeconds(31));
        q.enqueue(message("d", 5));
        q.enqueue(message("d", 6));

        assertThat(seqs(q.take(1, Long.MAX_VALUE))).containsExactly(5L);
        assertThat(q.stats().expired()).isEqualTo(5);
        assertThat(q.stats().depth()).isEqualTo(2);
        assertThat(seqs(q.take(10, Long.MAX_VALUE))).containsExactly(6L);
    }

    @Test
    public void inFlightMessagesDoNotExpireUnderTheSender() throws Exception {
        SqliteQueue q = fixture.open(fixture.settings("inflight").withTtl(Duration.ofSeconds(30)));
        long id = q.enqueue(message("d", 1));
        q.take(1, Long.MAX_VALUE);
        fixture.clock.advance(Duration.ofMinutes(1));

        q.housekeep();
        assertThat(q.stats().expired()).isZero();

        q.requeue(id);
        assertThat(q.take(1, Long.MAX_VALUE)).isEmpty();
        assertThat(q.stats().expired()).isEqualTo(1);
    }
}
