package io.holdfast.oled.impl.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.oled.impl.frame.Font;
import io.holdfast.oled.impl.frame.Framebuffer;
import io.holdfast.oled.impl.page.Page;
import io.holdfast.oled.impl.page.PageRenderer;
import io.holdfast.oled.impl.page.Samples;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Test;

public class Ssd1306MockI2cTest {

    /**
     * The sequence, command by command, from the SSD1306 datasheet (Solomon Systech, Rev 1.1, April 2008), section 10
     * and table 9-1, in the order of the application note's software initialisation flow chart, for a 128x64 panel with
     * the internal charge pump (datasheet appendix "Charge Pump Regulator": 8Dh 14h before AFh).
     */
    private static final int[] DATASHEET_INIT = { 0xAE, // display off
            0xD5, 0x80, // display clock: divide ratio 1, oscillator frequency 1000b (reset value)
            0xA8, 0x3F, // multiplex ratio 63 + 1 = 64 rows
            0xD3, 0x00, // display offset 0
            0x40, // display start line 0
            0x8D, 0x14, // charge pump on
            0x20, 0x02, // page addressing mode
            0xA1, // segment re-map: column 127 to SEG0
            0xC8, // COM scan from COM[N-1] to COM0
            0xDA, 0x12, // COM pins: alternative, no remap (required by 128x64 panels)
            0x81, 0xCF, // contrast (the test's value)
            0xD9, 0xF1, // pre-charge: 1 and 15 DCLK
            0xDB, 0x20, // VCOMH 0.77 x VCC
            0x2E, // scrolling off
            0xA4, // output follows RAM
            0xA6, // not inverted
            0xAF }; // display on

    private static List<Integer> ints(byte[] b) {
        List<Integer> l = new ArrayList<>();
        for (byte x : b) {
            l.add(x & 0xFF);
        }
        return l;
    }

    @Test
    public void bytesOnTheMockBusDecodeBackToTheFramebuffer() {
        RecordingMockProvider provider = new RecordingMockProvider();
        I2cSink sink = new I2cSink(() -> Pi4jI2c.open(provider, 1, 0x3C), "mock @0x3C", 0xCF, 0, 60_000);
        Framebuffer frame = new Framebuffer();
        PageRenderer.draw(frame, Page.LINKS, Samples.view(), 0, 6);

        sink.show(frame, 0);

        assertThat(sink.status()).isEqualTo("SSD1306 at mock @0x3C: on");
        assertThat(provider.device.device()).isEqualTo(0x3C);
        assertThat(provider.device.bus()).isEqualTo(1);
        List<byte[]> t = provider.transactions;
        assertThat(t.get(0)[0]).as("control byte: commands").isEqualTo((byte) 0x00);
        List<Integer> init = ints(t.get(0)).subList(1, t.get(0).length);
        assertThat(init).containsExactlyElementsOf(ints(toBytes(DATASHEET_INIT)));

        Ssd1306Emulator panel = new Ssd1306Emulator();
        t.forEach(panel::transaction);
        assertThat(panel.on).isTrue();
        assertThat(panel.addressingMode).isEqualTo(0x02);
        assertThat(panel.contrast).isEqualTo(0xCF);
        assertThat(panel.frame()).isEqualTo(frame);
        // init clears all 8 pages, then the frame writes the pages that are not blank
        int lit = 0;
        for (int p = 0; p < Framebuffer.PAGES; p++) {
            lit += frame.pageDiffers(new Framebuffer(), p) ? 1 : 0;
        }
        assertThat(panel.pagesWritten).hasSize(8 + lit);
    }

