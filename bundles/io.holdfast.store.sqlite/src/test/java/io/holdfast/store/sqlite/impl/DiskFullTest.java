package io.holdfast.store.sqlite.impl;

import static io.holdfast.store.sqlite.impl.QueueFixture.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.holdfast.api.queue.OutboundMessage;
import io.holdfast.api.queue.QueueException;
import io.holdfast.api.queue.QueueException.Reason;
import io.holdfast.api.queue.QueuedMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Assume;
import org.junit.Rule;
import org.junit.Test;

/**
 * A full disk, two ways: SQLite's max_page_count (SQLITE_FULL exactly as on a full disk, works anywhere) and a real
 * full tmpfs (ENOSPC from the kernel; skipped where mounting is not allowed).
 */
public class DiskFullTest {

    @Rule
    public final QueueFixture fixture = new QueueFixture();

    private Path mounted;

    @After
    public void unmount() throws Exception {
        if (mounted != null) {
            // @After runs before the fixture's cleanup: close the files first, so that the file system is not busy;
            // lazy all the same, so that no mount can stay under target/ and break the next mvn clean
            fixture.closeAll();
            String failed = run("umount", "-l", mounted.toString());
            if (failed != null) {
                throw new IllegalStateException("cannot unmount the test's tmpfs: " + failed);
            }
        }
    }

    @Test
    public void enqueuesFailAsDiskFullNothingIsCorruptedAndEnqueuesResumeWhenSpaceReturns() throws Exception {
        QueueSettings settings = fixture.settings("full");
        SqliteQueue q = fixture.open(settings);
        List<Long> accepted = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            accepted.add(q.enqueue(message("d", i)));
        }
        long pages = query(q, "PRAGMA page_count");
        execute(q, "PRAGMA max_page_count = " + (pages + 20));

        QueueException full = fillUntilRefused(q, accepted);

        assertThat(full.reason()).isEqualTo(Reason.DISK_FULL);
        assertThat(full.isTransient()).isTrue();
        assertThat(full.getMessage()).startsWith("disk full on queue full (" + settings.file() + ")");
        assertThat(q.stats().lastError()).startsWith("disk full on queue full");
        assertThat(q.stats().rejected()).isEqualTo(1);
        assertThat(q.stats().depth()).isEqualTo(accepted.size());
        assertThat(q.enqueueAsync(message("d", -1)).toCompletableFuture()).failsWithin(Duration.ofSeconds(30))
                .withThrowableThat().havingCause()
                .isInstanceOfSatisfying(QueueException.class, e -> assertThat(e.reason()).isEqualTo(Reason.DISK_FULL));
        assertThat(queryString(q, "PRAGMA integrity_check")).isEqualTo("ok");

        // the sender keeps draining on a full disk: that is what frees space
        List<QueuedMessage> sent = q.take(10, Long.MAX_VALUE);
        q.ack(sent.stream().mapToLong(QueuedMessage::id).toArray());
        sent.forEach(m -> accepted.remove(m.id()));

        execute(q, "PRAGMA max_page_count = 1073741823");
        accepted.add(q.enqueue(message("d", 100_000)));
        assertThat(q.stats().lastError()).isNull();
        q.close();

