package io.holdfast.esp32.impl;

import io.holdfast.api.reading.Reading;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Sequence numbers the gateway assigns to readings that came without one, unique across gateway restarts: numbers are
 * reserved in blocks, and a block is on disk before its first number is used, so a crash only skips numbers. Also keeps
 * the uptime of the newest seq-less reading of each source and type, so that a retained MQTT message delivered again
 * after a restart is recognised as a duplicate. A {@code null} file keeps everything in memory (tests).
 */
final class SeqStore {

    static final int BLOCK = 1024;

    private final Path file;
    private final Map<String, long[]> next = new HashMap<>(); // source -> {next, reservedUpTo}
    private final Map<String, Long> lastSeed = new HashMap<>();
    private boolean dirty;

    SeqStore(Path file) {
        this.file = file;
        if (file != null && Files.isRegularFile(file)) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException | IllegalArgumentException e) {
                // an unreadable state file: start over, with numbers far from the old ones
                p.clear();
            }
            for (String k : p.stringPropertyNames()) {
                try {
                    long v = Long.parseLong(p.getProperty(k));
                    if (k.startsWith("seq.")) {
                        next.put(k.substring(4), new long[] { v, v });
                    } else if (k.startsWith("seed.")) {
                        lastSeed.put(k.substring(5), v);
                    }
                } catch (NumberFormatException e) {
                    // skip the line
                }
            }
        }
    }

    /** The next sequence number for a source (0 to {@link Reading#MAX_SEQ}, wrapping). */
    synchronized long next(String source) {
        long[] n = next.computeIfAbsent(source, k -> new long[] { 0, 0 });
        if (n[0] >= n[1]) {
            n[1] = n[0] + BLOCK;
            dirty = true;
            flush();
        }
        return n[0]++ & Reading.MAX_SEQ;
    }

    /**
     * Records the newest seq-less reading of a source and type.
     *
     * @return {@code false} if exactly this one was recorded before (a duplicate)
     */
    synchronized boolean seed(String source, String type, long uptime) {
        Long prev = lastSeed.put(source + "." + type, uptime);
        if (prev != null && prev == uptime) {
            return false;
        }
        dirty = true;
        return true;
    }

    /** Writes the state if it changed: atomically, and synced, so a crash leaves the old or the new file. */
    synchronized void flush() {
        if (file == null || !dirty) {
            return;
        }
        Properties p = new Properties();
        next.forEach((k, v) -> p.setProperty("seq." + k, Long.toString(v[1])));
        lastSeed.forEach((k, v) -> p.setProperty("seed." + k, Long.toString(v)));
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(out, "io.holdfast.esp32: assigned sequence numbers (reserved up to) and newest seed uptimes");
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            dirty = false;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }
}
