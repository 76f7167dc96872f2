package io.holdfast.backend.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The backend's data directory (copied from kura-deploy's launcher, whose classes are package-private): configuration
 * ({@code config/}), the framework's bundle cache ({@code cache/}), logs ({@code log/}), editable settings
 * ({@code etc/}) and whatever the bundles store there. Held with a lock so that two backends never share it.
 */
final class DataDirectory implements AutoCloseable {

    /** The directory is unusable; the message says why, in one line. */
    static final class DataDirectoryException extends Exception {
        private static final long serialVersionUID = 1L;

        DataDirectoryException(String message) {
            super(message);
        }
    }

    private final Path root;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private DataDirectory(Path root, FileChannel lockChannel, FileLock lock) {
        this.root = root;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    static DataDirectory open(Path root) throws DataDirectoryException {
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new DataDirectoryException("data directory " + root + " is a file, not a directory");
        }
        try {
            for (String sub : new String[] { "config", "cache", "log", "etc" }) {
                Files.createDirectories(root.resolve(sub));
            }
            Path probe = Files.createTempFile(root, ".write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new DataDirectoryException("data directory " + root + " is not writable: " + reason(e));
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(root.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw new DataDirectoryException(
                        "data directory " + root + " is in use by another Holdfast backend; give this one --data");
            }
            return new DataDirectory(root, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new DataDirectoryException("cannot lock data directory " + root + ": " + reason(e));
        }
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied on " + ((FileSystemException) e).getFile();
        }
        if (e instanceof NoSuchFileException n) {
            return "no such directory " + n.getFile();
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason() + " (" + f.getFile() + ")";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // the lock attempt already failed; that is what is reported
            }
        }
    }

    Path root() {
        return root;
    }

    Path config() {
        return root.resolve("config");
    }

    Path cache() {
        return root.resolve("cache");
    }

    Path log() {
        return root.resolve("log");
    }

    /**
     * The logging configuration, written from the default on first start; the operator may edit it.
     */
    Path logbackConfig() throws IOException {
        Path file = root.resolve("etc").resolve("logback.xml");
        if (!Files.exists(file)) {
            try (InputStream in = DataDirectory.class.getResourceAsStream("logback.xml")) {
                Files.copy(in, file);
            }
        }
        return file;
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // the process is ending; the lock goes with it
        }
        closeQuietly(lockChannel);
    }
}
