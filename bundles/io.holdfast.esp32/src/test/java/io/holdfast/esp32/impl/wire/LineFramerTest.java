package io.holdfast.esp32.impl.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

public class LineFramerTest {

    private final List<String> lines = new ArrayList<>();
    private int tooLong;
    private final LineFramer.Sink sink = new LineFramer.Sink() {
        @Override
        public void line(byte[] buf, int off, int len) {
            lines.add(new String(buf, off, len, StandardCharsets.UTF_8));
        }

        @Override
        public void tooLong() {
            tooLong++;
        }
    };

    private void feed(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        new LineFramer().feed(b, 0, b.length, sink);
    }

    @Test
    public void splitsAcrossReadsAndDropsCr() {
        LineFramer f = new LineFramer();
        byte[] a = "{\"a\":1}\r\n{\"b\"".getBytes(StandardCharsets.UTF_8);
        byte[] b = ":2}\n\n\r\n".getBytes(StandardCharsets.UTF_8);
        f.feed(a, 0, a.length, sink);
        f.feed(b, 0, b.length, sink);
        assertThat(lines).containsExactly("{\"a\":1}", "{\"b\":2}");
        assertThat(tooLong).isZero();
    }

    @Test
    public void exactly1024BytesIsFineOneMoreIsTooLong() {
        feed("x".repeat(1024) + "\r\n" + "y".repeat(1025) + "\n" + "ok\n");
        assertThat(lines).containsExactly("x".repeat(1024), "ok");
        assertThat(tooLong).isEqualTo(1);
    }

    @Test
    public void aFloodWithoutNewlinesIsOneRejectAndNoMemory() {
        LineFramer f = new LineFramer();
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, (byte) 'z');
        for (int i = 0; i < 100; i++) {
            f.feed(chunk, 0, chunk.length, sink);
        }
        byte[] end = "\n{}\n".getBytes(StandardCharsets.UTF_8);
        f.feed(end, 0, end.length, sink);
        assertThat(tooLong).isEqualTo(1);
        assertThat(lines).containsExactly("{}");
    }
}
