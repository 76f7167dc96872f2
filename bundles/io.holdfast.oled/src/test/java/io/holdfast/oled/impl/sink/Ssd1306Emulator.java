package io.holdfast.oled.impl.sink;

import io.holdfast.oled.impl.frame.Framebuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes I2C transactions as an SSD1306 would (datasheet Rev 1.1, 8.1.5.2 and section 10): control byte, commands with
 * their argument bytes, page-addressing writes into a 128x8-page GDDRAM. Unknown commands fail the test.
 */
final class Ssd1306Emulator {
    final byte[] ram = new byte[Framebuffer.BYTES];
    final List<Integer> commands = new ArrayList<>();
    final List<Integer> pagesWritten = new ArrayList<>();
    int page;
    int column;
    int addressingMode = 0x02;
    boolean on;
    int contrast = 0x7F;

    void transaction(byte[] t) {
        int control = t[0] & 0xFF;
        if (control == Ssd1306.CONTROL_DATA) {
            pagesWritten.add(page);
            for (int i = 1; i < t.length; i++) {
                ram[page * Framebuffer.WIDTH + column] = t[i];
                column = (column + 1) % Framebuffer.WIDTH; // page mode: the column wraps, the page stays
            }
            return;
        }
        if (control != Ssd1306.CONTROL_COMMANDS) {
            throw new AssertionError("Control byte " + Integer.toHexString(control) + " is neither 00h nor 40h");
        }
        for (int i = 1; i < t.length; i++) {
            int c = t[i] & 0xFF;
            commands.add(c);
            int args = arguments(c);
            for (int a = 0; a < args; a++) {
                commands.add(t[++i] & 0xFF);
            }
            apply(c, t, i - args + 1);
        }
    }

    private void apply(int c, byte[] t, int firstArg) {
        if (c >= 0xB0 && c <= 0xB7) {
            page = c - 0xB0;
        } else if (c <= 0x0F) {
            column = (column & 0xF0) | c;
        } else if (c >= 0x10 && c <= 0x1F) {
            column = (column & 0x0F) | ((c & 0x0F) << 4);
        } else if (c == 0xAF) {
            on = true;
        } else if (c == 0xAE) {
            on = false;
        } else if (c == 0x81) {
            contrast = t[firstArg] & 0xFF;
        } else if (c == 0x20) {
            addressingMode = t[firstArg] & 0xFF;
        }
    }

    /** Argument bytes of each command the driver may send (datasheet table 9-1). */
    private static int arguments(int c) {
        if (c <= 0x1F || (c >= 0x40 && c <= 0x7F) || (c >= 0xB0 && c <= 0xB7) || c == 0xA0 || c == 0xA1 || c == 0xA4
                || c == 0xA5 || c == 0xA6 || c == 0xA7 || c == 0xAE || c == 0xAF || c == 0xC0 || c == 0xC8 || c == 0x2E
                || c == 0x2F) {
            return 0;
        }
        return switch (c) {
        case 0x81, 0x20, 0xA8, 0xD3, 0xD5, 0xD9, 0xDA, 0xDB, 0x8D -> 1;
        case 0x21, 0x22 -> 2;
        default -> throw new AssertionError("Command " + Integer.toHexString(c) + " is not one the driver should send");
        };
    }

    Framebuffer frame() {
        return Framebuffer.of(ram);
    }
}
