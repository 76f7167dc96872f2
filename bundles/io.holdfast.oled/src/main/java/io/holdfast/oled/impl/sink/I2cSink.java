package io.holdfast.oled.impl.sink;

import io.holdfast.oled.impl.frame.Framebuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SSD1306 on the gateway's I2C bus. A missing bus or device gives one log line, is retried with back-off (1 s,
 * doubling up to the maximum), and its reason stays in {@link #status()}; a write that fails closes the port and starts
 * the same cycle.
 */
public final class I2cSink implements Sink {
    private static final Logger LOG = LoggerFactory.getLogger(I2cSink.class);
    private static final long FIRST_BACKOFF_MILLIS = 1000;

    private final I2cPort.Opener opener;
    private final String where;
    private final int rotation;
    private final long maxBackoffMillis;
    private volatile int contrast;
    private I2cPort port;
    private Ssd1306 panel;
    private long backoff = FIRST_BACKOFF_MILLIS;
    private long nextAttempt = Long.MIN_VALUE;
    private String lastProblem;
    private volatile String status = "starting";

    /**
     * @param opener
     *            opens the device
     * @param where
     *            bus and address for messages ({@code /dev/i2c-1 @0x3C})
     * @param contrast
     *            0 to 255
     * @param rotation
     *            0 or 180
     * @param maxBackoffMillis
     *            the longest wait between attempts
     */
    public I2cSink(I2cPort.Opener opener, String where, int contrast, int rotation, long maxBackoffMillis) {
        this.opener = opener;
        this.where = where;
        this.contrast = contrast;
        this.rotation = rotation;
        this.maxBackoffMillis = maxBackoffMillis;
    }

    @Override
    public void show(Framebuffer frame, long nowMillis) {
        if (panel == null && !open(nowMillis)) {
            return;
        }
        try {
            panel.show(frame);
        } catch (RuntimeException e) {
            fail("write to SSD1306 at " + where + " failed: " + message(e), nowMillis);
        }
    }

    private boolean open(long nowMillis) {
        if (nowMillis < nextAttempt) {
            return false;
        }
        try {
            port = opener.open();
            panel = new Ssd1306(port);
            panel.init(contrast, rotation);
            backoff = FIRST_BACKOFF_MILLIS;
            status = "SSD1306 at " + where + ": on";
            if (lastProblem != null) {
                LOG.info("OLED: SSD1306 at {} is back", where);
            }
            lastProblem = null;
            return true;
        } catch (RuntimeException | LinkageError e) {
            fail("no SSD1306 at " + where + ": " + message(e), nowMillis);
            return false;
        }
    }

    private void fail(String problem, long nowMillis) {
        closePort();
        nextAttempt = nowMillis + backoff;
        status = problem + "; retrying every " + backoff / 1000 + " s";
        if (!problem.equals(lastProblem)) {
            LOG.warn("OLED: {}; retrying with back-off up to {} s", problem, maxBackoffMillis / 1000);
        }
        lastProblem = problem;
        backoff = Math.min(maxBackoffMillis, backoff * 2);
    }

    private static String message(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() == null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /**
     * Changes the contrast, in place when the panel is on.
     *
     * @param c
     *            0 to 255
     */
    public void contrast(int c) {
        this.contrast = c;
        if (panel != null) {
            panel.contrast(c);
        }
    }

    @Override
    public String status() {
        return status;
    }

    private void closePort() {
        if (port != null) {
            port.close();
        }
        port = null;
        panel = null;
    }

    @Override
    public void close() {
        if (panel != null) {
            try {
                panel.off();
            } catch (RuntimeException e) {
                // the panel is going away anyway
            }
        }
        closePort();
    }
}
