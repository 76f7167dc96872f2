package io.holdfast.oled.impl.sink;

import io.holdfast.oled.impl.frame.Framebuffer;

/** Where frames go. Called from the display's one rendering thread only. */
public interface Sink extends AutoCloseable {

    /**
     * Shows a frame, if and when the sink wants to (a sink may skip frames that did not change, or come too soon).
     *
     * @param frame
     *            the frame; the sink must not keep it without copying
     * @param nowMillis
     *            a monotonic clock in milliseconds
     */
    void show(Framebuffer frame, long nowMillis);

    /** @return the sink's state in one line, for the console page */
    String status();

    /** Releases the sink; never throws. */
    @Override
    void close();
}
