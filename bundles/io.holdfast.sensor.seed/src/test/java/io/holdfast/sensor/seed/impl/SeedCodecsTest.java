package io.holdfast.sensor.seed.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.api.codec.Calibration;
import io.holdfast.api.codec.CodecContext;
import io.holdfast.api.codec.Quality;
import io.holdfast.api.reading.Metric;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/** The seed's codecs, with the metric names and units the driver published when they lived in it. */
public class SeedCodecsTest {

    record Cal(String device, String sensorType, String metric, double offset, double gain, double r0,
            LocalDate calibratedOn, LocalDate dueOn) implements Calibration {
    }

    @Test
    public void rssiFromTheSeedsPercentAndFromDbm() {
        RssiCodec c = new RssiCodec();
        assertThat(c.decode("rssi", Map.of("rssi", 65L))).containsExactly(Metric.of("rssi", -51L, "dBm"),
                Metric.of("rssi.percent", 65L, "%"));
        assertThat(c.decode("rssi", Map.of("dbm", -51L))).containsExactly(Metric.of("rssi", -51L, "dBm"),
                Metric.of("rssi.percent", 65L, "%"));
        assertThat(c.decode("rssi", Map.of("rssi", -95L)).get(1)).isEqualTo(Metric.of("rssi.percent", 0L, "%"));
        assertThat(c.decode("rssi", Map.of("percent", 100L)).get(0)).isEqualTo(Metric.of("rssi", -30L, "dBm"));
    }

    @Test
    public void rssiThatADeviceGetsWrongIsAFaultNotAnException() {
        RssiCodec c = new RssiCodec();
        assertThat(Quality.faultOf(c.decode("rssi", Map.of("rssi", 300L)))).contains(Quality.OUT_OF_RANGE);
        assertThat(c.decode("rssi", Map.of("rssi", 300L))).contains(Metric.of("rssi.percent.reported", 300.0, "%"));
        assertThat(Quality.faultOf(c.decode("rssi", Map.of("dbm", -200L)))).contains(Quality.OUT_OF_RANGE);
        assertThat(Quality.faultOf(c.decode("rssi", Map.of("rssi", "x")))).contains(Quality.NOT_A_NUMBER);
        assertThat(Quality.faultOf(c.decode("rssi", Map.of()))).contains(Quality.MISSING);
    }

    @Test
    public void temperatureInCelsiusWithinTheSensorsRange() {
        TemperatureCodec c = new TemperatureCodec();
        assertThat(c.decode("temperature", Map.of("temperature", 21.37)))
                .containsExactly(Metric.of("temperature", 21.37, "Cel"));
        assertThat(c.decode("temperature", Map.of("c", 21L))).containsExactly(Metric.of("temperature", 21.0, "Cel"));
        List<Metric> hot = c.decode("temperature", Map.of("temperature", 500.0));
        assertThat(Quality.faultOf(hot)).contains(Quality.OUT_OF_RANGE);
        assertThat(hot).contains(Metric.of("temperature.reported", 500.0, "Cel"))
                .noneMatch(m -> m.name().equals("temperature"));
        assertThat(Quality.faultOf(c.decode("temperature", Map.of("temperature", -60L))))
                .contains(Quality.OUT_OF_RANGE);
    }

    @Test
    public void aNodesCalibrationCorrectsItsTemperatureAndAnOverdueOneIsFlagged() {
        TemperatureCodec c = new TemperatureCodec();
        c.addCalibration(new Cal("40:91:51:CB:A4:64", "temperature", "", 0.25, 1.0, Double.NaN,
                LocalDate.of(2025, 1, 10), LocalDate.of(2026, 1, 10)));
        CodecContext before = new CodecContext("3C:E9:0E:72:12:4C", "40:91:51:CB:A4:64", "temperature",
                Instant.parse("2026-01-10T18:00:00Z"));
        assertThat(c.decode(before, Map.of("temperature", 4.0))).containsExactly(Metric.of("temperature", 4.25, "Cel"),
                Metric.text(Quality.CALIBRATION_DUE, "2026-01-10"));
        CodecContext after = new CodecContext("3C:E9:0E:72:12:4C", "40:91:51:CB:A4:64", "temperature",
                Instant.parse("2026-01-11T00:00:00Z"));
        assertThat(Quality.suspects(c.decode(after, Map.of("temperature", 4.0))))
                .containsExactly(Quality.CALIBRATION_OVERDUE);
        // another node of the same device has no calibration
        CodecContext other = new CodecContext("3C:E9:0E:72:12:4C", "40:91:51:CB:A4:65", "temperature",
                Instant.parse("2026-01-11T00:00:00Z"));
        assertThat(c.decode(other, Map.of("temperature", 4.0))).containsExactly(Metric.of("temperature", 4.0, "Cel"));
    }
}
