package io.holdfast.store.sqlite.impl;

import io.holdfast.api.queue.OutboundMessage;
import io.holdfast.api.queue.QueuedMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.rules.ExternalResource;
import org.junit.rules.TemporaryFolder;

/**
 * Queues on real files in a fresh folder under target/, closed after each test.
 */
class QueueFixture extends ExternalResource {
    static final Path TARGET = Path.of(System.getProperty("holdfast.test.target", "target"));

    static {
        try {
            // sqlite-jdbc unpacks its native library there; surefire points it under target/
            Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final TemporaryFolder folder;
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<SqliteQueue> opened = new ArrayList<>();

    QueueFixture() {
        try {
            Files.createDirectories(TARGET.resolve("test-queues"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        folder = TemporaryFolder.builder().parentFolder(TARGET.resolve("test-queues").toFile()).build();
    }

    @Override
    protected void before() throws Throwable {
        folder.create();
    }

    @Override
    protected void after() {
        closeAll();
        folder.delete();
    }

    /** Closes every queue the test opened (closing twice is fine). */
    void closeAll() {
        opened.forEach(SqliteQueue::close);
    }

    Path file(String name) {
        return folder.getRoot().toPath().resolve(name + ".db");
    }

    QueueSettings settings(String name) {
        return QueueSettings.defaults(name, file(name));
    }

    SqliteQueue open(QueueSettings settings) {
        SqliteQueue q = new SqliteQueue(settings, clock);
        opened.add(q);
        return q;
    }

    SqliteQueue open(String name) {
        return open(settings(name));
    }

    static OutboundMessage message(String device, long seq) {
        return OutboundMessage.builder("readings/" + device, payload(device, seq)).reading(device, seq).build();
    }

    static OutboundMessage message(String device, long seq, int priority) {
        return OutboundMessage.builder("readings/" + device, payload(device, seq)).reading(device, seq)
                .priority(priority).build();
    }

    static byte[] payload(String device, long seq) {
        return ("{\"device\":\"" + device + "\",\"seq\":" + seq + ",\"t\":21.5}").getBytes(StandardCharsets.UTF_8);
    }

    static List<Long> ids(List<QueuedMessage> taken) {
        return taken.stream().map(QueuedMessage::id).toList();
    }

    static List<Long> seqs(List<QueuedMessage> taken) {
        return taken.stream().map(m -> m.message().seq()).toList();
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(java.time.Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return Clock.fixed(now, zone);
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
