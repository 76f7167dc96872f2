package io.holdfast.sensor.bme280.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.holdfast.api.codec.Quality;
import io.holdfast.api.reading.Metric;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * Temperature and pressure against the worked example Bosch Sensortec publishes for these formulas: the BMP280
 * datasheet (BST-BMP280-DS001), section 3.12 "Calculating pressure and temperature", table "Compensation computation
 * example" (dig_T1..3, dig_P1..9, adc_T = 519888, adc_P = 415148 give 25.08 °C and 100653.27 Pa). The BME280 datasheet
 * (BST-BME280-DS002) section 4.2.3 uses the same temperature and pressure formulas and the same calibration layout, and
 * gives no numeric example of its own. Humidity (BME280 only) is checked against the datasheet's other form of the same
 * compensation, the double-precision formula of its section 8.1, for a calibration typical of production sensors.
 */
public class Bme280CodecTest {

    private static final Map<String, Object> CAL = new HashMap<>();
    static {
        Object[] words = { "t1", 27504L, "t2", 26435L, "t3", -1000L, "p1", 36477L, "p2", -10685L, "p3", 3024L, "p4",
                2855L, "p5", 140L, "p6", -7L, "p7", 15500L, "p8", -14600L, "p9", 6000L, "h1", 75L, "h2", 362L, "h3", 0L,
                "h4", 313L, "h5", 50L, "h6", 30L };
        for (int i = 0; i < words.length; i += 2) {
            CAL.put((String) words[i], words[i + 1]);
        }
    }

    private final Bme280Codec codec = new Bme280Codec();

    private static double value(List<Metric> m, String name) {
        return m.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow().asDouble();
    }

    private static Map<String, Object> raw(long adcT, long adcP, long adcH) {
        return Map.of("adc_t", adcT, "adc_p", adcP, "adc_h", adcH, "cal", CAL);
    }

    @Test
    public void theDatasheetsWorkedExampleForTemperatureAndPressure() {
        Compensation c = compensation();
        int tFine = c.tFine(519888);
        assertThat(tFine).as("t_fine in the example").isEqualTo(128422);
        assertThat(Compensation.temperature(tFine)).isEqualTo(2508);
        // the example's figures come from the double-precision form; the 64-bit integer form resolves 1/256 Pa and
        // lands within 0.02 Pa of it
        double var1 = (519888 / 16384.0 - c.t1() / 1024.0) * c.t2();
        double var2 = Math.pow(519888 / 131072.0 - c.t1() / 8192.0, 2) * c.t3();
        assertThat(var1).isCloseTo(128793.1787, within(1e-4));
        assertThat(var2).isCloseTo(-370.8917052, within(1e-7));
        assertThat(doublePressure(415148, var1 + var2, c)).isCloseTo(100653.27, within(0.005));
        assertThat(c.pressure(415148, tFine) / 256.0).isCloseTo(100653.27, within(0.02));

        List<Metric> m = codec.decode("bme280", raw(519888, 415148, 30000));
        assertThat(m.get(0)).isEqualTo(Metric.of("temperature", 25.08, "Cel"));
        assertThat(m.get(1).name()).isEqualTo("pressure");
        assertThat(m.get(1).unit()).isEqualTo("Pa");
        assertThat(m.get(1).asDouble()).isCloseTo(100653.27, within(0.02));
    }

    /** The datasheet's double-precision pressure compensation (BMP280 section 3.12, BME280 section 8.1). */
    private static double doublePressure(int adcP, double tFine, Compensation c) {
        double var1 = tFine / 2.0 - 64000.0;
        double var2 = var1 * var1 * c.p6() / 32768.0;
        var2 = var2 + var1 * c.p5() * 2.0;
        var2 = var2 / 4.0 + c.p4() * 65536.0;
        var1 = (c.p3() * var1 * var1 / 524288.0 + c.p2() * var1) / 524288.0;
        var1 = (1.0 + var1 / 32768.0) * c.p1();
        double p = 1048576.0 - adcP;
        p = (p - var2 / 4096.0) * 6250.0 / var1;
        var1 = c.p9() * p * p / 2147483648.0;
        var2 = p * c.p8() / 32768.0;
        return p + (var1 + var2 + c.p7()) / 16.0;
    }

