package io.holdfast.oled.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.oled.impl.frame.Framebuffer;
import io.holdfast.oled.impl.page.Samples;
import io.holdfast.oled.impl.sink.Esp32Sink;
import io.holdfast.oled.impl.sink.Png;
import io.holdfast.testkit.ConfigAnnotations;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

public class OledDisplayTest {

    /** The configuration annotation with its defaults, overridden by a map. */
    static OledConfig config(Map<String, Object> overrides) {
        return ConfigAnnotations.of(OledConfig.class, overrides);
    }

    private static OledDisplay display(Map<String, Object> overrides) {
        OledDisplay d = new OledDisplay(config(overrides), Clock.fixed(Samples.NOW, ZoneOffset.UTC), (bus, addr) -> {
            throw new IllegalStateException("no I2C bus /dev/i2c-" + bus);
        });
        d.addProvider(Samples::status);
        return d;
    }

    @Test
    public void theEsp32GetsTheFrameInPageOrderOnlyWhenItChanged() {
        OledDisplay d = display(Map.of("i2c.enabled", false, "esp32.enabled", true, "esp32.interval.ms", 100,
                "esp32.device", "3C:E9:0E:72:12:4C"));
        List<Event> events = new CopyOnWriteArrayList<>();
        d.setEventAdmin(new EventAdmin() {
            @Override
            public void postEvent(Event event) {
                events.add(event);
            }

            @Override
            public void sendEvent(Event event) {
                throw new AssertionError("the display must never wait on Event Admin");
            }
        });
        d.tick();
        assertThat(events).hasSize(1);
        Event e = events.get(0);
        assertThat(e.getTopic()).isEqualTo(Esp32Sink.TOPIC);
        assertThat(e.getProperty("device")).isEqualTo("3C:E9:0E:72:12:4C");
        assertThat((byte[]) e.getProperty("bmp")).hasSize(1024).isEqualTo(d.frame().toPageOrder());
        d.tick();
        assertThat(events).as("same frame again: nothing sent").hasSize(1);
    }

    @Test
    public void thePngIsTheFrame() {
        OledDisplay d = display(Map.of("i2c.enabled", false, "png.scale", 3));
        d.tick();
        Framebuffer f = d.frame();
        assertThat(f).isNotEqualTo(new Framebuffer());
        assertThat(Png.decode(d.png(), 3)).isEqualTo(f);
    }

    @Test
    public void aMissingPanelAndABadConfigurationShowAsStatusLines() {
        OledDisplay d = display(Map.of("i2c.bus", 7, "i2c.address", "0x99", "pages", "links,bogus"));
        d.tick();
        List<String> lines = d.statusLines();
        assertThat(lines.get(0)).contains("Unknown page 'bogus'").contains("I2C address '0x99'");
        assertThat(lines)
                .anyMatch(l -> l.equals("no SSD1306 at /dev/i2c-7 @0x3C: no I2C bus /dev/i2c-7; retrying every 1 s"));
    }

    @Test
    public void aFailingProviderIsSkipped() {
        OledDisplay d = display(Map.of("i2c.enabled", false));
        d.addProvider(() -> {
            throw new IllegalStateException("boom");
        });
        d.tick();
        assertThat(d.statusLines()).noneMatch(l -> l.startsWith("Rendering failed"));
        assertThat(d.frame()).isNotEqualTo(new Framebuffer());
    }

}
