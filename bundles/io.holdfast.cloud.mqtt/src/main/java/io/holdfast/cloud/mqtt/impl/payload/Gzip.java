package io.holdfast.cloud.mqtt.impl.payload;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** Gzip for payloads: compress only when it pays, decompress on the magic. */
public final class Gzip {
    /** Payloads at most this large never get smaller by gzip (its header and trailer alone take 18 bytes). */
    private static final int MIN_WORTH = 64;
    /** A decompressed payload larger than this is refused (a gzip bomb in a downlink message). */
    public static final int MAX_INFLATED = 64 * 1024 * 1024;

    private Gzip() {
    }

    public static boolean isGzip(byte[] b) {
        return b.length >= 2 && (b[0] & 0xFF) == 0x1F && (b[1] & 0xFF) == 0x8B;
    }

    /** The gzip of the bytes when it is smaller, else the bytes themselves. */
    public static byte[] ifSmaller(byte[] raw) {
        if (raw.length <= MIN_WORTH) {
            return raw;
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 2 + 32);
            try (GZIPOutputStream gz = new GZIPOutputStream(out, 512)) {
                gz.write(raw);
            }
            return out.size() < raw.length ? out.toByteArray() : raw;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes gunzipped when they start with the gzip magic, else as they are. */
    public static byte[] gunzipIfGzip(byte[] b) {
        if (!isGzip(b)) {
            return b;
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(b))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(b.length * 4);
            byte[] chunk = new byte[8192];
            int n;
            while ((n = in.read(chunk)) > 0) {
                out.write(chunk, 0, n);
                if (out.size() > MAX_INFLATED) {
                    throw new IllegalArgumentException("gzip payload inflates beyond " + MAX_INFLATED + " bytes");
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt gzip payload: " + e.getMessage(), e);
        }
    }
}
