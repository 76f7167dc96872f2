package io.holdfast.api.reading;

import java.util.Objects;

/**
 * One named value of a reading, with its unit.
 * <p>
 * Values are {@link Double}, {@link Long}, {@link Boolean} or {@link String}: the types every Holdfast payload encoding
 * (Kura protobuf, simple JSON) can carry without loss. Units are written as in UCUM where one exists ({@code "Cel"},
 * {@code "mA"}, {@code "dBm"}, {@code "%"}); the empty string means dimensionless or unknown.
 *
 * @param name
 *            metric name, not empty, for example {@code "temperature"}
 * @param value
 *            the value, one of {@code Double}, {@code Long}, {@code Boolean}, {@code String}
 * @param unit
 *            the unit, never {@code null}; empty when dimensionless
 */
public record Metric(String name, Object value, String unit) {

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException
     *             if the name is empty, the value of an unsupported type or a non-finite double
     * @throws NullPointerException
     *             if any component is {@code null}
     */
    public Metric {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(unit, "unit");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("metric name is empty");
        }
        if (value instanceof Double d) {
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("metric " + name + " is not a finite number: " + d);
            }
        } else if (!(value instanceof Long || value instanceof Boolean || value instanceof String)) {
            throw new IllegalArgumentException(
                    "metric " + name + " has unsupported type " + value.getClass().getName());
        }
    }

    /**
     * A numeric metric.
     *
     * @param name
     *            metric name
     * @param value
     *            a finite number
     * @param unit
     *            its unit, empty when dimensionless
     *
     * @return the metric
     */
    public static Metric of(String name, double value, String unit) {
        return new Metric(name, value, unit);
    }

    /**
     * An integral metric (counters, raw ADC values).
     *
     * @param name
     *            metric name
     * @param value
     *            the value
     * @param unit
     *            its unit, empty when dimensionless
     *
     * @return the metric
     */
    public static Metric of(String name, long value, String unit) {
        return new Metric(name, value, unit);
    }

    /**
     * A text metric, dimensionless.
     *
     * @param name
     *            metric name
     * @param value
     *            the text
     *
     * @return the metric
     */
    public static Metric text(String name, String value) {
        return new Metric(name, value, "");
    }

    /**
     * A boolean metric, dimensionless.
     *
     * @param name
     *            metric name
     * @param value
     *            the flag
     *
     * @return the metric
     */
    public static Metric flag(String name, boolean value) {
        return new Metric(name, value, "");
    }

    /**
     * Whether the value is a number ({@code Double} or {@code Long}).
     *
     * @return {@code true} for numeric metrics
     */
    public boolean isNumeric() {
        return value instanceof Double || value instanceof Long;
    }

    /**
     * The value as a double.
     *
     * @return the numeric value
     *
     * @throws IllegalStateException
     *             if the metric is not numeric
     */
    public double asDouble() {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalStateException("metric " + name + " is not numeric");
    }
}
