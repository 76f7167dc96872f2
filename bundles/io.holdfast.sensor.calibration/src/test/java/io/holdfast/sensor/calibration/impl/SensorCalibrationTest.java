package io.holdfast.sensor.calibration.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.holdfast.testkit.ConfigAnnotations;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.Test;

public class SensorCalibrationTest {

    /** A configuration as DS would build it: the annotation's defaults, overridden by properties. */
    static SensorCalibrationConfig config(Map<String, Object> props) {
        return ConfigAnnotations.of(SensorCalibrationConfig.class, props);
    }

    @Test
    public void readsTheConfigurationAndNormalisesTheMac() {
        SensorCalibration c = new SensorCalibration(config(Map.of("device", "3c-e9-0e-72-12-4c", "offset", -0.12,
                "gain", 1.001, "r0", 100.04, "calibrated.on", "2026-01-15", "due.on", "2027-01-15")));
        assertThat(c.device()).isEqualTo("3C:E9:0E:72:12:4C");
        assertThat(c.sensorType()).isEqualTo("pt100");
        assertThat(c.metric()).isEmpty();
        assertThat(c.r0()).isEqualTo(100.04);
        assertThat(c.calibratedOn()).isEqualTo(LocalDate.of(2026, 1, 15));
        assertThat(c.apply(20.0)).isCloseTo(1.001 * 20 - 0.12, within(1e-12));
        assertThat(c.overdueAt(Instant.parse("2027-01-15T23:00:00Z"))).isFalse();
        assertThat(c.overdueAt(Instant.parse("2027-01-16T00:00:00Z"))).isTrue();
    }

    @Test
    public void r0ZeroMeansNominalAndNoDueDateIsNeverOverdue() {
        SensorCalibration c = new SensorCalibration(config(Map.of("device", "AA:BB:CC:DD:EE:FF")));
        assertThat(c.r0()).isNaN();
        assertThat(c.dueOn()).isNull();
        assertThat(c.overdueAt(Instant.parse("2100-01-01T00:00:00Z"))).isFalse();
    }

    @Test
    public void badValuesAreRejectedWithOneLineNamingTheProperty() {
        assertThatThrownBy(() -> new SensorCalibration(config(Map.of("device", ""))))
                .hasMessageContaining("device is empty");
        assertThatThrownBy(() -> new SensorCalibration(config(Map.of("device", "AA", "due.on", "31.12.2026"))))
                .hasMessageContaining("due.on is not a date");
        assertThatThrownBy(() -> new SensorCalibration(config(Map.of("device", "AA", "gain", 5.0))))
                .hasMessageContaining("gain in [0.5, 2]");
        assertThatThrownBy(() -> new SensorCalibration(
                config(Map.of("device", "AA", "calibrated.on", "2026-02-01", "due.on", "2026-01-01"))))
                        .hasMessageContaining("is before calibrated.on");
    }
}
