package io.holdfast.store.sqlite.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.api.queue.OutboundMessage;
import io.holdfast.api.queue.QueuedMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;

public class HousekeepingTest {

    @Rule
    public final QueueFixture fixture = new QueueFixture();

    @Test
    public void aDrainedQueueGivesItsSpaceBackAndTruncatesTheWal() throws Exception {
        QueueSettings settings = fixture.settings("shrink");
        SqliteQueue q = fixture.open(settings);
        for (int i = 0; i < 2000; i++) {
            q.enqueueAsync(OutboundMessage.builder("t", new byte[2000]).reading("d", i).build());
        }
        q.enqueue(OutboundMessage.builder("t", new byte[10]).reading("d", 2000).build());
        q.housekeep();
        long full = pages(q);
        Path wal = Path.of(settings.file() + "-wal");

        for (List<QueuedMessage> batch; (batch = q.take(500, Long.MAX_VALUE)).size() > 1;) {
            q.ack(batch.stream().filter(m -> m.message().seq() < 2000).mapToLong(QueuedMessage::id).toArray());
            q.requeue(batch.stream().filter(m -> m.message().seq() == 2000).mapToLong(QueuedMessage::id).toArray());
        }
        assertThat(q.requeueInFlight()).isEqualTo(1); // the last take returned only the kept message
        assertThat(q.stats().depth()).isEqualTo(1);
        assertThat(Files.size(wal)).isPositive();

        q.housekeep();

        assertThat(pages(q)).isLessThan(full / 10);
        assertThat(free(q)).isLessThan(HousekeepingStep.VACUUM_MIN_FREE_PAGES);
        assertThat(Files.size(wal)).isZero();
        assertThat(Files.size(settings.file())).isLessThan(full * 4096 / 10);
        assertThat(q.take(10, Long.MAX_VALUE)).hasSize(1);
    }

    private static long pages(SqliteQueue q) throws Exception {
        return q.onWriterConnection(c -> {
            try (ResultSet rs = c.createStatement().executeQuery("PRAGMA page_count")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static long free(SqliteQueue q) throws Exception {
        return q.onWriterConnection(c -> {
            try (ResultSet rs = c.createStatement().executeQuery("PRAGMA freelist_count")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
