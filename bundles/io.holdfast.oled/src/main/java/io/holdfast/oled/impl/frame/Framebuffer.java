package io.holdfast.oled.impl.frame;

import java.util.Arrays;

/**
 * A 128x64 one-bit picture, stored as the SSD1306 holds it: 8 pages of 128 column bytes, bit n of a byte being row
 * {@code page * 8 + n}. Not thread-safe: one renderer draws into it; others get a {@link #copy()}.
 */
public final class Framebuffer {
    /** Width in pixels. */
    public static final int WIDTH = 128;
    /** Height in pixels. */
    public static final int HEIGHT = 64;
    /** Pages of 8 rows. */
    public static final int PAGES = HEIGHT / 8;
    /** Bytes of a whole frame. */
    public static final int BYTES = WIDTH * PAGES;

    private final byte[] pages;

    /** A blank frame. */
    public Framebuffer() {
        this.pages = new byte[BYTES];
    }

    private Framebuffer(byte[] pages) {
        this.pages = pages;
    }

    /**
     * A frame from bytes in SSD1306 page order.
     *
     * @param pageOrder
     *            {@value #BYTES} bytes
     *
     * @return the frame (a copy)
     */
    public static Framebuffer of(byte[] pageOrder) {
        if (pageOrder.length != BYTES) {
            throw new IllegalArgumentException("A frame is " + BYTES + " bytes, not " + pageOrder.length);
        }
        return new Framebuffer(pageOrder.clone());
    }

    /** @return a copy of the bytes in SSD1306 page order */
    public byte[] toPageOrder() {
        return pages.clone();
    }

    /**
     * The bytes of one page.
     *
     * @param page
     *            0 to 7
     *
     * @return 128 column bytes (a copy)
     */
    public byte[] page(int page) {
        return Arrays.copyOfRange(pages, page * WIDTH, (page + 1) * WIDTH);
    }

    /**
     * Whether a page differs from the same page of another frame.
     *
     * @param other
     *            the other frame, or {@code null} (then every page differs)
     * @param page
     *            0 to 7
     *
     * @return {@code true} when they differ
     */
    public boolean pageDiffers(Framebuffer other, int page) {
        return other == null || !Arrays.equals(pages, page * WIDTH, (page + 1) * WIDTH, other.pages, page * WIDTH,
                (page + 1) * WIDTH);
    }

    /** @return an independent copy */
    public Framebuffer copy() {
        return new Framebuffer(pages.clone());
    }

    /** Turns every pixel off. */
    public void clear() {
        Arrays.fill(pages, (byte) 0);
    }

    /**
     * @param x
     *            column
     * @param y
     *            row
     *
     * @return whether the pixel is on; {@code false} outside the frame
     */
    public boolean get(int x, int y) {
        if (x < 0 || y < 0 || x >= WIDTH || y >= HEIGHT) {
            return false;
        }
        return (pages[(y >> 3) * WIDTH + x] & (1 << (y & 7))) != 0;
    }

    /**
     * Sets one pixel; pixels outside the frame are ignored (clipping).
     *
     * @param x
     *            column
     * @param y
     *            row
     * @param on
     *            lit or dark
     */
    public void set(int x, int y, boolean on) {
        if (x < 0 || y < 0 || x >= WIDTH || y >= HEIGHT) {
            return;
        }
        int i = (y >> 3) * WIDTH + x;
        if (on) {
            pages[i] |= (byte) (1 << (y & 7));
        } else {
            pages[i] &= (byte) ~(1 << (y & 7));
        }
    }

    /**
     * Fills a rectangle.
     *
     * @param x
     *            left
     * @param y
     *            top
     * @param w
     *            width
     * @param h
     *            height
     * @param on
     *            lit or dark
     */
    public void fill(int x, int y, int w, int h, boolean on) {
        for (int j = y; j < y + h; j++) {
            for (int i = x; i < x + w; i++) {
                set(i, j, on);
            }
        }
    }

    /**
     * Draws the outline of a rectangle.
     *
     * @param x
     *            left
     * @param y
     *            top
     * @param w
     *            width
     * @param h
     *            height
     */
    public void rect(int x, int y, int w, int h) {
        fill(x, y, w, 1, true);
        fill(x, y + h - 1, w, 1, true);
        fill(x, y, 1, h, true);
        fill(x + w - 1, y, 1, h, true);
    }

    /**
     * Inverts a rectangle.
     *
     * @param x
     *            left
     * @param y
     *            top
     * @param w
     *            width
     * @param h
     *            height
     */
    public void invert(int x, int y, int w, int h) {
        for (int j = y; j < y + h; j++) {
            for (int i = x; i < x + w; i++) {
                set(i, j, !get(i, j));
            }
        }
    }

    /** Inverts the whole frame. */
    public void invert() {
        for (int i = 0; i < pages.length; i++) {
            pages[i] = (byte) ~pages[i];
        }
    }

    /**
     * The frame turned by 180 degrees (a panel mounted upside down).
     *
     * @return a new frame
     */
    public Framebuffer rotated180() {
        byte[] r = new byte[BYTES];
        for (int i = 0; i < BYTES; i++) {
            r[BYTES - 1 - i] = (byte) (Integer.reverse(pages[i] & 0xFF) >>> 24);
        }
        return new Framebuffer(r);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Framebuffer f && Arrays.equals(pages, f.pages);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(pages);
    }

    /** @return the frame as 64 lines of {@code #} and {@code .}, for test failure messages */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(HEIGHT * (WIDTH + 1));
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                b.append(get(x, y) ? '#' : '.');
            }
            b.append('\n');
        }
        return b.toString();
    }
}
