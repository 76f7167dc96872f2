package io.holdfast.sensor.seed.impl;

import io.holdfast.api.codec.Calibration;
import io.holdfast.api.codec.CalibrationIndex;
import io.holdfast.api.codec.CodecContext;
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
 * Temperature in degrees Celsius, as the seed firmware sends it ({@code {"temperature":21.37}}; {@code {"c":..}} is
 * accepted too). A value outside the range of the seed's sensor ({@value #MIN} to {@value #MAX} °C, the DS18B20's) is a
 * fault. The sensor's calibration (type {@value #TYPE}), when one is configured, corrects the value.
 */
@Component(property = SensorCodec.SENSOR_TYPE + "=" + TemperatureCodec.TYPE)
public class TemperatureCodec implements SensorCodec {

    static final String TYPE = "temperature";
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
        String key = raw.containsKey("temperature") ? "temperature" : "c";
        try {
            double t = RawValues.within(RawValues.number(raw, key), MIN, MAX, "temperature", "Cel");
            return calibrations.calibrate(context, List.of(Metric.of("temperature", t, "Cel")), "temperature");
        } catch (RawValues.Fault f) {
            return f.metrics();
        }
    }
}
