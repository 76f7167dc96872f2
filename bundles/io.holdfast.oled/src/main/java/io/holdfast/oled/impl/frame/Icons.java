package io.holdfast.oled.impl.frame;

/**
 * The small pictures of the status pages, each drawn into one 8-pixel text line: signal bars, a gauge, link up and
 * down.
 */
public final class Icons {
    /** Width of {@link #signal(Framebuffer, int, int, Integer)}. */
    public static final int SIGNAL_WIDTH = 11;
    /** Width of {@link #link(Framebuffer, int, int, boolean)}. */
    public static final int LINK_WIDTH = 7;

    private Icons() {
    }

    /**
     * Bars for a signal strength: four bars of rising height, as many lit as the signal deserves, the others drawn as a
     * dot at their foot; an unknown strength shows a dash.
     *
     * @param fb
     *            the frame
     * @param x
     *            left
     * @param y
     *            top of the 8-pixel line
     * @param rssiDbm
     *            dBm, or {@code null} when unknown
     */
    public static void signal(Framebuffer fb, int x, int y, Integer rssiDbm) {
        if (rssiDbm == null) {
            fb.fill(x + 2, y + 4, 7, 1, true);
            return;
        }
        int bars = bars(rssiDbm);
        for (int i = 0; i < 4; i++) {
            int h = 2 + i * 2 - (i == 3 ? 1 : 0);
            int bx = x + i * 3;
            if (i < bars) {
                fb.fill(bx, y + 7 - h, 2, h, true);
            } else {
                fb.fill(bx, y + 6, 2, 1, true);
            }
        }
    }

    /**
     * How many of four bars a signal strength earns (the thresholds of common WiFi indicators).
     *
     * @param rssiDbm
     *            dBm
     *
     * @return 0 to 4
     */
    public static int bars(int rssiDbm) {
        if (rssiDbm >= -55) {
            return 4;
        }
        if (rssiDbm >= -67) {
            return 3;
        }
        if (rssiDbm >= -78) {
            return 2;
        }
        return rssiDbm >= -89 ? 1 : 0;
    }

    /**
     * A horizontal gauge: an outline filled from the left in proportion.
     *
     * @param fb
     *            the frame
     * @param x
     *            left
     * @param y
     *            top
     * @param w
     *            width, outline included
     * @param h
     *            height, outline included
     * @param fraction
     *            0 to 1 (clamped)
     */
    public static void gauge(Framebuffer fb, int x, int y, int w, int h, double fraction) {
        fb.rect(x, y, w, h);
        double f = Double.isNaN(fraction) ? 0 : Math.max(0, Math.min(1, fraction));
        int filled = (int) Math.round((w - 4) * f);
        fb.fill(x + 2, y + 2, filled, h - 4, true);
        // tick marks at quarters, so that a gauge can be read without its number
        for (int q = 1; q < 4; q++) {
            int tx = x + 2 + (w - 4) * q / 4;
            fb.set(tx, y + h, true);
        }
    }

    /**
     * A link's state: a filled arrow pointing up when up, an outlined box with a cross when down.
     *
     * @param fb
     *            the frame
     * @param x
     *            left
     * @param y
     *            top of the 8-pixel line
     * @param up
     *            the link is up
     */
    public static void link(Framebuffer fb, int x, int y, boolean up) {
        if (up) {
            for (int row = 0; row < 4; row++) {
                fb.fill(x + 3 - row, y + 1 + row, 1 + row * 2, 1, true);
            }
            fb.fill(x + 2, y + 5, 3, 2, true);
        } else {
            fb.rect(x, y, 7, 7);
            for (int i = 1; i < 6; i++) {
                fb.set(x + i, y + i, true);
                fb.set(x + 6 - i, y + i, true);
            }
        }
    }
}
