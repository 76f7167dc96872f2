package io.holdfast.api.reading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.Test;

public class ReadingTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    public void sourceAndDeviceTimeDefaultToDeviceAndReceiveTime() {
        Reading r = Reading.builder().deviceId("3C:E9:0E:72:12:4C").sensorType("pt100").seq(7).receivedAt(NOW)
                .metric(Metric.of("current", 12.31, "mA")).build();

        assertThat(r.source()).isEqualTo("3C:E9:0E:72:12:4C");
        assertThat(r.deviceTime()).isEqualTo(NOW);
        assertThat(r.identity()).isEqualTo("3C:E9:0E:72:12:4C#7");
        assertThat(r.flags()).isEmpty();
    }

    @Test
    public void relayedReadingIsIdentifiedBySourceNode() {
        Reading r = Reading.builder().deviceId("AA:AA:AA:AA:AA:AA").source("BB:BB:BB:BB:BB:BB").sensorType("t")
                .seq(Reading.MAX_SEQ).receivedAt(NOW).build();

        assertThat(r.identity()).isEqualTo("BB:BB:BB:BB:BB:BB#4294967295");
    }

    @Test
    public void rejectsSeqOutsideUnsigned32Bits() {
        assertThatThrownBy(
                () -> Reading.builder().deviceId("d").sensorType("t").seq(Reading.MAX_SEQ + 1).receivedAt(NOW).build())
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seq");
        assertThatThrownBy(() -> Reading.builder().deviceId("d").sensorType("t").seq(-1).receivedAt(NOW).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    public void rejectsMissingRequiredValues() {
        assertThatThrownBy(() -> Reading.builder().sensorType("t").receivedAt(NOW).build())
                .isInstanceOf(NullPointerException.class).hasMessage("deviceId");
        assertThatThrownBy(() -> Reading.builder().deviceId(" ").sensorType("t").receivedAt(NOW).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deviceId");
        assertThatThrownBy(() -> Reading.builder().deviceId("d").sensorType("t").build())
                .isInstanceOf(NullPointerException.class).hasMessage("receivedAt");
    }

    @Test
    public void isImmutableAndCopiesThroughBuilder() {
        Reading r = Reading.builder().deviceId("d").sensorType("t").seq(1).receivedAt(NOW).raw(Map.of("ma", 12.3))
                .flag(ReadingFlag.UNDECODED).build();
        Reading decoded = r.toBuilder().clearFlag(ReadingFlag.UNDECODED).metric(Metric.of("t", 21.5, "Cel")).build();

        assertThatThrownBy(() -> r.metrics().add(Metric.of("x", 1L, "")))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(r.has(ReadingFlag.UNDECODED)).isTrue();
        assertThat(decoded.has(ReadingFlag.UNDECODED)).isFalse();
        assertThat(decoded.raw()).isEqualTo(r.raw());
        assertThat(decoded.metrics()).containsExactly(Metric.of("t", 21.5, "Cel"));
        assertThat(r.toBuilder().build()).isEqualTo(r);
    }

    @Test
    public void metricRejectsNonFiniteAndUnsupportedValues() {
        assertThatThrownBy(() -> Metric.of("t", Double.NaN, "Cel")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("finite");
        assertThatThrownBy(() -> new Metric("t", new Object(), "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsupported");
        assertThatThrownBy(() -> Metric.of("", 1.0, "")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Metric.of("n", 3L, "").asDouble()).isEqualTo(3.0);
        assertThatThrownBy(() -> Metric.text("s", "x").asDouble()).isInstanceOf(IllegalStateException.class);
    }
}
