package io.holdfast.api.codec;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The calibration of one sensor: which device and sensor type it belongs to, the correction it applies, and when it was
 * done and falls due. Registered as an OSGi service (one per configured sensor); codecs track these services and look
 * them up with a {@link CalibrationIndex}.
 * <p>
 * The correction of a value {@code v} is {@code gain * v + offset}. For a resistance thermometer, {@link #r0()} is the
 * sensor's measured resistance at 0 °C, used in place of the nominal one.
 */
@ProviderType
public interface Calibration {

    /**
     * The sensor node (or delivering device) the calibration belongs to: a MAC address, upper case with colons
     * ({@code "3C:E9:0E:72:12:4C"}). Looked up first as the reading's source, then as its device.
     *
     * @return the MAC address
     */
    String device();

    /**
     * The sensor type, as in {@link io.holdfast.api.reading.Reading#sensorType()}.
     *
     * @return the sensor type
     */
    String sensorType();

    /**
     * The metric the correction applies to; empty for the codec's primary metric (the temperature of a thermometer).
     *
     * @return a metric name, or empty
     */
    String metric();

    /**
     * The offset, in the metric's unit.
     *
     * @return the offset; 0 for none
     */
    double offset();

    /**
     * The gain (dimensionless).
     *
     * @return the gain; 1 for none
     */
    double gain();

    /**
     * The measured resistance at 0 °C of a resistance thermometer, in ohm.
     *
     * @return R0, or {@code NaN} when not calibrated (the codec uses the nominal value)
     */
    double r0();

    /**
     * When the sensor was calibrated.
     *
     * @return the date, or {@code null} if not recorded
     */
    LocalDate calibratedOn();

    /**
     * The last day on which the calibration is valid.
     *
     * @return the date, or {@code null} for no due date
     */
    LocalDate dueOn();

    /**
     * Applies the correction.
     *
     * @param value
     *            the value in the metric's unit
     *
     * @return {@code gain * value + offset}
     */
    default double apply(double value) {
        return gain() * value + offset();
    }

    /**
     * Whether the calibration was overdue at a time: after the end of its due day (UTC).
     *
     * @param time
     *            when the reading was taken
     *
     * @return {@code true} if overdue
     */
    default boolean overdueAt(Instant time) {
        LocalDate due = dueOn();
        return due != null && !time.isBefore(due.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    }
}
