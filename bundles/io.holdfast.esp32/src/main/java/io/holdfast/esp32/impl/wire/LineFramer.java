package io.holdfast.esp32.impl.wire;

import java.util.function.BooleanSupplier;

/**
 * Splits a byte stream into newline-terminated lines of at most {@value #MAX_LINE} bytes (a trailing {@code \r} is
 * dropped, empty lines are skipped). A longer line is reported once as too long and skipped up to its newline, so a
 * flood without newlines costs no memory. Not thread safe: one per stream.
 */
public final class LineFramer {

    /** The longest frame, without its newline (ESP32-LINK.md). */
    public static final int MAX_LINE = 1024;

    /** Receives what the framer finds. */
    public interface Sink {
        /** A complete line; the array is reused after the call returns. */
        void line(byte[] buf, int off, int len);

        /** A line longer than {@value LineFramer#MAX_LINE} bytes was skipped. */
        void tooLong();
    }

    private final byte[] line = new byte[MAX_LINE + 1];
    private int len;
    private boolean skipping;

    /** Feeds bytes. */
    public void feed(byte[] data, int off, int n, Sink sink) {
        feed(data, off, n, sink, () -> true);
    }

    /**
     * Feeds bytes until a complete line was handed over and {@code more} says to stop.
     *
     * @return how many bytes were taken; the caller keeps the rest for later
     */
    public int feed(byte[] data, int off, int n, Sink sink, BooleanSupplier more) {
        int end = off + n;
        for (int i = off; i < end; i++) {
            byte c = data[i];
            if (c == '\n') {
                if (skipping) {
                    skipping = false;
                } else {
                    int l = len;
                    if (l > 0 && line[l - 1] == '\r') {
                        l--;
                    }
                    if (l > MAX_LINE) {
                        sink.tooLong();
                    } else if (l > 0) {
                        sink.line(line, 0, l);
                    }
                }
                len = 0;
                if (!more.getAsBoolean()) {
                    return i + 1 - off;
                }
            } else if (!skipping) {
                if (len == MAX_LINE + 1) {
                    // one more byte than allowed (a '\r' may still end it): this line is too long
                    skipping = true;
                    len = 0;
                    sink.tooLong();
                } else {
                    line[len++] = c;
                }
            }
        }
        return n;
    }

    /** Forgets a partial line (the stream was closed or reopened). */
    public void reset() {
        len = 0;
        skipping = false;
    }
}
