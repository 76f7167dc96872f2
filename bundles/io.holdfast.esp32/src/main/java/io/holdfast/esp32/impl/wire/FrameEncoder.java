package io.holdfast.esp32.impl.wire;

import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The one place where gateway-to-device frames (ESP32-LINK.md) are written: acks, time sync, reporting interval, OLED
 * content and flow control (hold, resume) as JSON, and a JSON frame as the bytes of one line (with the CRC suffix when
 * the device uses it).
 */
public final class FrameEncoder {

    /** Lines of an OLED text frame: 8 lines of 21 characters (128x64 panel, 6x8 font). */
    public static final int OLED_LINES = 8;
    public static final int OLED_COLUMNS = 21;
    /** Bytes of an OLED bitmap frame (128x64 pixels, SSD1306 page order). */
    public static final int OLED_BITMAP_BYTES = 1024;

    private FrameEncoder() {
    }

    /** Writes one frame's members. */
    private interface Members {
        void write(JsonWriter w) throws IOException;
    }

    private static String frame(String type, Members members) {
        StringWriter out = new StringWriter(64);
        try (JsonWriter w = new JsonWriter(out)) {
            w.beginObject().name("t").value(type);
            members.write(w);
            w.endObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    /**
     * {@code {"t":"ack","seq":N}}, or {@code {"t":"ack","src":"<node>","seq":N}} for a relayed node.
     *
     * @param source
     *            the relayed node, or {@code null} for the device itself
     */
    public static String ack(String source, long seq) {
        return frame("ack", w -> {
            if (source != null) {
                w.name("src").value(source);
            }
            w.name("seq").value(seq);
        });
    }

    /** {@code {"t":"time","epoch":ms}}: clock sync. */
    public static String time(long epochMillis) {
        return frame("time", w -> w.name("epoch").value(epochMillis));
    }

    /** {@code {"t":"cfg","interval":ms}}: the reporting interval. */
    public static String config(long intervalMillis) {
        return frame("cfg", w -> w.name("interval").value(intervalMillis));
    }

    /**
     * {@code {"t":"hold","ms":N}}: flow control (the driver's extension of the link): send nothing for N ms, or until a
     * resume; keep the readings, and do not count the wait for acks as a stall meanwhile.
     */
    public static String hold(long ms) {
        return frame("hold", w -> w.name("ms").value(ms));
    }

    /** {@code {"t":"resume"}}: flow control: send again (what is kept, in order), without re-sending what was sent. */
    public static String resume() {
        return frame("resume", w -> {
        });
    }

    /** {@code {"t":"oled","lines":[...]}}: at most {@value #OLED_LINES} lines, each cut to {@value #OLED_COLUMNS}. */
    public static String oledLines(List<String> lines) {
        return frame("oled", w -> {
            w.name("lines").beginArray();
            for (String s : lines.subList(0, Math.min(OLED_LINES, lines.size()))) {
                w.value(s.length() > OLED_COLUMNS ? s.substring(0, OLED_COLUMNS) : s);
            }
            w.endArray();
        });
    }

    /** {@code {"t":"oled","bmp":"<base64>"}} of {@value #OLED_BITMAP_BYTES} bytes. */
    public static String oledBitmap(byte[] bitmap) {
        if (bitmap.length != OLED_BITMAP_BYTES) {
            throw new IllegalArgumentException(
                    "an OLED bitmap has " + OLED_BITMAP_BYTES + " bytes, not " + bitmap.length);
        }
        return frame("oled", w -> w.name("bmp").value(Base64.getEncoder().encodeToString(bitmap)));
    }

    /** One frame as the bytes of its line: the JSON, the CRC suffix when asked for, and the newline. */
    public static byte[] line(String json, boolean crc) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        int extra = crc ? Crc16.SUFFIX_LENGTH : 0;
        byte[] out = new byte[b.length + extra + 1];
        System.arraycopy(b, 0, out, 0, b.length);
        if (crc) {
            byte[] suffix = Crc16.suffix(b).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(suffix, 0, out, b.length, suffix.length);
        }
        out[out.length - 1] = '\n';
        return out;
    }
}
