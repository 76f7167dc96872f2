package io.holdfast.api.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.api.queue.QueueStats;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class GatewayStatusTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    public void rssiPercentFollowsTheSeedFirmwareScale() {
        assertThat(DeviceStatus.rssiPercent(-90)).isZero();
        assertThat(DeviceStatus.rssiPercent(-120)).isZero();
        assertThat(DeviceStatus.rssiPercent(-30)).isEqualTo(100);
        assertThat(DeviceStatus.rssiPercent(-10)).isEqualTo(100);
        assertThat(DeviceStatus.rssiPercent(-60)).isEqualTo(50);
        assertThat(DeviceStatus.rssiPercent(-51)).isEqualTo(65);
        assertThat(DeviceStatus.rssiDbmFromPercent(65)).isEqualTo(-51);
        assertThat(DeviceStatus.rssiDbmFromPercent(150)).isEqualTo(-30);
    }

    @Test
    public void mergeConcatenatesSortsAndSums() {
        LinkStatus serial = new LinkStatus("serial-1", LinkStatus.Kind.SERIAL, LinkStatus.State.UP, "/dev/ttyUSB0", T0,
                null, 0, 10, 1);
        LinkStatus cloud = new LinkStatus("cloud-1", LinkStatus.Kind.CLOUD, LinkStatus.State.ERROR, "tcp://b:1883", T0,
                "connection refused", 3, 0, 0);
        QueueStats q = QueueStats.builder("default").depth(5, 2, 500).build();
        GatewayStatus driver = new GatewayStatus(T0, List.of(serial), List.of(), List.of(),
                Map.of(GatewayStatus.RATE_READINGS_IN, 10.0), Map.of(GatewayStatus.COUNTER_REJECTED_FRAMES, 1L));
        GatewayStatus other = new GatewayStatus(T0.plusSeconds(1), List.of(cloud), List.of(), List.of(q),
                Map.of(GatewayStatus.RATE_READINGS_IN, 5.0), Map.of());

        GatewayStatus merged = GatewayStatus.merge(List.of(driver, other));

        assertThat(merged.links()).extracting(LinkStatus::id).containsExactly("cloud-1", "serial-1");
        assertThat(merged.rate(GatewayStatus.RATE_READINGS_IN)).isEqualTo(15.0);
        assertThat(merged.counter(GatewayStatus.COUNTER_REJECTED_FRAMES)).isEqualTo(1L);
        assertThat(merged.counter("unknown")).isZero();
        assertThat(merged.backlogDepth()).isEqualTo(5);
        assertThat(merged.takenAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(GatewayStatus.merge(List.of()).links()).isEmpty();
    }
}
