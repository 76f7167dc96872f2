package io.holdfast.sensor.bme280.impl;

import io.holdfast.api.codec.Quality;
import io.holdfast.api.reading.Metric;
import java.util.List;
import java.util.Map;

/** Reads numbers out of a reading's raw values; what a device may get wrong becomes a {@link Fault}. */
final class Raw {

    /** A value the codec cannot turn into a measurement: carries the fault's metrics. */
    static final class Fault extends Exception {
        private static final long serialVersionUID = 1L;
        final transient List<Metric> metrics;

        Fault(String code, String message, Metric... evidence) {
            super(message, null, false, false);
            this.metrics = Quality.fault(code, message, evidence);
        }
    }

    private Raw() {
    }

    /** The number under {@code key}; a fault when it is absent or not a number. */
    static double number(Map<String, Object> raw, String key) throws Fault {
        Object v = raw.get(key);
        if (v == null) {
            throw new Fault(Quality.MISSING, key + " is missing");
        }
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw new Fault(Quality.NOT_A_NUMBER, key + " is not a number: " + v);
        }
        return n.doubleValue();
    }

    /** A fault when {@code value} lies outside {@code [min, max]}, with the value as evidence under {@code name}. */
    static double within(double value, double min, double max, String name, String unit) throws Fault {
        if (!(value >= min && value <= max)) {
            throw new Fault(Quality.OUT_OF_RANGE,
                    name + " = " + value + " " + unit + " is outside [" + min + ", " + max + "]",
                    Metric.of(name + ".reported", value, unit));
        }
        return value;
    }
}
