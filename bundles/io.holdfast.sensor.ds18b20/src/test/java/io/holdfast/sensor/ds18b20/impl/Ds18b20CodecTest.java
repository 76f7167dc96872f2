package io.holdfast.sensor.ds18b20.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.api.codec.Quality;
import io.holdfast.api.reading.Metric;
import java.util.List;
import java.util.Map;
import org.junit.Test;

/**
 * Against the Maxim Integrated DS18B20 datasheet (document 19-7487): section "Operation - Measuring Temperature" with
 * Figure 4 "Temperature Register Format" (the 1/16 °C two's-complement word; bits 2..0, 1..0 and 0 undefined at 9, 10
 * and 11 bit resolution) and Table 1 "Temperature/Data Relationship", whose note gives the power-on reset value +85 °C.
 */
public class Ds18b20CodecTest {

    private final Ds18b20Codec codec = new Ds18b20Codec();

    private List<Metric> register(int word, int bits) {
        return codec.decode("ds18b20", Map.of("raw", (long) word, "bits", (long) bits));
    }

    private static double temperature(List<Metric> m) {
        return m.stream().filter(x -> x.name().equals("temperature")).findFirst().orElseThrow().asDouble();
    }

    @Test
    public void everyRowOfTable1At12Bit() {
        Object[][] table1 = { { 0x07D0, 125.0 }, { 0x0191, 25.0625 }, { 0x00A2, 10.125 }, { 0x0008, 0.5 },
                { 0x0000, 0.0 }, { 0xFFF8, -0.5 }, { 0xFF5E, -10.125 }, { 0xFE6F, -25.0625 }, { 0xFC90, -55.0 } };
        for (Object[] row : table1) {
            assertThat(register((int) row[0], 12)).as("0x%04X", row[0])
                    .containsExactly(Metric.of("temperature", (double) row[1], "Cel"));
        }
    }

    @Test
    public void theUndefinedLowBitsAt9To11BitAreIgnored() {
        // +25.0625 °C (0x0191) has its lowest bit set: undefined at 11 bit and below
        assertThat(temperature(register(0x0191, 11))).isEqualTo(25.0);
        assertThat(temperature(register(0x0194, 10))).isEqualTo(25.25);
        assertThat(temperature(register(0x0197, 9))).isEqualTo(25.0);
        assertThat(temperature(register(0x00A2, 10))).isEqualTo(10.0);
        assertThat(temperature(register(0xFFF8, 9))).isEqualTo(-0.5);
    }

    @Test
    public void thePowerOnValueIsPublishedButFlagged() {
        List<Metric> m = register(0x0550, 12);
        assertThat(temperature(m)).isEqualTo(85.0);
        assertThat(Quality.suspects(m)).containsExactly(Ds18b20Codec.POWER_ON_VALUE);
        assertThat(Quality.suspects(codec.decode("ds18b20", Map.of("c", 85.0))))
                .containsExactly(Ds18b20Codec.POWER_ON_VALUE);
        assertThat(Quality.suspects(register(0x0551, 12))).isEmpty();
    }

    @Test
    public void aDisconnectedSensorIsAFaultWithoutATemperature() {
        List<Metric> ff = register(0xFFFF, 12);
        assertThat(Quality.faultOf(ff)).contains(Quality.DISCONNECTED);
        assertThat(ff).noneMatch(m -> m.name().equals("temperature")).contains(Metric.of("raw", 0xFFFFL, ""));
        assertThat(Quality.faultOf(codec.decode("ds18b20", Map.of("raw", -1L)))).contains(Quality.DISCONNECTED);
        assertThat(Quality.faultOf(codec.decode("ds18b20", Map.of("c", -127L)))).contains(Quality.DISCONNECTED);
    }

    @Test
    public void whatTheSensorCannotMeasureIsAFault() {
        assertThat(Quality.faultOf(register(0x0800, 12))).as("+128 °C").contains(Quality.OUT_OF_RANGE);
        assertThat(Quality.faultOf(register(0xFC80, 12))).as("-56 °C").contains(Quality.OUT_OF_RANGE);
        assertThat(Quality.faultOf(register(0x0191, 8))).contains(Quality.OUT_OF_RANGE);
        assertThat(Quality.faultOf(codec.decode("ds18b20", Map.of("raw", 70000L)))).contains(Quality.OUT_OF_RANGE);
        assertThat(Quality.faultOf(codec.decode("ds18b20", Map.of("raw", "0x0191")))).contains(Quality.NOT_A_NUMBER);
        assertThat(Quality.faultOf(codec.decode("ds18b20", Map.of()))).contains(Quality.MISSING);
    }
}
