package io.holdfast.esp32.impl.ingest;

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
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Sequence numbers the gateway assigns to readings that came without one, unique across gateway restarts: numbers are
 * reserved in blocks, and a block is on disk before its first number is used, so a crash only skips numbers. Also keeps
 * the uptime of the newest seq-less reading of each source and type, so that a retained MQTT message delivered again
 * after a restart is recognised as a duplicate. A {@code null} file keeps everything in memory (tests).
 */
public final class SeqStore {

    static final int BLOCK = 1024;

    private final Path file;
    /** source -> {next number, reserved on disk up to, to be reserved up to}. */
    private final Map<String, long[]> next = new HashMap<>();
    private final Map<String, Long> lastSeed = new HashMap<>();
    /** Held while the file is written, so that writes do not interleave; never taken while holding {@code this}. */
    private final Object writeLock = new Object();
    private boolean dirty;
    private volatile Executor ahead;

    public SeqStore(Path file) {
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
                        next.put(k.substring(4), new long[] { v, v, v });
                    } else if (k.startsWith("seed.")) {
                        lastSeed.put(k.substring(5), v);
                    }
                } catch (NumberFormatException e) {
                    // skip the line
                }
            }
        }
    }

    /**
     * Where the next block is written ahead of need: when half of a source's reserved block is used, a write is handed
     * to this executor, so that the thread taking numbers does not wait for the disk. {@code null}: no writing ahead.
     */
    void reserveAheadOn(Executor executor) {
        this.ahead = executor;
    }

    /**
     * The next sequence number for a source (0 to {@link Reading#MAX_SEQ}, wrapping). Writes and syncs the file itself
     * only when no reserved number is left on disk: a source's first number, or a writer that fell behind.
     */
    long next(String source) {
        while (true) {
            boolean writeAhead = false;
            synchronized (this) {
                long[] n = next.computeIfAbsent(source, k -> new long[] { 0, 0, 0 });
                if (n[0] < n[1]) {
                    if (n[1] - n[0] <= BLOCK / 2 && n[2] <= n[1]) {
                        n[2] = n[1] + BLOCK;
                        dirty = true;
                        writeAhead = true;
                    }
                    long v = n[0]++ & Reading.MAX_SEQ;
                    Executor ex = ahead;
                    if (writeAhead && ex != null) {
                        try {
                            ex.execute(this::flushQuietly);
                        } catch (RejectedExecutionException e) {
                            // stopping: the next call writes itself when it must
                        }
                    }
                    return v;
                }
                n[2] = Math.max(n[2], n[0] + BLOCK);
                dirty = true;
            }
            flush();
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            // the thread that needs the numbers writes them itself, and reports the failure
        }
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

    /**
     * Writes the state if it changed: atomically, and synced, so a crash leaves the old or the new file. Numbers count
     * as reserved only once the file holding them is on disk.
     */
    void flush() {
        if (file == null) {
            synchronized (this) {
                next.values().forEach(n -> n[1] = Math.max(n[1], n[2]));
                dirty = false;
            }
            return;
        }
        synchronized (writeLock) {
            Properties p = new Properties();
            Map<String, Long> reserving = new HashMap<>();
            synchronized (this) {
                if (!dirty) {
                    return;
                }
                next.forEach((k, v) -> {
                    p.setProperty("seq." + k, Long.toString(v[2]));
                    reserving.put(k, v[2]);
                });
                lastSeed.forEach((k, v) -> p.setProperty("seed." + k, Long.toString(v)));
                dirty = false;
            }
            try {
                write(p);
            } catch (IOException e) {
                synchronized (this) {
                    dirty = true;
                }
                throw new UncheckedIOException("Cannot write " + file, e);
            }
            synchronized (this) {
                reserving.forEach((k, v) -> {
                    long[] n = next.get(k);
                    n[1] = Math.max(n[1], v);
                });
            }
        }
    }

    private void write(Properties p) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, "io.holdfast.esp32: assigned sequence numbers (reserved up to) and newest seed uptimes");
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
