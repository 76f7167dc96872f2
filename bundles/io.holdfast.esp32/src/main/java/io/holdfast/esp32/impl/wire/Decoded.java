package io.holdfast.esp32.impl.wire;

/**
 * What one line decoded to: a frame, or the reason it was rejected.
 *
 * @param frame
 *            the frame, or {@code null} when rejected
 * @param reason
 *            why it was rejected, or {@code null}
 * @param detail
 *            for the log: what exactly was wrong
 * @param crc
 *            whether the frame carried a (valid) CRC suffix
 */
public record Decoded(Frame frame, RejectReason reason, String detail, boolean crc) {

    public static Decoded ok(Frame frame, boolean crc) {
        return new Decoded(frame, null, null, crc);
    }

    public static Decoded reject(RejectReason reason, String detail) {
        return new Decoded(null, reason, detail, false);
    }

    public boolean accepted() {
        return frame != null;
    }
}