    @Test
    public void humidityAgreesWithTheDatasheetsDoublePrecisionFormula() {
        Compensation c = compensation();
        int tFine = c.tFine(519888);
        for (int adcH = 20000; adcH <= 40000; adcH += 1000) {
            double integer = c.humidity(adcH, tFine) / 1024.0;
            assertThat(integer).as("adc_H %s", adcH).isCloseTo(doubleHumidity(adcH, tFine, c), within(0.01));
        }
        List<Metric> m = codec.decode("bme280", raw(519888, 415148, 30000));
        assertThat(m.get(2).name()).isEqualTo("humidity");
        assertThat(m.get(2).unit()).isEqualTo("%");
        assertThat(m.get(2).asDouble()).isCloseTo(doubleHumidity(30000, tFine, c), within(0.01));
    }

    /** BME280 datasheet section 8.1, "Humidity compensation" in double precision. */
    private static double doubleHumidity(int adcH, int tFine, Compensation c) {
        double h = tFine - 76800.0;
        h = (adcH - (c.h4() * 64.0 + c.h5() / 16384.0 * h))
                * (c.h2() / 65536.0 * (1.0 + c.h6() / 67108864.0 * h * (1.0 + c.h3() / 67108864.0 * h)));
        h = h * (1.0 - c.h1() * h / 524288.0);
        return Math.max(0, Math.min(100, h));
    }

    @Test
    public void skippedMeasurementsAreLeftOutAndASkippedTemperatureIsAFault() {
        List<Metric> m = codec.decode("bme280", raw(519888, 0x80000, 0x8000));
        assertThat(m).extracting(Metric::name).containsExactly("temperature");
        assertThat(Quality.faultOf(codec.decode("bme280", raw(0x80000, 415148, 30000)))).contains(Quality.MISSING);
    }

    @Test
    public void compensatedValuesPassThroughWithinTheOperatingRange() {
        assertThat(codec.decode("bme280", Map.of("t", 21.5, "p", 101325.0, "h", 45L))).containsExactly(
                Metric.of("temperature", 21.5, "Cel"), Metric.of("pressure", 101325.0, "Pa"),
                Metric.of("humidity", 45.0, "%"));
        assertThat(Quality.faultOf(codec.decode("bme280", Map.of("t", 21.5, "p", 20000.0))))
                .contains(Quality.OUT_OF_RANGE);
        assertThat(Quality.faultOf(codec.decode("bme280", Map.of("t", 90.0)))).contains(Quality.OUT_OF_RANGE);
        assertThat(Quality.faultOf(codec.decode("bme280", Map.of("t", 20.0, "h", 101.0))))
                .contains(Quality.OUT_OF_RANGE);
    }

    @Test
    public void badCalibrationWordsAndAdcValuesAreFaults() {
        assertThat(Quality.faultOf(codec.decode("bme280", Map.of("adc_t", 519888L)))).contains(Quality.MISSING);
        Map<String, Object> cal = new HashMap<>(CAL);
        cal.put("h6", 300L);
        assertThat(Quality.faultOf(codec.decode("bme280", Map.of("adc_t", 519888L, "cal", cal))))
                .contains(Quality.OUT_OF_RANGE);
        cal = new HashMap<>(CAL);
        cal.remove("p9");
        assertThat(Quality.faultOf(codec.decode("bme280", Map.of("adc_t", 519888L, "cal", cal))))
                .contains(Quality.MISSING);
        cal = new HashMap<>(CAL);
        cal.put("p1", 0L);
        assertThat(Quality.faultOf(codec.decode("bme280", Map.of("adc_t", 519888L, "adc_p", 415148L, "cal", cal))))
                .contains(Quality.OUT_OF_RANGE);
        assertThat(Quality.faultOf(codec.decode("bme280", raw(2_000_000, 415148, 30000))))
                .contains(Quality.OUT_OF_RANGE);
    }

    private static Compensation compensation() {
        return new Compensation(27504, 26435, -1000, 36477, -10685, 3024, 2855, 140, -7, 15500, -14600, 6000, 75, 362,
                0, 313, 50, 30);
    }
}
