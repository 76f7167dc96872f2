package io.holdfast.store.sqlite.impl;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;

/**
 * Opens a queue's file: creates its directory, opens (or creates) the database, and moves a corrupt file aside under a
 * timestamped name so that an empty queue can start. Nothing is ever deleted.
 */
final class QueueFile {
    private static final DateTimeFormatter CORRUPT_SUFFIX = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    /**
     * An open file.
     *
     * @param store
     *            the open store
     * @param contents
     *            what the file held
     * @param notice
     *            what was wrong with the file found at the path (moved aside), or null
     */
    record Opened(QueueStore store, QueueStore.Contents contents, String notice) {
    }

    private QueueFile() {
    }

    /**
     * Opens the file of a queue.
     *
     * @param settings
     *            the queue's settings (name, file, durability)
     * @param clock
     *            for the name a corrupt file is moved to
     * @param log
     *            where the corrupt file is reported
     *
     * @return the open file
     *
     * @throws IllegalStateException
     *             with one line saying why, if the file cannot be opened or created
     */
    static Opened open(QueueSettings settings, Clock clock, Logger log) {
        Path file = settings.file();
        createDirectory(settings.name(), file.getParent());
        try {
            try {
                QueueStore.Opened opened = QueueStore.open(file, settings.durability());
                return new Opened(opened.store(), opened.contents(), null);
            } catch (CorruptFileException corrupt) {
                Path aside;
                try {
                    aside = moveAside(file, clock);
                } finally {
                    corrupt.closeConnection();
                }
                String notice = "the queue file " + file + " was corrupt (" + corrupt.getMessage()
                        + "); moved aside to " + aside.getFileName() + " and started an empty queue";
                log.error("Queue {}: {}", settings.name(), notice);
                QueueStore.Opened opened = QueueStore.open(file, settings.durability());
                return new Opened(opened.store(), opened.contents(), notice);
            }
        } catch (SQLException | CorruptFileException e) {
            throw new IllegalStateException("Queue " + settings.name() + ": cannot open " + file + ": "
                    + (e instanceof SQLException s ? QueueStore.oneLine(s) : e.getMessage()), e);
        } catch (IOException e) {
            throw new IllegalStateException("Queue " + settings.name() + ": cannot move the corrupt file " + file
                    + " aside (it was left in place): " + e, e);
        }
    }

    private static void createDirectory(String name, Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (FileAlreadyExistsException e) {
            throw new IllegalStateException("Queue " + name + ": cannot create the directory " + directory
                    + ": a file that is not a directory is in the way", e);
        } catch (IOException e) {
            throw new IllegalStateException("Queue " + name + ": cannot create the directory " + directory + ": " + e,
                    e);
        }
        if (!Files.isWritable(directory)) {
            throw new IllegalStateException("Queue " + name + ": the directory " + directory + " is not writable");
        }
    }

    /** Moves a corrupt file and its WAL and shared-memory files aside, under one timestamped name; never deletes. */
    private static Path moveAside(Path file, Clock clock) throws IOException {
        String stamp = LocalDateTime.now(clock.withZone(ZoneId.systemDefault())).format(CORRUPT_SUFFIX);
        Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + stamp);
        for (int n = 1; Files.exists(aside); n++) {
            aside = file.resolveSibling(file.getFileName() + ".corrupt-" + stamp + "-" + n);
        }
        for (String suffix : new String[] { "-wal", "-shm" }) {
            Path side = file.resolveSibling(file.getFileName() + suffix);
            if (Files.exists(side)) {
                Files.move(side, aside.resolveSibling(aside.getFileName() + suffix), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
        return aside;
    }
}
