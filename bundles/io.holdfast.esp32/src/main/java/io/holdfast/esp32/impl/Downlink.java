package io.holdfast.esp32.impl;

import io.holdfast.esp32.impl.ingest.DeviceDownlink;
import io.holdfast.esp32.impl.wire.FrameEncoder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * Downlink to devices through Event Admin, so that other bundles (the OLED renderer) need no API of this bundle.
 * <ul>
 * <li>{@value #TOPIC_OLED}: property {@code device} (MAC, or {@code *} / absent for every connected device), and either
 * {@code lines} (up to 8 strings, cut to 21 characters) or {@code bmp} (1024 bytes, SSD1306 page order).</li>
 * <li>{@value #TOPIC_CFG}: {@code device}, {@code interval} (reporting interval in ms).</li>
 * </ul>
 */
@Component(immediate = true, property = EventConstants.EVENT_TOPIC + "=" + Downlink.TOPIC_PREFIX + "*")
public class Downlink implements EventHandler {

    static final String TOPIC_PREFIX = "io/holdfast/esp32/downlink/";
    static final String TOPIC_OLED = TOPIC_PREFIX + "OLED";
    static final String TOPIC_CFG = TOPIC_PREFIX + "CFG";

    private final DeviceDownlink devices;

    @Activate
    public Downlink(@Reference DeviceDownlink devices) {
        this.devices = devices;
    }

    @Override
    public void handleEvent(Event event) {
        Object device = event.getProperty("device");
        String mac = device == null ? "*" : device.toString();
        String json = frame(event);
        if (json != null) {
            devices.send(mac, json);
        }
    }

    static String frame(Event event) {
        if (event.getTopic().equals(TOPIC_OLED)) {
            Object bmp = event.getProperty("bmp");
            if (bmp instanceof byte[] b && b.length == FrameEncoder.OLED_BITMAP_BYTES) {
                return FrameEncoder.oledBitmap(b);
            }
            List<String> lines = new ArrayList<>();
            Object l = event.getProperty("lines");
            if (l instanceof String[] a) {
                lines.addAll(List.of(a));
            } else if (l instanceof Collection<?> c) {
                c.forEach(x -> lines.add(String.valueOf(x)));
            } else {
                return null;
            }
            return FrameEncoder.oledLines(lines);
        }
        if (event.getTopic().equals(TOPIC_CFG) && event.getProperty("interval") instanceof Number n) {
            return FrameEncoder.config(n.longValue());
        }
        return null;
    }
}
