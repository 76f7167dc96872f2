package io.holdfast.esp32.impl.ingest;

import io.holdfast.api.status.DeviceStatus;
import java.util.Map;

/**
 * A device's signal strength from the values of an {@code rssi} reading, whether or not a codec for the type is
 * installed: {@code {"dbm":-51}}, {@code {"percent":65}}, or the seed firmware's {@code {"rssi":65}} (percent; a
 * negative {@code rssi} is dBm). Percent is converted on the seed's scale ({@link DeviceStatus#rssiDbmFromPercent}).
 */
final class SignalStrength {

    /** The sensor type whose readings carry signal strength. */
    static final String TYPE = "rssi";

    private SignalStrength() {
    }

    /** The signal strength in dBm, or {@code null} when the values hold none in range. */
    static Integer dbm(Map<String, Object> values) {
        Double dbm = number(values.get("dbm"));
        if (dbm != null) {
            return dbm >= -127 && dbm <= 0 ? (int) Math.round(dbm) : null;
        }
        Double percent = number(values.get("percent"));
        if (percent == null) {
            Double rssi = number(values.get("rssi"));
            if (rssi == null) {
                return null;
            }
            if (rssi < 0) {
                return rssi >= -127 ? (int) Math.round(rssi) : null;
            }
            percent = rssi;
        }
        return percent >= 0 && percent <= 100 ? DeviceStatus.rssiDbmFromPercent((int) Math.round(percent)) : null;
    }

    private static Double number(Object v) {
        if (v instanceof Number n) {
            double d = n.doubleValue();
            return Double.isFinite(d) ? d : null;
        }
        return null;
    }
}
