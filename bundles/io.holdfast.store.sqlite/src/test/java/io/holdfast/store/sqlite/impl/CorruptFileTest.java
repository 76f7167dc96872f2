package io.holdfast.store.sqlite.impl;

import static io.holdfast.store.sqlite.impl.QueueFixture.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.holdfast.api.queue.OutboundMessage;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.Rule;
import org.junit.Test;

public class CorruptFileTest {

    @Rule
    public final QueueFixture fixture = new QueueFixture();

    @Test
    public void aFileOfGarbageIsMovedAsideAndAFreshQueueStarts() throws Exception {
        QueueSettings settings = fixture.settings("garbage");
        byte[] garbage = new byte[64 * 1024];
        new Random(42).nextBytes(garbage);
        Files.write(settings.file(), garbage);
        Files.write(Path.of(settings.file() + "-wal"), new byte[] { 1, 2, 3 });

        SqliteQueue q = fixture.open(settings);

        Path aside = movedAside(settings.file());
        assertThat(aside.getFileName().toString()).matches("garbage\\.db\\.corrupt-20260101-\\d{6}");
        assertThat(aside).hasBinaryContent(garbage);
        assertThat(Path.of(aside + "-wal")).hasBinaryContent(new byte[] { 1, 2, 3 });
        assertThat(q.stats().lastError()).contains("garbage.db was corrupt", "moved aside to " + aside.getFileName(),
                "started an empty queue");
        long id = q.enqueue(message("d", 1));
        assertThat(q.take(1, 1)).singleElement().satisfies(m -> assertThat(m.id()).isEqualTo(id));
        assertThat(q.stats().lastError()).contains("moved aside"); // kept while no newer error is reported
    }

    @Test
    public void aDamagedPageIsFoundAtOpenAndTheFileMovedAside() throws Exception {
        QueueSettings settings = fixture.settings("damaged");
        SqliteQueue q = fixture.open(settings);
        for (int i = 0; i < 500; i++) {
            q.enqueueAsync(OutboundMessage.builder("t", new byte[500]).reading("d", i).build());
        }
        q.enqueue(message("d", 500));
        q.close();
        long size = Files.size(settings.file());
        assertThat(size).isGreaterThan(20 * 4096);
        try (RandomAccessFile f = new RandomAccessFile(settings.file().toFile(), "rw")) {
            byte[] garbage = new byte[4096 * 4];
            new Random(7).nextBytes(garbage);
            f.seek(size / 2 / 4096 * 4096);
            f.write(garbage);
        }

        SqliteQueue fresh = fixture.open(settings);

        assertThat(movedAside(settings.file())).hasSize(size);
        assertThat(fresh.stats().depth()).isZero();
        assertThat(fresh.stats().lastError()).contains("was corrupt");
        fresh.enqueue(message("d", 1));
    }

    @Test
    public void aDatabaseOfAnotherApplicationIsNeitherUsedNorMoved() throws Exception {
        QueueSettings settings = fixture.settings("foreign");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + settings.file());
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, owner TEXT)");
        }
        byte[] before = Files.readAllBytes(settings.file());

        assertThatThrownBy(() -> fixture.open(settings)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is an SQLite database of another application");
        assertThat(settings.file()).hasBinaryContent(before);
        try (Stream<Path> files = Files.list(settings.file().getParent())) {
            // nothing moved aside: no file other than the foreign database itself (and none named *.corrupt-*)
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("foreign.db");
        }
    }

    private static Path movedAside(Path file) throws IOException {
        try (Stream<Path> files = Files.list(file.getParent())) {
            List<Path> aside = files.filter(p -> p.getFileName().toString().matches(".*\\.corrupt-[0-9-]+")).toList();
            assertThat(aside).hasSize(1);
            return aside.get(0);
        }
    }
}
