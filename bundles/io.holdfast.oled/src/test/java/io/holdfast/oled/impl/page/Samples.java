package io.holdfast.oled.impl.page;

import io.holdfast.api.queue.QueueStats;
import io.holdfast.api.status.DeviceStatus;
import io.holdfast.api.status.GatewayStatus;
import io.holdfast.api.status.LinkStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A fixed gateway status for golden images and sink tests: what a small site looks like on a working day. */
public final class Samples {
    /** The time of every sample frame. */
    public static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    private Samples() {
    }

    /** @return the status of a small site: two links, four devices, a cloud connection that is up */
    public static GatewayStatus status() {
        LinkStatus tcp = new LinkStatus("io.holdfast.esp32.TcpLink.site", LinkStatus.Kind.TCP, LinkStatus.State.UP,
                "0.0.0.0:7420", NOW.minusSeconds(3600), null, 0, 5120, 2);
        LinkStatus serial = new LinkStatus("io.holdfast.esp32.SerialLink.usb", LinkStatus.Kind.SERIAL,
                LinkStatus.State.ERROR, "/dev/ttyUSB0 @115200", NOW.minusSeconds(40), "port unplugged", 3, 800, 0);
        LinkStatus cloud = new LinkStatus("holdfast-cloud", LinkStatus.Kind.CLOUD, LinkStatus.State.UP,
                "tcp://broker.example:1883 as gw-7", NOW.minusSeconds(7200), null, 1, 48_213, 0);
        List<DeviceStatus> devices = List.of(device("3C:E9:0E:72:12:4C", tcp.id(), -51, List.of("pt100", "rssi"), 3),
                device("40:91:51:CB:A4:64", tcp.id(), -72, List.of("temperature"), 12),
                device("24:6F:28:0A:11:9E", tcp.id(), null, List.of("temperature"), 95),
                device("A4:CF:12:99:01:7B", serial.id(), -88, List.of("vibration"), 40));
        QueueStats q = QueueStats.builder("default").depth(1234, 64, 185_100).oldestAge(Duration.ofSeconds(200))
                .capacity(10_000, 512L << 20).counters(50_000, 48_766, 0, 0, 0).rates(10.5, 9.8).build();
        return new GatewayStatus(NOW, List.of(tcp, serial, cloud), devices, List.of(q),
                Map.of(GatewayStatus.RATE_READINGS_IN, 10.5, GatewayStatus.RATE_PUBLISHED, 10.5,
                        GatewayStatus.RATE_CONFIRMED, 9.8),
                Map.of());
    }

    static DeviceStatus device(String mac, String link, Integer rssi, List<String> sensors, long secondsAgo) {
        return new DeviceStatus(mac, link, "0.3.1", "ESP32-WROOM", List.of(), sensors, NOW.minusSeconds(86_400),
                NOW.minusSeconds(secondsAgo), rssi, 1000, 0, 6.0);
    }

    /** @return a view of {@link #status()} with a minute of readings history and the alarms it raises */
    public static View view() {
        return view(status(), NOW.minusSeconds(3));
    }

    /**
     * @param s
     *            a status
     * @param lastConfirmed
     *            when a message was last confirmed
     *
     * @return a view of it with a fixed readings history
     */
    public static View view(GatewayStatus s, Instant lastConfirmed) {
        List<Double> history = new ArrayList<>();
        for (int i = 0; i < StatusTracker.HISTORY; i++) {
            history.add(8 + 4 * Math.sin(i / 6.0) + (i % 7 == 0 ? 3 : 0));
        }
        StatusTracker.Thresholds t = new StatusTracker.Thresholds(Duration.ofMinutes(10), 0.9, Duration.ofMinutes(15));
        StatusTracker tracker = new StatusTracker(NOW.minusSeconds(86_400));
        View alarmsOnly = tracker.update(s, NOW, t);
        return new View(s, NOW, lastConfirmed, alarmsOnly.cloudDownSince(), history, alarmsOnly.alarms());
    }

    /** @return the site with its cloud gone for 25 minutes and its store 95 % full: both take over the display */
    public static View outage() {
        GatewayStatus ok = status();
        List<LinkStatus> links = new ArrayList<>();
        for (LinkStatus l : ok.links()) {
            links.add(l.kind() != LinkStatus.Kind.CLOUD ? l : new LinkStatus(l.id(), l.kind(), LinkStatus.State.ERROR,
                    l.detail(), NOW.minusSeconds(1500), "connection refused", 9, l.messages(), 0));
        }
        QueueStats q = QueueStats.builder("default").depth(9_500, 0, 1_400_000).oldestAge(Duration.ofSeconds(1500))
                .capacity(10_000, 512L << 20).counters(58_000, 48_500, 0, 0, 0).rates(10.5, 0).build();
        GatewayStatus s = new GatewayStatus(NOW, links, ok.devices(), List.of(q), ok.rates(), Map.of());
        return view(s, NOW.minusSeconds(1500));
    }
}
