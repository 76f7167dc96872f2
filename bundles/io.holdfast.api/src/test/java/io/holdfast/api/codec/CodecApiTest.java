package io.holdfast.api.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.api.reading.Metric;
import io.holdfast.api.reading.Reading;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class CodecApiTest {

    private static final Instant T = Instant.parse("2026-06-01T12:00:00Z");
    private static final CodecContext NODE = new CodecContext("3C:E9:0E:72:12:4C", "40:91:51:CB:A4:64", "pt100", T);

    record Cal(String device, String sensorType, String metric, double offset, double gain, double r0,
            LocalDate calibratedOn, LocalDate dueOn) implements Calibration {
    }

    @Test
    public void aCodecWrittenForTheOldFormIsCalledThroughTheNewOne() throws Exception {
        SensorCodec old = (type, raw) -> List.of(Metric.text("type", type), Metric.of("n", (long) raw.size(), ""));
        assertThat(old.decode(NODE, Map.of("a", 1L))).containsExactly(Metric.text("type", "pt100"),
                Metric.of("n", 1L, ""));
    }

    @Test
    public void theContextOfAReadingIsItsDeviceSourceTypeAndTime() {
        Reading r = Reading.builder().deviceId("3C:E9:0E:72:12:4C").source("40:91:51:CB:A4:64").sensorType("pt100")
                .seq(7).receivedAt(T.plusSeconds(1)).deviceTime(T).build();
        assertThat(CodecContext.of(r)).isEqualTo(NODE);
        assertThat(CodecContext.anonymous("rssi").deviceId()).isEqualTo(CodecContext.UNKNOWN_DEVICE);
    }

    @Test
    public void theSourcesCalibrationWinsOverTheDevicesAndAnOverdueOneMarksTheValue() {
        CalibrationIndex index = new CalibrationIndex();
        List<Metric> decoded = List.of(Metric.of("temperature", 10.0, "Cel"), Metric.of("current", 7.2, "mA"));
        assertThat(index.calibrate(NODE, decoded, "temperature")).isSameAs(decoded);

        Cal device = new Cal("3c:e9:0e:72:12:4c", "pt100", "", 1.0, 1.0, Double.NaN, null, LocalDate.of(2027, 1, 1));
        index.add(device);
        assertThat(index.calibrate(NODE, decoded, "temperature")).containsExactly(Metric.of("temperature", 11.0, "Cel"),
                Metric.of("current", 7.2, "mA"), Metric.text(Quality.CALIBRATION_DUE, "2027-01-01"));

        Cal source = new Cal("40:91:51:CB:A4:64", "pt100", "", -0.5, 2.0, 100.1, LocalDate.of(2025, 5, 1),
                LocalDate.of(2026, 5, 31));
        index.add(source);
        List<Metric> out = index.calibrate(NODE, decoded, "temperature");
        assertThat(out).contains(Metric.of("temperature", 19.5, "Cel"),
                Metric.text(Quality.CALIBRATION_DUE, "2026-05-31"));
        assertThat(Quality.suspects(out)).containsExactly(Quality.CALIBRATION_OVERDUE);
        assertThat(source.overdueAt(Instant.parse("2026-05-31T23:59:59Z"))).isFalse();
        assertThat(source.overdueAt(Instant.parse("2026-06-01T00:00:00Z"))).isTrue();

        index.remove(source);
        assertThat(index.find(NODE, "")).isSameAs(device);
        assertThat(index.find(new CodecContext("AA:BB:CC:DD:EE:FF", "AA:BB:CC:DD:EE:FF", "pt100", T), "")).isNull();
    }

    @Test
    public void aFaultCarriesItsCodeMessageAndEvidenceAndIsNotCalibrated() {
        List<Metric> f = Quality.fault("loop.current.low", "3.1 mA is below 3.8 mA", Metric.of("current", 3.1, "mA"));
        assertThat(Quality.faultOf(f)).contains("loop.current.low");
        assertThat(f).containsExactly(Metric.text(Quality.FAULT, "loop.current.low"),
                Metric.text(Quality.FAULT_MESSAGE, "3.1 mA is below 3.8 mA"), Metric.of("current", 3.1, "mA"));
        CalibrationIndex index = new CalibrationIndex();
        index.add(new Cal("40:91:51:CB:A4:64", "pt100", "current", 1, 1, Double.NaN, null, null));
        assertThat(index.calibrate(NODE, f, "temperature")).isSameAs(f);
        assertThat(Quality.faultOf(List.of(Metric.of("t", 1.0, "Cel")))).isEmpty();
    }

    @Test
    public void suspectCodesMergeSorted() {
        List<Metric> m = Quality.suspect(List.of(Metric.of("t", 85.0, "Cel")), "sensor.power.on.value");
        m = Quality.suspect(m, Quality.CALIBRATION_OVERDUE);
        assertThat(m).containsExactly(Metric.of("t", 85.0, "Cel"),
                Metric.text(Quality.SUSPECT, "calibration.overdue,sensor.power.on.value"));
    }
}