    @Test
    public void onlyThePagesThatChangedAreWritten() {
        RecordingMockProvider provider = new RecordingMockProvider();
        I2cSink sink = new I2cSink(() -> Pi4jI2c.open(provider, 1, 0x3D), "mock @0x3D", 0x7F, 0, 60_000);
        Framebuffer frame = new Framebuffer();
        PageRenderer.draw(frame, Page.BACKLOG, Samples.view(), 2, 6);
        sink.show(frame, 0);
        Ssd1306Emulator panel = new Ssd1306Emulator();
        provider.transactions.forEach(panel::transaction);
        int before = provider.transactions.size();

        sink.show(frame.copy(), 250);
        assertThat(provider.transactions).as("an unchanged frame writes nothing").hasSize(before);

        Framebuffer next = frame.copy();
        next.fill(0, 24, 128, 8, false);
        Font.get().draw(next, 0, 24, "Oldest     99m", true);
        sink.show(next, 500);
        List<byte[]> delta = provider.transactions.subList(before, provider.transactions.size());
        panel.pagesWritten.clear();
        delta.forEach(panel::transaction);
        assertThat(panel.pagesWritten).containsExactly(3);
        assertThat(delta).hasSize(2);
        assertThat(ints(delta.get(0))).containsExactly(0x00, 0xB3, 0x00, 0x10);
        assertThat(delta.get(1)).hasSize(129);
        assertThat(panel.frame()).isEqualTo(next);
    }

    @Test
    public void rotationTurnsThePanelWithItsRemapCommandsNotTheRam() {
        assertThat(ints(Ssd1306.initSequence(0x7F, 180))).contains(0xA0, 0xC0).doesNotContain(0xA1, 0xC8);
        assertThat(ints(Ssd1306.initSequence(0x7F, 0))).contains(0xA1, 0xC8).doesNotContain(0xA0, 0xC0);
    }

    @Test
    public void aMissingPanelGivesOneStatusLineAndIsRetriedWithBackOff() {
        AtomicInteger attempts = new AtomicInteger();
        I2cSink sink = new I2cSink(() -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("no I2C bus /dev/i2c-7 (enable I2C, e.g. dtparam=i2c_arm=on)");
        }, "/dev/i2c-7 @0x3C", 0x7F, 0, 4_000);
        Framebuffer f = new Framebuffer();
        long[] times = { 0, 500, 999, 1000, 2000, 2999, 3000, 6999, 7000, 10_999, 11_000 };
        List<Integer> seen = new ArrayList<>();
        for (long t : times) {
            sink.show(f, t);
            seen.add(attempts.get());
        }
        // 1 s, 2 s, 4 s, then capped at 4 s
        assertThat(seen).containsExactly(1, 1, 1, 2, 2, 2, 3, 3, 4, 4, 5);
        assertThat(sink.status()).isEqualTo(
                "no SSD1306 at /dev/i2c-7 @0x3C: no I2C bus /dev/i2c-7 (enable I2C, e.g. dtparam=i2c_arm=on); "
                        + "retrying every 4 s");
    }

    @Test
    public void aWriteThatFailsReopensThePanel() {
        RecordingMockProvider provider = new RecordingMockProvider();
        AtomicInteger opens = new AtomicInteger();
        boolean[] broken = { false };
        I2cSink sink = new I2cSink(() -> {
            opens.incrementAndGet();
            I2cPort real = Pi4jI2c.open(provider, 1, 0x3C);
            return new I2cPort() {
                @Override
                public void write(byte[] bytes) {
                    if (broken[0]) {
                        throw new IllegalStateException("Remote I/O error");
                    }
                    real.write(bytes);
                }

                @Override
                public void close() {
                    real.close();
                }
            };
        }, "mock @0x3C", 0x7F, 0, 60_000);
        Framebuffer f = new Framebuffer();
        sink.show(f, 0);
        broken[0] = true;
        f.set(5, 5, true);
        sink.show(f, 100);
        assertThat(sink.status()).startsWith("write to SSD1306 at mock @0x3C failed: Remote I/O error");
        broken[0] = false;
        sink.show(f, 1100);
        assertThat(opens).hasValue(2);
        Ssd1306Emulator panel = new Ssd1306Emulator();
        provider.transactions.forEach(panel::transaction);
        assertThat(panel.frame()).isEqualTo(f);
    }

    private static byte[] toBytes(int[] v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }
}
