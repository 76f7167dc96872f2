package io.holdfast.oled.impl.page;

import io.holdfast.oled.impl.frame.Framebuffer;
import java.time.Duration;
import java.util.List;

/**
 * Chooses what the display shows at a moment: the pages in rotation, one per interval, unless an alarm takes over; then
 * the alarm, blinking between inverted and plain every {@value #BLINK_MILLIS} ms.
 */
public final class Screen {
    /** Half period of the blinking. */
    public static final long BLINK_MILLIS = 500;

    private final List<Page> pages;
    private final long intervalMillis;

    /**
     * @param pages
     *            the pages in rotation (at least one)
     * @param interval
     *            how long each page stays (at least a second)
     */
    public Screen(List<Page> pages, Duration interval) {
        if (pages.isEmpty()) {
            throw new IllegalArgumentException("No pages to show");
        }
        this.pages = List.copyOf(pages);
        this.intervalMillis = Math.max(1000, interval.toMillis());
    }

    /**
     * Renders the frame for a moment.
     *
     * @param v
     *            what to show
     * @param elapsedMillis
     *            time since the display started
     *
     * @return the frame, upright (a panel mounted upside down is turned by its sink)
     */
    public Framebuffer render(View v, long elapsedMillis) {
        Framebuffer fb = new Framebuffer();
        if (v.overridden()) {
            PageRenderer.drawOverride(fb, v, (elapsedMillis / BLINK_MILLIS) % 2 == 0);
        } else {
            int i = (int) ((elapsedMillis / intervalMillis) % pages.size());
            PageRenderer.draw(fb, pages.get(i), v, i, pages.size());
        }
        return fb;
    }
}
