package io.holdfast.console.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.api.queue.QueueStats;
import io.holdfast.api.status.DeviceStatus;
import io.holdfast.api.status.GatewayStatus;
import io.holdfast.api.status.LinkStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class StatusRendererTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private static GatewayStatus sample(String deviceId) {
        LinkStatus link = new LinkStatus("serial-1", LinkStatus.Kind.SERIAL, LinkStatus.State.ERROR, "/dev/ttyUSB0", T0,
                "port \"gone\"", 2, 10, 1);
        DeviceStatus device = new DeviceStatus(deviceId, "serial-1", "0.3.1", "ESP32-WROOM", List.of("AA"),
                List.of("pt100"), T0, T0, -51, 100, 3, 6.0);
        QueueStats q = QueueStats.builder("default").depth(5, 1, 500).oldestAge(Duration.ofSeconds(42)).build();
        return new GatewayStatus(T0, List.of(link), List.of(device), List.of(q),
                Map.of(GatewayStatus.RATE_READINGS_IN, 12.5), Map.of(GatewayStatus.COUNTER_REJECTED_FRAMES, 7L));
    }

    @Test
    public void htmlEscapesWhatDevicesSent() {
        String html = StatusRenderer.html(sample("<script>alert(1)</script>"), 1);

        assertThat(html).doesNotContain("<script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(html).contains("port &quot;gone&quot;").contains("-51 dBm (65 %)").contains("42 s");
        assertThat(html).contains("readings.in /s").contains("12.5").contains("frames.rejected");
    }

    @Test
    public void emptyStatusSaysNone() {
        assertThat(StatusRenderer.html(GatewayStatus.empty(), 0)).contains("0 status provider(s)").contains("None.");
    }

    @Test
    public void jsonCarriesEveryPartAndEscapesStrings() {
        String json = StatusRenderer.json(sample("3C:E9:0E:72:12:4C"));

        assertThat(json).startsWith("{\"takenAt\":\"2026-11-22T10:00:00Z\"").endsWith("}");
        assertThat(json).contains("\"deviceId\":\"3C:E9:0E:72:12:4C\"").contains("\"rssiPercent\":65")
                .contains("\"lastError\":\"port \\\"gone\\\"\"").contains("\"depth\":5")
                .contains("\"oldestAgeSeconds\":42").contains("\"readings.in\":12.5").contains("\"frames.rejected\":7");
        assertThat(StatusRenderer.str("a</script>\n")).isEqualTo("\"a\\u003c/script\\u003e\\n\"");
        assertThat(StatusRenderer.str(null)).isEqualTo("null");
    }
}
