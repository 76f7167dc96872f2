package io.holdfast.oled.impl.sink;

import io.holdfast.oled.impl.frame.Framebuffer;
import java.io.ByteArrayOutputStream;

/**
 * The SSD1306 controller of a 128x64 panel on I2C: its initialisation and page-mode writes of only the pages that
 * changed. References are to Solomon Systech's SSD1306 datasheet, Rev 1.1 (April 2008).
 * <p>
 * Every I2C transaction starts with a control byte (datasheet 8.1.5.2): {@code 0x00} (Co = 0, D/C# = 0) makes every
 * following byte a command, {@code 0x40} (Co = 0, D/C# = 1) makes every following byte display data.
 */
public final class Ssd1306 {
    /** Control byte: the rest of the transaction is commands. */
    public static final int CONTROL_COMMANDS = 0x00;
    /** Control byte: the rest of the transaction is GDDRAM data. */
    public static final int CONTROL_DATA = 0x40;

    private final I2cPort port;
    private Framebuffer shown;

    /**
     * @param port
     *            the open device
     */
    public Ssd1306(I2cPort port) {
        this.port = port;
    }

    /**
     * The initialisation sequence, in the order of the software initialisation flow chart of Solomon Systech's SSD1306
     * application note, with the command values of the datasheet's command table (section 9, table 9-1, and section
     * 10), for a 128x64 panel that makes its voltage with the internal charge pump.
     *
     * @param contrast
     *            0 to 255
     * @param rotation
     *            0 or 180 degrees (segment re-map and COM scan direction)
     *
     * @return the command bytes, without the control byte
     */
    public static byte[] initSequence(int contrast, int rotation) {
        boolean turned = rotation == 180;
        return bytes(0xAE, // 10.1.12 display off (sleep) while configuring
                0xD5, 0x80, // 10.1.16 clock divide ratio 1, oscillator frequency 8 (the reset value)
                0xA8, 0x3F, // 10.1.11 multiplex ratio: 64 rows
                0xD3, 0x00, // 10.1.15 display offset 0
                0x40, // 10.1.6 display start line 0
                0x8D, 0x14, // charge pump setting (datasheet appendix, "Charge Pump Regulator"): enable
                0x20, 0x02, // 10.1.3 memory addressing mode: page addressing
                turned ? 0xA0 : 0xA1, // 10.1.8 segment re-map: column 127 to SEG0 (A1) or column 0 (A0)
                turned ? 0xC0 : 0xC8, // 10.1.14 COM output scan direction: remapped (C8) or normal (C0)
                0xDA, 0x12, // 10.1.18 COM pins: alternative configuration, no left/right remap (128x64)
                0x81, contrast & 0xFF, // 10.1.7 contrast
                0xD9, 0xF1, // 10.1.17 pre-charge period: phase 1 = 1 DCLK, phase 2 = 15 DCLK (internal charge pump)
                0xDB, 0x20, // 10.1.19 VCOMH deselect level ~0.77 x VCC (the reset value)
                0x2E, // 10.2.4 deactivate scroll
                0xA4, // 10.1.9 entire display on: follow RAM content
                0xA6, // 10.1.10 normal (not inverted) display
                0xAF); // 10.1.12 display on
    }

    /**
     * Initialises the controller and clears its RAM, so that the next {@link #show(Framebuffer)} writes only what is
     * lit.
     *
     * @param contrast
     *            0 to 255
     * @param rotation
     *            0 or 180
     */
    public void init(int contrast, int rotation) {
        commands(initSequence(contrast, rotation));
        Framebuffer blank = new Framebuffer();
        for (int p = 0; p < Framebuffer.PAGES; p++) {
            writePage(blank, p);
        }
        shown = blank;
    }

    /**
     * Changes the contrast in place.
     *
     * @param contrast
     *            0 to 255
     */
    public void contrast(int contrast) {
        commands(bytes(0x81, contrast & 0xFF));
    }

    /**
     * Shows a frame, writing only the pages that differ from what the controller holds.
     *
     * @param frame
     *            the frame
     *
     * @return how many pages were written
     */
    public int show(Framebuffer frame) {
        int written = 0;
        for (int p = 0; p < Framebuffer.PAGES; p++) {
            if (frame.pageDiffers(shown, p)) {
                writePage(frame, p);
                written++;
            }
        }
        shown = frame.copy();
        return written;
    }

    /** Turns the panel off (datasheet 10.1.12); the RAM is kept. */
    public void off() {
        commands(bytes(0xAE));
    }

    private void writePage(Framebuffer frame, int page) {
        // 10.1.13 page start address B0h-B7h; 10.1.1 and 10.1.2 lower and higher column start nibbles: column 0
        commands(bytes(0xB0 | page, 0x00, 0x10));
        ByteArrayOutputStream data = new ByteArrayOutputStream(Framebuffer.WIDTH + 1);
        data.write(CONTROL_DATA);
        data.writeBytes(frame.page(page));
        port.write(data.toByteArray());
    }

    private void commands(byte[] commands) {
        byte[] t = new byte[commands.length + 1];
        t[0] = CONTROL_COMMANDS;
        System.arraycopy(commands, 0, t, 1, commands.length);
        port.write(t);
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
