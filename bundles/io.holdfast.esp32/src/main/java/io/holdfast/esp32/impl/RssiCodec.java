package io.holdfast.esp32.impl;

import io.holdfast.api.codec.CodecException;
import io.holdfast.api.codec.SensorCodec;
import io.holdfast.api.reading.Metric;
import io.holdfast.api.status.DeviceStatus;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * Signal strength. Accepts {@code {"dbm":-51}}, {@code {"percent":65}} and the seed firmware's {@code {"rssi":65}}
 * (percent; a negative {@code rssi} is taken as dBm). Publishes both scales: {@code rssi} in dBm and
 * {@code rssi.percent} in %, converted with the seed's scale ({@link DeviceStatus#rssiPercent(int)}).
 */
@Component(property = SensorCodec.SENSOR_TYPE + "=" + RssiCodec.TYPE)
public class RssiCodec implements SensorCodec {

    static final String TYPE = "rssi";

    @Override
    public List<Metric> decode(String sensorType, Map<String, Object> raw) throws CodecException {
        int dbm;
        if (raw.get("dbm") != null) {
            dbm = (int) number(raw, "dbm", -127, 0);
        } else if (raw.get("percent") != null) {
            dbm = DeviceStatus.rssiDbmFromPercent((int) Math.round(number(raw, "percent", 0, 100)));
        } else if (raw.get("rssi") instanceof Number n && n.doubleValue() < 0) {
            dbm = (int) number(raw, "rssi", -127, 0);
        } else {
            dbm = DeviceStatus.rssiDbmFromPercent((int) Math.round(number(raw, "rssi", 0, 100)));
        }
        return List.of(Metric.of("rssi", (long) dbm, "dBm"),
                Metric.of("rssi.percent", (long) DeviceStatus.rssiPercent(dbm), "%"));
    }

    static double number(Map<String, Object> raw, String key, double min, double max) throws CodecException {
        Object v = raw.get(key);
        if (!(v instanceof Number n)) {
            throw new CodecException(key + " is missing or not a number: " + v);
        }
        double d = n.doubleValue();
        if (!(d >= min && d <= max)) {
            throw new CodecException(key + " = " + d + " is outside [" + min + ", " + max + "]");
        }
        return d;
    }
}
