package io.holdfast.sensor.pt100.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.holdfast.api.codec.Calibration;
import io.holdfast.api.codec.CodecContext;
import io.holdfast.api.codec.Quality;
import io.holdfast.api.reading.Metric;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class Pt100CodecTest {

    private static final String NODE = "40:91:51:CB:A4:64";
    private static final CodecContext CTX = new CodecContext("3C:E9:0E:72:12:4C", NODE, "pt100",
            Instant.parse("2026-06-01T00:00:00Z"));

    record Cal(String device, String sensorType, String metric, double offset, double gain, double r0,
            LocalDate calibratedOn, LocalDate dueOn) implements Calibration {
    }

    private final Pt100Codec codec = new Pt100Codec(new Pt100Codec.Settings(-50, 150, 100));

    private static double temperature(List<Metric> m) {
        return m.stream().filter(x -> x.name().equals("temperature")).findFirst().orElseThrow().asDouble();
    }

    @Test
    public void aLoopCurrentMapsLinearlyOntoTheConfiguredRange() {
        assertThat(codec.decode(CTX, Map.of("ma", 4.0))).containsExactly(Metric.of("temperature", -50.0, "Cel"),
                Metric.of("current", 4.0, "mA"));
        assertThat(temperature(codec.decode(CTX, Map.of("ma", 12L)))).isEqualTo(50.0);
        assertThat(temperature(codec.decode(CTX, Map.of("ma", 20.0)))).isEqualTo(150.0);
        assertThat(temperature(codec.decode(CTX, Map.of("ma", 12.31)))).isCloseTo(53.875, within(1e-9));
    }

    @Test
    public void namurNe43CurrentsOutsideTheBandAreFaultsWithoutATemperature() {
        List<Metric> low = codec.decode(CTX, Map.of("ma", 3.79));
        assertThat(Quality.faultOf(low)).contains(Pt100Codec.LOOP_LOW);
        assertThat(low).contains(Metric.of("current", 3.79, "mA")).noneMatch(m -> m.name().equals("temperature"));
        assertThat(Quality.faultOf(codec.decode(CTX, Map.of("ma", 0.0)))).contains(Pt100Codec.LOOP_LOW);
        assertThat(Quality.faultOf(codec.decode(CTX, Map.of("ma", 20.51)))).contains(Pt100Codec.LOOP_HIGH);
        assertThat(Quality.faultOf(codec.decode(CTX, Map.of("ma", 22.0)))).contains(Pt100Codec.LOOP_HIGH);
        // 3.8..4 and 20..20.5 mA are still measurements (the transmitter's under- and over-range), marked
        List<Metric> under = codec.decode(CTX, Map.of("ma", 3.8));
        assertThat(temperature(under)).isCloseTo(-52.5, within(1e-9));
        assertThat(Quality.suspects(under)).containsExactly(Pt100Codec.LOOP_BEYOND_SPAN);
        assertThat(Quality.suspects(codec.decode(CTX, Map.of("ma", 20.5))))
                .containsExactly(Pt100Codec.LOOP_BEYOND_SPAN);
    }

    @Test
    public void aResistanceIsConvertedWithCallendarVanDusen() {
        // IEC 60751:2008 Table 1: 80.31 ohm is -50 °C, 138.51 ohm is 100 °C
        assertThat(temperature(codec.decode(CTX, Map.of("ohm", 80.31)))).isCloseTo(-50, within(0.015));
        assertThat(codec.decode(CTX, Map.of("ohm", 138.51))).contains(Metric.of("resistance", 138.51, "Ohm"));
        assertThat(temperature(codec.decode(CTX, Map.of("ohm", 138.51)))).isCloseTo(100, within(0.015));
    }

    @Test
    public void anOpenOrShortedSensorIsAFault() {
        assertThat(Quality.faultOf(codec.decode(CTX, Map.of("ohm", 5000.0)))).contains(Quality.OUT_OF_RANGE);
        assertThat(Quality.faultOf(codec.decode(CTX, Map.of("ohm", 0.2)))).contains(Quality.OUT_OF_RANGE);
        assertThat(Quality.faultOf(codec.decode(CTX, Map.of("ohm", "open")))).contains(Quality.NOT_A_NUMBER);
        assertThat(Quality.faultOf(codec.decode(CTX, Map.of("v", 1.0)))).contains(Quality.MISSING);
        assertThat(Quality.faultOf(codec.decode("pt100", Map.of()))).contains(Quality.MISSING);
    }

    @Test
    public void theSensorsCalibratedR0OffsetAndGainApply() {
        // a sensor that reads 100.04 ohm at 0 °C: with its R0, 100.04 ohm is 0 °C
        codec.addCalibration(
                new Cal(NODE, "pt100", "", 0.1, 1.0, 100.04, LocalDate.of(2026, 1, 1), LocalDate.of(2027, 1, 1)));
        List<Metric> m = codec.decode(CTX, Map.of("ohm", 100.04));
        assertThat(temperature(m)).isCloseTo(0.1, within(1e-9));
        assertThat(m).contains(Metric.text(Quality.CALIBRATION_DUE, "2027-01-01"));
        assertThat(Quality.suspects(m)).isEmpty();
        assertThat(temperature(codec.decode(CTX, Map.of("ma", 12.0)))).isCloseTo(50.1, within(1e-9));
        // another device's sensor is not affected
        CodecContext other = new CodecContext("AA:BB:CC:DD:EE:FF", "AA:BB:CC:DD:EE:FF", "pt100", CTX.time());
        assertThat(temperature(codec.decode(other, Map.of("ohm", 100.0)))).isCloseTo(0, within(1e-9));
    }

    @Test
    public void anOverdueCalibrationFlagsTheReading() {
        codec.addCalibration(new Cal(NODE, "pt100", "", 0, 1.0, 0, LocalDate.of(2025, 1, 1), LocalDate.of(2026, 1, 1)));
        List<Metric> m = codec.decode(CTX, Map.of("ma", 12.0));
        assertThat(temperature(m)).isEqualTo(50.0);
        assertThat(Quality.suspects(m)).containsExactly(Quality.CALIBRATION_OVERDUE);
    }
}
