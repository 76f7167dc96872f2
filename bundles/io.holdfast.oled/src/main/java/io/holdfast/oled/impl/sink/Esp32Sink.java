package io.holdfast.oled.impl.sink;

import io.holdfast.oled.impl.frame.Framebuffer;
import java.util.Map;
import java.util.function.Consumer;
import org.osgi.service.event.Event;

/**
 * The ESP32 gateway device's own OLED, through the driver's Event Admin downlink ({@value #TOPIC}, properties
 * {@code device} and {@code bmp}, 1024 bytes in SSD1306 page order). Only a frame that changed is sent, and at most one
 * per interval, so that a slow serial link is not flooded.
 */
public final class Esp32Sink implements Sink {
    /** The driver's downlink topic for the OLED. */
    public static final String TOPIC = "io/holdfast/esp32/downlink/OLED";

    private final Consumer<Event> poster;
    private final String device;
    private final long minIntervalMillis;
    private Framebuffer sent;
    private long lastSent = Long.MIN_VALUE / 2;
    private volatile long frames;

    /**
     * @param poster
     *            posts an event asynchronously (Event Admin's postEvent), or drops it when there is none
     * @param device
     *            a MAC, or {@code *} for every connected device
     * @param minIntervalMillis
     *            the shortest time between two frames
     */
    public Esp32Sink(Consumer<Event> poster, String device, long minIntervalMillis) {
        this.poster = poster;
        this.device = device;
        this.minIntervalMillis = minIntervalMillis;
    }

    @Override
    public void show(Framebuffer frame, long nowMillis) {
        if (frame.equals(sent) || nowMillis - lastSent < minIntervalMillis) {
            return;
        }
        poster.accept(new Event(TOPIC, Map.of("device", device, "bmp", frame.toPageOrder())));
        sent = frame.copy();
        lastSent = nowMillis;
        frames++;
    }

    @Override
    public String status() {
        return "ESP32 OLED (" + device + "): " + frames + " frames sent, at most one per " + minIntervalMillis + " ms";
    }

    @Override
    public void close() {
        // nothing held
    }
}
