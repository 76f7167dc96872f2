package io.holdfast.oled.impl.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.Test;

public class FontTest {

    @Test
    public void everyPrintableAsciiCharacterAndTheExtrasHaveTheirOwnGlyph() {
        Font f = Font.get();
        Map<String, Integer> seen = new HashMap<>();
        StringBuilder chars = new StringBuilder();
        for (int c = 0x21; c <= 0x7E; c++) {
            chars.appendCodePoint(c);
        }
        chars.append("\u00B0\u00B5\u2190\u2191\u2192\u2193");
        chars.codePoints().forEach(c -> {
            assertThat(f.has(c)).as("U+%04X", c).isTrue();
            Framebuffer fb = new Framebuffer();
            f.draw(fb, 0, 0, new String(Character.toChars(c)), true);
            assertThat(fb).as("U+%04X draws something", c).isNotEqualTo(new Framebuffer());
            Integer twin = seen.put(fb.toString(), c);
            assertThat(twin).as("U+%04X looks like U+%04X", c, twin).isNull();
            for (int y = 0; y < 8; y++) {
                assertThat(fb.get(5, y)).as("U+%04X keeps its spacing column", c).isFalse();
            }
        });
    }

    @Test
    public void anUnknownCharacterIsABoxAndTextIsClipped() {
        Font f = Font.get();
        Framebuffer a = new Framebuffer();
        Framebuffer b = new Framebuffer();
        f.draw(a, 0, 0, "\u2603", true);
        f.draw(b, 0, 0, "\uFFFD", true);
        assertThat(a).isEqualTo(b);
        assertThat(f.draw(new Framebuffer(), 120, 60, "clipped", true)).isEqualTo(120 + 7 * 6);
    }

    @Test
    public void rotationBy180IsItsOwnInverse() {
        Framebuffer fb = new Framebuffer();
        Font.get().draw(fb, 3, 5, "Holdfast", true);
        Framebuffer r = fb.rotated180();
        assertThat(r.get(127 - 3 - 0, 63 - 5 - 1)).isEqualTo(fb.get(3, 6));
        assertThat(r.rotated180()).isEqualTo(fb);
    }
}
