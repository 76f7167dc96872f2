package io.holdfast.store.sqlite.impl;

import static io.holdfast.store.sqlite.impl.QueueFixture.ids;
import static io.holdfast.store.sqlite.impl.QueueFixture.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.api.queue.OutboundMessage;
import io.holdfast.api.queue.SeqRange;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.Rule;
import org.junit.Test;

/** The record of committed (device, seq) that outlives the messages: {@link SeqMarks}. */
public class SeqMarksTest {

    @Rule
    public final QueueFixture fx = new QueueFixture();

    @Test
    public void runsMergeAndTheOldestAreForgottenBeyondTheLimit() {
        TreeMap<Long, Long> runs = new TreeMap<>();
        for (long s : new long[] { 5, 3, 4, 7, 6, 6, 10 }) {
            SeqMarks.add(runs, s);
        }
        assertThat(runs).containsExactly(java.util.Map.entry(3L, 7L), java.util.Map.entry(10L, 10L));
        for (long s = 100; s < 100 + 2 * SeqMarks.MAX_RUNS; s += 2) {
            SeqMarks.add(runs, s);
        }
        assertThat(runs).hasSize(SeqMarks.MAX_RUNS);
        assertThat(runs.firstKey()).isEqualTo(100L);
        assertThat(runs.lastKey()).isEqualTo(100L + 2 * (SeqMarks.MAX_RUNS - 1));
    }

    @Test
    public void committedSeqsOutliveTheDeliveredMessagesAndAReopen() throws Exception {
        SqliteQueue q = fx.open("marks");
        List<CompletableFuture<Long>> async = new ArrayList<>();
        for (long s = 0; s < 10; s++) {
            async.add(q.enqueueAsync(message("d1", s)).toCompletableFuture());
        }
        for (CompletableFuture<Long> f : async) {
            f.get();
        }
        q.enqueue(message("d1", 20));
        q.enqueue(message("d1", 21));
        q.enqueue(message("d2", 5));
        q.enqueue(OutboundMessage.builder("other", new byte[] { 1 }).build());
        assertThat(q.committedSeqs("d1")).containsExactly(new SeqRange(0, 9), new SeqRange(20, 21));
        q.ack(ids(q.take(100, Long.MAX_VALUE)).stream().mapToLong(Long::longValue).toArray());
        assertThat(q.stats().depth()).isZero();
        q.close();

        SqliteQueue again = fx.open("marks");
        assertThat(again.committedSeqs("d1")).containsExactly(new SeqRange(0, 9), new SeqRange(20, 21));
        assertThat(again.committedSeqs("d2")).containsExactly(new SeqRange(5, 5));
        assertThat(again.committedSeqs("nobody")).isEmpty();
        again.enqueue(message("d1", 10));
        assertThat(again.committedSeqs("d1")).containsExactly(new SeqRange(0, 10), new SeqRange(20, 21));
    }

    @Test
    public void aFileWrittenBeforeTheTableExistedIsMigratedWithItsMessages() throws Exception {
        SqliteQueue q = fx.open("old");
        q.enqueue(message("d1", 1));
        q.close();
        // the file as a store without seq_mark left it: no table, no schema key
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + fx.file("old"));
                Statement s = c.createStatement()) {
            s.execute("DROP TABLE seq_mark");
            s.execute("DELETE FROM meta WHERE key = '" + SeqMarks.SCHEMA_KEY + "'");
        }
        SqliteQueue migrated = fx.open("old");
        assertThat(migrated.stats().depth()).isEqualTo(1);
        assertThat(migrated.committedSeqs("d1")).isEmpty();
        migrated.enqueue(message("d1", 2));
        assertThat(migrated.committedSeqs("d1")).containsExactly(new SeqRange(2, 2));
        migrated.close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + fx.file("old"));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT key, value FROM meta WHERE key IN ('schema', '"
                        + SeqMarks.SCHEMA_KEY + "') ORDER BY key")) {
            List<String> meta = new ArrayList<>();
            while (rs.next()) {
                meta.add(rs.getString(1) + "=" + rs.getLong(2));
            }
            // the message table's version is unchanged: a store of the previous version still opens the file
            assertThat(meta).containsExactly("schema=" + QueueStore.SCHEMA_VERSION,
                    SeqMarks.SCHEMA_KEY + "=" + SeqMarks.SCHEMA_VERSION);
        }
    }
}
