package io.holdfast.deploy.impl;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * One package download over HTTP or HTTPS into {@code <file>.part}, renamed to the file once complete and, when a hash
 * was given, verified. An interrupted transfer is resumed with an HTTP Range request on the next attempt; a server that
 * ignores the range sends the whole file again. The download stops at the size limit, on {@link #cancel()}, and after
 * the configured number of attempts.
 */
final class Download {

    /** Where a download stands; progress in percent (-1 while the size is unknown). */
    interface Progress {
        void update(long bytes, long total, int percent);
    }

    /** The parameters of one download. */
    record Request(URI uri, Path file, String hash, String username, String password, int connectTimeoutMs,
            int readTimeoutMs, long maxBytes, int attempts, long blockSize) {
    }

    private final Request request;
    private final Progress progress;
    private volatile boolean cancelled;
    private volatile long bytes;
    private volatile long total = -1;
    private volatile HttpURLConnection connection;

    Download(Request request, Progress progress) {
        this.request = request;
        this.progress = progress;
    }

    /** Refuses a URI that is not http(s) or starts with none of the allowed prefixes. */
    static void checkAllowed(URI uri, List<String> allowedPrefixes) throws IOException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IOException("only http and https downloads are supported, not " + uri);
        }
        String s = uri.toString();
        if (allowedPrefixes.stream().noneMatch(p -> !p.isBlank() && s.startsWith(p))) {
            throw new IOException("download URL not allowed (allowed prefixes: "
                    + (allowedPrefixes.isEmpty() ? "none" : String.join(" ", allowedPrefixes)) + "): " + uri);
        }
    }

    long bytes() {
        return bytes;
    }

    long total() {
        return total;
    }

    int percent() {
        long t = total;
        return t <= 0 ? -1 : (int) Math.min(100, bytes * 100 / t);
    }

    void cancel() {
        cancelled = true;
        HttpURLConnection c = connection;
        if (c != null) {
            c.disconnect();
        }
    }

    boolean cancelled() {
        return cancelled;
    }

    /**
     * Downloads, resuming as needed, then checks the hash.
     *
     * @return the downloaded file
     *
     * @throws IOException
     *             if every attempt failed, the size limit was hit, the hash does not match or the download was
     *             cancelled ({@link InterruptedIOException})
     */
    Path run() throws IOException {
        Path part = request.file().resolveSibling(request.file().getFileName() + ".part");
        Files.createDirectories(part.getParent());
        IOException last = null;
        for (int attempt = 1; attempt <= request.attempts(); attempt++) {
            if (cancelled) {
                throw new InterruptedIOException("download cancelled");
            }
            try {
                fetch(part);
                verifyHash(part);
                Files.move(part, request.file(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                return request.file();
            } catch (Fatal e) {
                Files.deleteIfExists(part);
                throw e.getCause();
            } catch (IOException e) {
                last = e;
                if (cancelled) {
                    Files.deleteIfExists(part);
                    throw new InterruptedIOException("download cancelled");
                }
            }
        }
        throw new IOException("download failed after " + request.attempts() + " attempts: " + last.getMessage(), last);
    }

    /** An error that another attempt cannot fix. */
    private static final class Fatal extends IOException {
        private static final long serialVersionUID = 1L;

        Fatal(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    private void fetch(Path part) throws IOException {
        long have = Files.exists(part) ? Files.size(part) : 0;
        URLConnection uc = request.uri().toURL().openConnection();
        if (!(uc instanceof HttpURLConnection c)) {
            throw new Fatal(new IOException("not an HTTP URL: " + request.uri()));
        }
        connection = c;
        c.setConnectTimeout(request.connectTimeoutMs());
        c.setReadTimeout(request.readTimeoutMs());
        c.setInstanceFollowRedirects(true);
        if (request.username() != null && !request.username().isEmpty()) {
            String pair = request.username() + ":" + (request.password() == null ? "" : request.password());
            c.setRequestProperty("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        if (have > 0) {
            c.setRequestProperty("Range", "bytes=" + have + "-");
        }
        try {
            int code = c.getResponseCode();
            boolean append = code == HttpURLConnection.HTTP_PARTIAL && have > 0;
            if (code == 416) {
                // the part file is already whole (or larger than the resource): start over
                Files.deleteIfExists(part);
                throw new IOException("range not satisfiable, restarting");
            }
            if (code != HttpURLConnection.HTTP_OK && !append) {
                IOException e = new IOException("HTTP " + code + " for " + request.uri());
                throw code >= 400 && code < 500 && code != 408 && code != 429 ? new Fatal(e) : e;
            }
            long length = c.getContentLengthLong();
            long start = append ? have : 0;
            total = length < 0 ? -1 : start + length;
            if (total > request.maxBytes()) {
                throw new Fatal(
                        new IOException("package too large: " + total + " bytes, the limit is " + request.maxBytes()));
            }
            bytes = start;
            copy(c.getInputStream(), part, append);
            if (total >= 0 && bytes < total) {
                throw new IOException("connection closed after " + bytes + " of " + total + " bytes");
            }
            total = bytes;
            progress.update(bytes, total, 100);
        } finally {
            c.disconnect();
            connection = null;
        }
    }

    private void copy(InputStream in, Path part, boolean append) throws IOException {
        byte[] buf = new byte[(int) Math.min(16 * 1024, Math.max(128, request.blockSize()))];
        long block = Math.max(128, request.blockSize());
        long nextReport = bytes + block;
        try (InputStream src = in; OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            for (int n = src.read(buf); n >= 0; n = src.read(buf)) {
                if (cancelled) {
                    throw new InterruptedIOException("download cancelled");
                }
                if (bytes + n > request.maxBytes()) {
                    throw new Fatal(new IOException("package too large: more than " + request.maxBytes() + " bytes"));
                }
                out.write(buf, 0, n);
                bytes += n;
                if (bytes >= nextReport) {
                    nextReport = bytes + block;
                    progress.update(bytes, total, percent());
                }
            }
        }
    }

    /** Checks {@code ALGO:hex} (MD5, SHA-1, SHA-256, ...) over the whole file. */
    private void verifyHash(Path file) throws IOException {
        String h = request.hash();
        if (h == null || h.isBlank()) {
            return;
        }
        int colon = h.indexOf(':');
        if (colon <= 0) {
            throw new Fatal(new IOException("dp.download.hash must be ALGORITHM:hex, not " + h));
        }
        MessageDigest md;
        try {
            md = MessageDigest.getInstance(h.substring(0, colon).trim().toUpperCase(Locale.ROOT));
        } catch (NoSuchAlgorithmException e) {
            throw new Fatal(new IOException("unknown hash algorithm in dp.download.hash: " + h.substring(0, colon)));
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[16 * 1024];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                md.update(buf, 0, n);
            }
        }
        String actual = HexFormat.of().formatHex(md.digest());
        if (!actual.equalsIgnoreCase(h.substring(colon + 1).trim())) {
            throw new Fatal(new IOException("hash mismatch: expected " + h.substring(colon + 1).trim() + ", got "
                    + actual + " (" + h.substring(0, colon) + "); the file was deleted"));
        }
    }
}
