package io.holdfast.oled.impl.page;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.oled.impl.frame.Framebuffer;
import io.holdfast.oled.impl.sink.Png;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Test;

/**
 * Every page of {@link Samples}, rendered and compared pixel for pixel with the PNGs in
 * {@code src/test/resources/golden} (scale 4, as the console shows them). After a deliberate change of the look, run
 * with {@code -Dholdfast.golden.update=true} to rewrite them, look at them, and commit them.
 */
public class GoldenImageTest {
    private static final int SCALE = 4;

    @Test
    public void links() throws IOException {
        check("links", page(Page.LINKS, Samples.view(), 0));
    }

    @Test
    public void cloud() throws IOException {
        check("cloud", page(Page.CLOUD, Samples.view(), 1));
    }

    @Test
    public void backlog() throws IOException {
        check("backlog", page(Page.BACKLOG, Samples.view(), 2));
    }

    @Test
    public void rates() throws IOException {
        check("rates", page(Page.RATES, Samples.view(), 3));
    }

    @Test
    public void devices() throws IOException {
        check("devices", page(Page.DEVICES, Samples.view(), 4));
    }

    @Test
    public void alarms() throws IOException {
        check("alarms", page(Page.ALARMS, Samples.outage(), 5));
    }

    @Test
    public void outageTakesOverInvertedAndBlinks() throws IOException {
        View v = Samples.outage();
        assertThat(v.overridden()).isTrue();
        Screen screen = new Screen(java.util.List.of(Page.values()), java.time.Duration.ofSeconds(5));
        Framebuffer inverted = screen.render(v, 0);
        Framebuffer plain = screen.render(v, Screen.BLINK_MILLIS);
        Framebuffer back = plain.copy();
        back.invert();
        assertThat(inverted).isEqualTo(back);
        check("outage", plain);
    }

    @Test
    public void font() throws IOException {
        Framebuffer fb = new Framebuffer();
        io.holdfast.oled.impl.frame.Font f = io.holdfast.oled.impl.frame.Font.get();
        StringBuilder all = new StringBuilder();
        for (int c = 0x20; c <= 0x7E; c++) {
            all.appendCodePoint(c);
        }
        all.append("\u00B0\u00B5\u2190\u2191\u2192\u2193\u2603");
        for (int line = 0; line * 21 < all.length(); line++) {
            f.draw(fb, 0, line * 8, all.substring(line * 21, Math.min(all.length(), (line + 1) * 21)), true);
        }
        f.draw(fb, 0, 56, "4.25\u00B0C 12\u00B5A -51dBm", true);
        check("font", fb);
    }

    private static Framebuffer page(Page p, View v, int index) {
        Framebuffer fb = new Framebuffer();
        PageRenderer.draw(fb, p, v, index, Page.values().length);
        return fb;
    }

    private static void check(String name, Framebuffer actual) throws IOException {
        if (Boolean.getBoolean("holdfast.golden.update")) {
            Path dir = Path.of("src/test/resources/golden");
            Files.createDirectories(dir);
            Files.write(dir.resolve(name + ".png"), Png.encode(actual, SCALE));
            return;
        }
        try (InputStream in = GoldenImageTest.class.getResourceAsStream("/golden/" + name + ".png")) {
            assertThat(in).as("golden image " + name + ".png (create it with -Dholdfast.golden.update=true)")
                    .isNotNull();
            Framebuffer golden = Png.decode(in.readAllBytes(), SCALE);
            assertThat(actual.toString()).as(name).isEqualTo(golden.toString());
        }
    }
}
