package io.holdfast.esp32.impl;

import io.holdfast.api.codec.CodecException;
import io.holdfast.api.codec.SensorCodec;
import io.holdfast.api.reading.Metric;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * Temperature in degrees Celsius, as the seed firmware sends it ({@code {"temperature":21.37}}; {@code {"c":..}} is
 * accepted too). A value outside the plausible range of the seed's sensor ({@value #MIN} to {@value #MAX} °C, the
 * DS18B20's) is not decoded: the reading is published raw and flagged.
 */
@Component(property = SensorCodec.SENSOR_TYPE + "=" + TemperatureCodec.TYPE)
public class TemperatureCodec implements SensorCodec {

    static final String TYPE = "temperature";
    static final double MIN = -55;
    static final double MAX = 125;

    @Override
    public List<Metric> decode(String sensorType, Map<String, Object> raw) throws CodecException {
        String key = raw.containsKey("temperature") ? "temperature" : "c";
        return List.of(Metric.of("temperature", RssiCodec.number(raw, key, MIN, MAX), "Cel"));
    }
}
