package io.holdfast.launcher.common;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A launcher's data directory: configuration ({@code config/}), the framework's bundle cache ({@code cache/}), logs
 * ({@code log/}), editable settings ({@code etc/}) and whatever the bundles store there. Held with a lock so that two
 * processes never share it.
 */
public final class DataDirectory implements AutoCloseable {

    /** The directory is unusable; the message says why, in one line. */
    public static final class DataDirectoryException extends Exception {
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

    /**
     * Creates the directory and its sub-directories if needed, checks that it is writable and locks it.
     *
     * @param root
     *            the directory
     * @param product
     *            what holds it, for the message when it is in use ({@code gateway}, {@code backend})
     *
     * @return the locked directory
     *
     * @throws DataDirectoryException
     *             when it cannot be used; the message says why in one line
     */
    public static DataDirectory open(Path root, String product) throws DataDirectoryException {
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
                throw new DataDirectoryException("data directory " + root + " is in use by another Holdfast " + product
                        + "; give this one --data");
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

    /** The directory itself. */
    public Path root() {
        return root;
    }

    /** Config Admin's files. */
    public Path config() {
        return root.resolve("config");
    }

    /** The framework's bundle cache. */
    public Path cache() {
        return root.resolve("cache");
    }

    /** The log files. */
    public Path log() {
        return root.resolve("log");
    }

    /** Settings the operator may edit. */
    public Path etc() {
        return root.resolve("etc");
    }

    /**
     * The logging configuration, written on first start from the {@code logback.xml} beside {@code owner}'s class; the
     * operator may edit it.
     *
     * @param owner
     *            the launcher class whose package holds the default {@code logback.xml}
     *
     * @return the file
     *
     * @throws IOException
     *             when it cannot be written
     */
    public Path logbackConfig(Class<?> owner) throws IOException {
        Path file = etc().resolve("logback.xml");
        if (!Files.exists(file)) {
            try (InputStream in = owner.getResourceAsStream("logback.xml")) {
                if (in == null) {
                    throw new IOException("the launcher jar holds no default logback.xml beside " + owner.getName());
                }
                Files.copy(in, file);
            }
        }
        return file;
    }

    /**
     * Writes a file that only the owner may read (a password hash, a key store password), replacing the old one in one
     * step, so that a crash leaves the old or the new content, never half of it.
     *
     * @param file
     *            the file
     * @param content
     *            its content, one line
     *
     * @throws IOException
     *             when it cannot be written
     */
    public static void writePrivate(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(tmp, content + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
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