        assertThat(storedIds(fixture.open(settings))).containsExactlyInAnyOrderElementsOf(accepted);
    }

    @Test
    public void acksInTheSameBatchAsRefusedEnqueuesStillCommit() throws Exception {
        SqliteQueue q = fixture.open("batch");
        List<Long> accepted = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            accepted.add(q.enqueue(message("d", i)));
        }
        execute(q, "PRAGMA max_page_count = " + query(q, "PRAGMA page_count"));
        fillUntilRefused(q, accepted);
        List<QueuedMessage> sent = q.take(5, Long.MAX_VALUE);

        // hold the writer so that the enqueues and the ack below line up in one batch
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Object> held = CompletableFuture.supplyAsync(() -> {
            try {
                return q.onWriterConnection(c -> {
                    try {
                        return release.await(1, TimeUnit.MINUTES);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                });
            } catch (QueueException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> q.waitingRequests() == 0 && !held.isDone());
        List<CompletableFuture<Long>> refused = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            refused.add(q.enqueueAsync(OutboundMessage.builder("t", new byte[8000]).build()).toCompletableFuture());
        }
        CompletableFuture<Void> ack = CompletableFuture.runAsync(() -> {
            try {
                q.ack(sent.stream().mapToLong(QueuedMessage::id).toArray());
            } catch (QueueException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> q.waitingRequests() == 11);
        release.countDown();

        ack.get(30, TimeUnit.SECONDS);
        for (CompletableFuture<Long> f : refused) {
            assertThat(f).failsWithin(Duration.ofSeconds(30)).withThrowableThat().havingCause().isInstanceOfSatisfying(
                    QueueException.class, e -> assertThat(e.reason()).isEqualTo(Reason.DISK_FULL));
        }
        assertThat(q.stats().depth()).isEqualTo(accepted.size() - sent.size());
        assertThat(q.stats().acked()).isEqualTo(sent.size());
    }

    @Test
    public void aRealFullFileSystemBehavesTheSame() throws Exception {
        Path dir = smallTmpfs();
        Path ballast = dir.resolve("ballast");
        Files.write(ballast, new byte[1024 * 1024]);
        QueueSettings settings = QueueSettings.defaults("tmpfs", dir.resolve("tmpfs.db"));
        SqliteQueue q = fixture.open(settings);
        List<Long> accepted = new ArrayList<>();

        QueueException full = fillUntilRefused(q, accepted);

        assertThat(full.reason()).isEqualTo(Reason.DISK_FULL);
        assertThat(accepted).hasSizeGreaterThan(50);
        Files.delete(ballast);
        accepted.add(q.enqueue(message("d", 100_000)));
        q.close();

        SqliteQueue reopened = fixture.open(settings);
        assertThat(queryString(reopened, "PRAGMA integrity_check")).isEqualTo("ok");
        assertThat(storedIds(reopened)).containsExactlyInAnyOrderElementsOf(accepted);
    }

    /**
     * A restart on a full disk: the open cannot write the return of the messages left in flight to pending (that needs
     * room for the WAL). The queue opens all the same, counts them as pending, refuses what needs room, and returns
     * them with the first take once space is back: every message is taken exactly once.
     */
    @Test
    public void opensOnAFullDiskWithMessagesLeftInFlightAndReturnsThemOnceSpaceIsBack() throws Exception {
        Path dir = smallTmpfs();
        QueueSettings settings = QueueSettings.defaults("reopen", dir.resolve("reopen.db"));
        SqliteQueue q = fixture.open(settings);
        List<Long> accepted = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            accepted.add(q.enqueue(message("d", i)));
        }
        assertThat(q.take(50, Long.MAX_VALUE)).hasSize(50);
        q.close(); // the final checkpoint empties the WAL: the next open has no room for one
        Path ballast = dir.resolve("ballast");
        try (java.io.OutputStream out = Files.newOutputStream(ballast)) {
            byte[] page = new byte[4096];
            while (true) {
                out.write(page);
                out.flush();
            }
        } catch (IOException full) {
            assertThat(full).hasMessageContaining("No space left");
        }

        SqliteQueue reopened = fixture.open(settings);

        assertThat(reopened.stats().depth()).isEqualTo(200);
        assertThat(reopened.stats().inFlight()).isZero();
        assertThatThrownBy(() -> reopened.take(1000, Long.MAX_VALUE)).isInstanceOfSatisfying(QueueException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.DISK_FULL));
        assertThatThrownBy(() -> reopened.enqueue(message("d", 1000))).isInstanceOfSatisfying(QueueException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.DISK_FULL));
        Files.delete(ballast);
        List<QueuedMessage> first = reopened.take(1000, Long.MAX_VALUE);
        assertThat(first).hasSize(200);
        assertThat(first.stream().filter(QueuedMessage::isRedelivery)).hasSize(50);
        assertThat(first.stream().map(QueuedMessage::id)).containsExactlyInAnyOrderElementsOf(accepted);
        reopened.close();
        // returned for good: the next open finds them in flight once, as any sender's
        assertThat(storedIds(fixture.open(settings))).containsExactlyInAnyOrderElementsOf(accepted);
    }

    private Path smallTmpfs() throws Exception {
        Path dir = fixture.folder.newFolder("tmpfs").toPath().toAbsolutePath();
        String why = run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", dir.toString());
        Assume.assumeTrue("skipped: cannot mount a small tmpfs here (" + why + "); the max_page_count test covers "
                + "SQLITE_FULL", why == null);
        mounted = dir;
        return dir;
    }

    private static QueueException fillUntilRefused(SqliteQueue q, List<Long> accepted) {
        for (int i = 0; i < 1_000_000; i++) {
            try {
                accepted.add(q.enqueue(OutboundMessage.builder("t", new byte[2000]).reading("fill", i).build()));
            } catch (QueueException e) {
                return e;
            }
        }
        throw new AssertionError("never refused");
    }

    private static Set<Long> storedIds(SqliteQueue q) throws QueueException {
        Set<Long> ids = new HashSet<>();
        for (List<QueuedMessage> batch; !(batch = q.take(1000, Long.MAX_VALUE)).isEmpty();) {
            for (QueuedMessage m : batch) {
                assertThat(ids.add(m.id())).as("id %d taken twice", m.id()).isTrue();
            }
        }
        return ids;
    }

    private static void execute(SqliteQueue q, String sql) throws QueueException {
        q.onWriterConnection(c -> {
            try (Statement s = c.createStatement()) {
                return s.execute(sql);
            }
        });
    }

    static long query(SqliteQueue q, String sql) throws QueueException {
        return q.onWriterConnection(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    static String queryString(SqliteQueue q, String sql) throws QueueException {
        return q.onWriterConnection(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getString(1);
            }
        });
    }

    /** @return null on success, else what went wrong */
    private static String run(String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        String out = new String(p.getInputStream().readAllBytes()).trim();
        return p.waitFor() == 0 ? null : String.join(" ", command) + ": " + out;
    }
}
