package io.holdfast.sensor.bme280.impl;

import io.holdfast.api.codec.Calibration;
import io.holdfast.api.codec.CalibrationIndex;
import io.holdfast.api.codec.CodecContext;
import io.holdfast.api.codec.Quality;
import io.holdfast.api.codec.RawValues;
import io.holdfast.api.codec.SensorCodec;
import io.holdfast.api.reading.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Bosch BME280 readings to temperature (Cel), pressure (Pa) and relative humidity (%). A reading carries either the raw
 * ADC values with the sensor's calibration words,
 * {@code {"adc_t":519888,"adc_p":415148,"adc_h":30000,"cal":{"t1":27504,...,"h6":30}}}, compensated with the
 * datasheet's integer formulas ({@link Compensation}), or values the device compensated itself,
 * {@code {"t":25.08,"p":100653.27,"h":46.3}}, passed through. A raw value the sensor reports for a skipped measurement
 * (0x80000 for pressure, 0x8000 for humidity) leaves that metric out; a skipped temperature, a missing calibration word
 * or a value outside the sensor's operating range (-40..85 °C, 300..1100 hPa, 0..100 %) is a fault.
 */
@Component(property = SensorCodec.SENSOR_TYPE + "=" + Bme280Codec.TYPE)
public class Bme280Codec implements SensorCodec {

    static final String TYPE = "bme280";
    static final int SKIPPED_20 = 0x80000;
    static final int SKIPPED_16 = 0x8000;

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
            List<Metric> m = raw.containsKey("adc_t") ? compensate(raw) : passThrough(raw);
            return calibrations.calibrate(context, m, "temperature");
        } catch (RawValues.Fault f) {
            return f.metrics();
        }
    }

    private static List<Metric> compensate(Map<String, Object> raw) throws RawValues.Fault {
        if (!(raw.get("cal") instanceof Map<?, ?> cal)) {
            throw new RawValues.Fault(Quality.MISSING, "cal (the calibration words t1..t3, p1..p9, h1..h6) is missing");
        }
        int adcT = adc(raw, "adc_t", 0xFFFFF);
        if (adcT == SKIPPED_20) {
            throw new RawValues.Fault(Quality.MISSING, "adc_t is 0x80000: the temperature measurement was skipped");
        }
        Compensation c = new Compensation(word(cal, "t1", 0, 65535), word(cal, "t2"), word(cal, "t3"),
                word(cal, "p1", 0, 65535), word(cal, "p2"), word(cal, "p3"), word(cal, "p4"), word(cal, "p5"),
                word(cal, "p6"), word(cal, "p7"), word(cal, "p8"), word(cal, "p9"), word(cal, "h1", 0, 255),
                word(cal, "h2"), word(cal, "h3", 0, 255), word(cal, "h4", -2048, 2047), word(cal, "h5", -2048, 2047),
                word(cal, "h6", -128, 127));
        int tFine = c.tFine(adcT);
        List<Metric> m = new ArrayList<>(3);
        m.add(temperature(Compensation.temperature(tFine) / 100.0));
        if (raw.containsKey("adc_p")) {
            int adcP = adc(raw, "adc_p", 0xFFFFF);
            if (adcP != SKIPPED_20) {
                long q = c.pressure(adcP, tFine);
                if (q == 0) {
                    throw new RawValues.Fault(Quality.OUT_OF_RANGE,
                            "cal.p1 is 0: the calibration words are not the sensor's");
                }
                m.add(pressure(q / 256.0));
            }
        }
        if (raw.containsKey("adc_h")) {
            int adcH = adc(raw, "adc_h", 0xFFFF);
            if (adcH != SKIPPED_16) {
                m.add(humidity(c.humidity(adcH, tFine) / 1024.0));
            }
        }
        return m;
    }

    private static List<Metric> passThrough(Map<String, Object> raw) throws RawValues.Fault {
        if (!raw.containsKey("t")) {
            throw new RawValues.Fault(Quality.MISSING, "a bme280 reading needs adc_t (raw) or t (compensated)");
        }
        List<Metric> m = new ArrayList<>(3);
        m.add(temperature(RawValues.number(raw, "t")));
        if (raw.containsKey("p")) {
            m.add(pressure(RawValues.number(raw, "p")));
        }
        if (raw.containsKey("h")) {
            m.add(humidity(RawValues.number(raw, "h")));
        }
        return m;
    }

    private static Metric temperature(double c) throws RawValues.Fault {
        return Metric.of("temperature", RawValues.within(c, -40, 85, "temperature", "Cel"), "Cel");
    }

    private static Metric pressure(double pa) throws RawValues.Fault {
        return Metric.of("pressure", RawValues.within(pa, 30_000, 110_000, "pressure", "Pa"), "Pa");
    }

    private static Metric humidity(double percent) throws RawValues.Fault {
        return Metric.of("humidity", RawValues.within(percent, 0, 100, "humidity", "%"), "%");
    }

    private static int adc(Map<String, Object> raw, String key, int max) throws RawValues.Fault {
        double v = RawValues.number(raw, key);
        if (v != Math.rint(v) || v < 0 || v > max) {
            throw new RawValues.Fault(Quality.OUT_OF_RANGE,
                    key + " = " + v + " is not a raw ADC value (0.." + max + ")");
        }
        return (int) v;
    }

    private static int word(Map<?, ?> cal, String key) throws RawValues.Fault {
        return word(cal, key, Short.MIN_VALUE, Short.MAX_VALUE);
    }

    @SuppressWarnings("unchecked")
    private static int word(Map<?, ?> cal, String key, int min, int max) throws RawValues.Fault {
        double v = RawValues.number((Map<String, Object>) cal, key);
        if (v != Math.rint(v) || v < min || v > max) {
            throw new RawValues.Fault(Quality.OUT_OF_RANGE,
                    "cal." + key + " = " + v + " is outside " + min + ".." + max);
        }
        return (int) v;
    }
}
