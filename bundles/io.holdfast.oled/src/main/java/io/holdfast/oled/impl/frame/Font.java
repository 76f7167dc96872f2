package io.holdfast.oled.impl.frame;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Holdfast's own 5x8 font in a 6x8 cell (21 characters by 8 lines on the panel), read from {@code font-6x8.txt}, where
 * each glyph is drawn in {@code #} and {@code .}. Characters without a glyph are drawn as a box.
 */
public final class Font {
    /** Width of a character cell, spacing included. */
    public static final int CELL_WIDTH = 6;
    /** Height of a character cell. */
    public static final int CELL_HEIGHT = 8;
    /** Characters on one line of the panel. */
    public static final int COLUMNS = Framebuffer.WIDTH / CELL_WIDTH;

    private static final int GLYPH_WIDTH = 5;
    private static final int MISSING = 0xFFFD;
    private static final Font INSTANCE = load();

    /** Per code point: 8 rows, bit 4 = leftmost column. */
    private final Map<Integer, byte[]> glyphs;

    private Font(Map<Integer, byte[]> glyphs) {
        this.glyphs = Map.copyOf(glyphs);
    }

    /** @return the font */
    public static Font get() {
        return INSTANCE;
    }

    /**
     * @param codePoint
     *            a character
     *
     * @return whether the font has a glyph for it
     */
    public boolean has(int codePoint) {
        return glyphs.containsKey(codePoint);
    }

    /**
     * Draws text; what does not fit is clipped.
     *
     * @param fb
     *            the frame
     * @param x
     *            left of the first cell
     * @param y
     *            top of the cells
     * @param text
     *            the text
     * @param on
     *            draw lit pixels ({@code true}) or dark ones on a lit background ({@code false})
     *
     * @return the x just after the text
     */
    public int draw(Framebuffer fb, int x, int y, String text, boolean on) {
        int cx = x;
        for (int i = 0; i < text.length();) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            byte[] g = glyphs.getOrDefault(cp, glyphs.get(MISSING));
            for (int row = 0; row < CELL_HEIGHT; row++) {
                for (int col = 0; col < GLYPH_WIDTH; col++) {
                    if ((g[row] & (1 << (GLYPH_WIDTH - 1 - col))) != 0) {
                        fb.set(cx + col, y + row, on);
                    }
                }
            }
            cx += CELL_WIDTH;
        }
        return cx;
    }

    /**
     * Draws text with every pixel scaled to a square (titles that must be read from afar).
     *
     * @param fb
     *            the frame
     * @param x
     *            left
     * @param y
     *            top
     * @param text
     *            the text
     * @param on
     *            lit or dark pixels
     * @param scale
     *            pixels per font pixel
     *
     * @return the x just after the text
     */
    public int drawScaled(Framebuffer fb, int x, int y, String text, boolean on, int scale) {
        int cx = x;
        for (int i = 0; i < text.length();) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            byte[] g = glyphs.getOrDefault(cp, glyphs.get(MISSING));
            for (int row = 0; row < CELL_HEIGHT; row++) {
                for (int col = 0; col < GLYPH_WIDTH; col++) {
                    if ((g[row] & (1 << (GLYPH_WIDTH - 1 - col))) != 0) {
                        fb.fill(cx + col * scale, y + row * scale, scale, scale, on);
                    }
                }
            }
            cx += CELL_WIDTH * scale;
        }
        return cx;
    }

    /**
     * @param text
     *            the text
     *
     * @return its width in pixels
     */
    public static int width(String text) {
        return text.codePointCount(0, text.length()) * CELL_WIDTH;
    }

    private static Font load() {
        try (InputStream in = Font.class.getResourceAsStream("font-6x8.txt")) {
            if (in == null) {
                throw new IllegalStateException("font-6x8.txt is missing from the bundle");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Font parse(BufferedReader r) throws IOException {
        Map<Integer, byte[]> glyphs = new HashMap<>();
        List<String> lines = new ArrayList<>();
        for (String line = r.readLine(); line != null; line = r.readLine()) {
            if (!line.isBlank() && !line.startsWith("//")) {
                lines.add(line);
            }
        }
        for (int b = 0; b + CELL_HEIGHT < lines.size() + 1; b += CELL_HEIGHT + 1) {
            String[] codes = lines.get(b).trim().split(" +");
            for (int g = 0; g < codes.length; g++) {
                byte[] rows = new byte[CELL_HEIGHT];
                for (int row = 0; row < CELL_HEIGHT; row++) {
                    String cells = lines.get(b + 1 + row).substring(g * (GLYPH_WIDTH + 1),
                            g * (GLYPH_WIDTH + 1) + GLYPH_WIDTH);
                    for (int col = 0; col < GLYPH_WIDTH; col++) {
                        if (cells.charAt(col) == '#') {
                            rows[row] |= (byte) (1 << (GLYPH_WIDTH - 1 - col));
                        }
                    }
                }
                glyphs.put(Integer.parseInt(codes[g], 16), rows);
            }
        }
        if (!glyphs.containsKey(MISSING)) {
            throw new IllegalStateException("The font has no glyph U+FFFD for missing characters");
        }
        return new Font(glyphs);
    }
}
