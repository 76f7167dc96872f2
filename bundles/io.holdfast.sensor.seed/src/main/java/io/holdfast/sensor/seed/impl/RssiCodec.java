package io.holdfast.sensor.seed.impl;

import io.holdfast.api.codec.RawValues;
import io.holdfast.api.codec.SensorCodec;
import io.holdfast.api.reading.Metric;
import io.holdfast.api.status.DeviceStatus;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/**
 * Signal strength. Accepts {@code {"dbm":-51}}, {@code {"percent":65}} and the seed firmware's {@code {"rssi":65}}
 * (percent; a negative {@code rssi} is taken as dBm). Publishes both scales: {@code rssi} in dBm and
 * {@code rssi.percent} in %, converted with the seed's scale ({@link DeviceStatus#rssiPercent(int)}). A value outside
 * -127..0 dBm or 0..100 % is a fault.
 */
@Component(property = SensorCodec.SENSOR_TYPE + "=" + RssiCodec.TYPE)
public class RssiCodec implements SensorCodec {

    static final String TYPE = "rssi";

    @Override
    public List<Metric> decode(String sensorType, Map<String, Object> raw) {
        try {
            int dbm;
            if (raw.get("dbm") != null) {
                dbm = (int) RawValues.within(RawValues.number(raw, "dbm"), -127, 0, "rssi", "dBm");
            } else if (raw.get("percent") != null) {
                dbm = fromPercent(RawValues.number(raw, "percent"));
            } else if (raw.get("rssi") instanceof Number n && n.doubleValue() < 0) {
                dbm = (int) RawValues.within(RawValues.number(raw, "rssi"), -127, 0, "rssi", "dBm");
            } else {
                dbm = fromPercent(RawValues.number(raw, "rssi"));
            }
            return List.of(Metric.of("rssi", (long) dbm, "dBm"),
                    Metric.of("rssi.percent", (long) DeviceStatus.rssiPercent(dbm), "%"));
        } catch (RawValues.Fault f) {
            return f.metrics();
        }
    }

    private static int fromPercent(double percent) throws RawValues.Fault {
        return DeviceStatus
                .rssiDbmFromPercent((int) Math.round(RawValues.within(percent, 0, 100, "rssi.percent", "%")));
    }
}
