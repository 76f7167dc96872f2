package io.holdfast.sensor.ds18b20.impl;

import io.holdfast.api.codec.Calibration;
import io.holdfast.api.codec.CalibrationIndex;
import io.holdfast.api.codec.CodecContext;
import io.holdfast.api.codec.Quality;
import io.holdfast.api.codec.RawValues;
import io.holdfast.api.codec.SensorCodec;
import io.holdfast.api.reading.Metric;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Maxim DS18B20 readings to °C. A reading carries the temperature register as the sensor sent it
 * ({@code {"raw":401,"bits":12}}: a 16-bit two's-complement value in 1/16 °C, at 9 to 12 bit resolution, where the
 * undefined low bits are ignored), or a temperature a driver library already converted ({@code {"c":25.06}}).
 * <ul>
 * <li>{@code 0xFFFF} (a bus with no sensor answering reads all ones) and the libraries' -127 °C are the fault
 * {@value Quality#DISCONNECTED};</li>
 * <li>85 °C ({@code 0x0550}), the register's power-on value, is published with the suspect code
 * {@value #POWER_ON_VALUE}: a sensor read before its first conversion (a brown-out) reports it;</li>
 * <li>values outside the sensor's range, -55 to +125 °C, are the fault {@value Quality#OUT_OF_RANGE}.</li>
 * </ul>
 */
@Component(property = SensorCodec.SENSOR_TYPE + "=" + Ds18b20Codec.TYPE)
public class Ds18b20Codec implements SensorCodec {

    static final String TYPE = "ds18b20";
    /** Suspect: the register's power-on value, 85 °C. */
    static final String POWER_ON_VALUE = "sensor.power.on.value";
    static final int POWER_ON_RAW = 0x0550;
    static final int DISCONNECTED_RAW = 0xFFFF;
    static final double DISCONNECTED_C = -127;
    static final double MIN = -55;
    static final double MAX = 125;

    private final CalibrationIndex calibrations = new CalibrationIndex();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, target = "("
            + SensorCodec.SENSOR_TYPE + "=" + TYPE + ")", unbind = "removeCalibration")
    void addCalibration(Calibration c) {
        calibrations.add(c);
    }

    void removeCalibration(Calibration c) {
        calibrations.remove(c);
    }

    @Override
    public List<Metric> decode(String sensorType, Map<String, Object> raw) {
        return decode(CodecContext.anonymous(sensorType), raw);
    }

    @Override
    public List<Metric> decode(CodecContext context, Map<String, Object> raw) {
        try {
            List<Metric> m = raw.containsKey("raw") ? register(raw) : converted(RawValues.number(raw, "c"));
            return calibrations.calibrate(context, m, "temperature");
        } catch (RawValues.Fault f) {
            return f.metrics();
        }
    }

    private static List<Metric> register(Map<String, Object> raw) throws RawValues.Fault {
        double v = RawValues.number(raw, "raw");
        int bits = raw.containsKey("bits") ? (int) RawValues.number(raw, "bits") : 12;
        if (v != Math.rint(v) || v < -32768 || v > 0xFFFF) {
            throw new RawValues.Fault(Quality.OUT_OF_RANGE, "raw " + v + " is not a 16-bit register value");
        }
        if (bits < 9 || bits > 12) {
            throw new RawValues.Fault(Quality.OUT_OF_RANGE, "bits " + bits + " is not a DS18B20 resolution (9 to 12)");
        }
        int word = (int) v & 0xFFFF;
        Metric evidence = Metric.of("raw", (long) word, "");
        if (word == DISCONNECTED_RAW) {
            throw new RawValues.Fault(Quality.DISCONNECTED, "register 0xFFFF: no DS18B20 answered on the bus",
                    evidence);
        }
        // at 9, 10 and 11 bit the lowest 3, 2 and 1 bits are undefined (datasheet, "Operation - measuring temperature")
        short signed = (short) (word & (0xFFFF << (12 - bits)));
        double c = signed / 16.0;
        RawValues.within(c, MIN, MAX, "temperature", "Cel");
        List<Metric> m = List.of(Metric.of("temperature", c, "Cel"));
        return word == POWER_ON_RAW ? Quality.suspect(m, POWER_ON_VALUE) : m;
    }

    private static List<Metric> converted(double c) throws RawValues.Fault {
        if (c == DISCONNECTED_C) {
            throw new RawValues.Fault(Quality.DISCONNECTED, "-127 Cel: the sensor did not answer (disconnected)");
        }
        RawValues.within(c, MIN, MAX, "temperature", "Cel");
        List<Metric> m = List.of(Metric.of("temperature", c, "Cel"));
        return c == 85.0 ? Quality.suspect(m, POWER_ON_VALUE) : m;
    }
}
