package io.holdfast.api.codec;

import io.holdfast.api.reading.Metric;
import java.util.List;
import java.util.Map;

/**
 * Reads numbers out of a reading's raw values for a codec, turning what a device may get wrong into a {@link Fault}
 * whose metrics the codec returns (see {@link Quality}) instead of throwing to the driver.
 *
 * <pre>
 * public List&lt;Metric&gt; decode(CodecContext context, Map&lt;String, Object&gt; raw) {
 *     try {
 *         double c = RawValues.within(RawValues.number(raw, "c"), -55, 125, "temperature", "Cel");
 *         return List.of(Metric.of("temperature", c, "Cel"));
 *     } catch (RawValues.Fault f) {
 *         return f.metrics();
 *     }
 * }
 * </pre>
 *
 * @since 1.2
 */
public final class RawValues {

    /**
     * A raw value the codec cannot turn into a measurement. It is not an error of the codec (that is a
     * {@link CodecException}): it carries the metrics of the fault, to be returned as the reading's metrics.
     */
    public static final class Fault extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient List<Metric> metrics;

        /**
         * A fault with its code, message and evidence, as {@link Quality#fault(String, String, Metric...)} lists them.
         *
         * @param code
         *            the fault code, for example {@link Quality#OUT_OF_RANGE}
         * @param message
         *            what is wrong, in one line
         * @param evidence
         *            what the sensor sent, in its units (may be none)
         */
        public Fault(String code, String message, Metric... evidence) {
            super(message, null, false, false);
            this.metrics = Quality.fault(code, message, evidence);
        }

        /** @return the fault's metrics: {@value Quality#FAULT}, {@value Quality#FAULT_MESSAGE}, then the evidence */
        public List<Metric> metrics() {
            return metrics;
        }
    }

    private RawValues() {
    }

    /**
     * The number under a key of the raw values.
     *
     * @param raw
     *            the reading's raw values
     * @param key
     *            the key
     *
     * @return its value as a double
     *
     * @throws Fault
     *             {@link Quality#MISSING} when the key is absent, {@link Quality#NOT_A_NUMBER} when its value is not a
     *             finite number
     */
    public static double number(Map<String, Object> raw, String key) throws Fault {
        Object v = raw.get(key);
        if (v == null) {
            throw new Fault(Quality.MISSING, key + " is missing");
        }
        if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw new Fault(Quality.NOT_A_NUMBER, key + " is not a number: " + v);
        }
        return n.doubleValue();
    }

    /**
     * A value checked against the sensor's physical range.
     *
     * @param value
     *            the value, in engineering units
     * @param min
     *            the least valid value
     * @param max
     *            the greatest valid value
     * @param name
     *            the metric name of the value
     * @param unit
     *            its unit
     *
     * @return {@code value}
     *
     * @throws Fault
     *             {@link Quality#OUT_OF_RANGE} when the value lies outside {@code [min, max]}, with the value as
     *             evidence under {@code name.reported}
     */
    public static double within(double value, double min, double max, String name, String unit) throws Fault {
        if (!(value >= min && value <= max)) {
            throw new Fault(Quality.OUT_OF_RANGE,
                    name + " = " + value + " " + unit + " is outside [" + min + ", " + max + "]",
                    Metric.of(name + ".reported", value, unit));
        }
        return value;
    }
}
