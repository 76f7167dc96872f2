package io.holdfast.dp.hotswap;

import io.holdfast.testkit.Commands;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * A small file system of the test's own (a tmpfs mounted on a folder under {@code target/}) that the test fills up with
 * filler files and frees again: a full disk, with the kernel's own ENOSPC. Mounting needs root (or CAP_SYS_ADMIN);
 * without it the test fails with one line saying so. {@link #close()} unmounts (lazily, so that a file still open
 * cannot keep the mount under {@code target/}).
 */
final class SmallDisk implements AutoCloseable {
    final Path dir;
    private int fillers;

    /**
     * Mounts a tmpfs of {@code megabytes} MiB on {@code dir} (created if missing).
     *
     * @throws AssertionError
     *             if the tmpfs cannot be mounted, with how to run the test
     */
    SmallDisk(Path dir, int megabytes) throws IOException, InterruptedException {
        this.dir = dir;
        Files.createDirectories(dir);
        try {
            Commands.run(List.of("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", dir.toString()),
                    null);
        } catch (AssertionError | IOException e) {
            throw new AssertionError("this test mounts a " + megabytes + " MiB tmpfs on " + dir + " to fill it up, "
                    + "which needs root (or CAP_SYS_ADMIN); run it as root, or leave it out with -Dit.test=...: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Writes filler files until the file system refuses (ENOSPC): in 1 MiB blocks, then 4 KiB ones for what is left.
     *
     * @return the bytes written
     */
    long fill() throws IOException {
        Path filler = dir.resolve("filler-" + (++fillers));
        long written = 0;
        try (OutputStream out = Files.newOutputStream(filler, StandardOpenOption.CREATE_NEW)) {
            for (int block : new int[] { 1 << 20, 4096 }) {
                byte[] bytes = new byte[block];
                try {
                    while (true) {
                        out.write(bytes);
                        out.flush();
                        written += block;
                    }
                } catch (IOException full) {
                    if (!String.valueOf(full.getMessage()).contains("No space left")) {
                        throw full;
                    }
                }
            }
        } catch (IOException full) {
            // closing flushes nothing more: what did not fit is not counted
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
        return written;
    }

    /** Deletes every filler file. */
    void free() throws IOException {
        for (int i = 1; i <= fillers; i++) {
            Files.deleteIfExists(dir.resolve("filler-" + i));
        }
    }

    /** Free bytes on the file system. */
    long usable() throws IOException {
        return Files.getFileStore(dir).getUsableSpace();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        Commands.run(List.of("umount", "-l", dir.toString()), null);
    }
}
