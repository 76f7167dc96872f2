package io.holdfast.sensor.calibration.impl;

import io.holdfast.api.codec.Calibration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One configured sensor calibration, registered as a {@link Calibration} service with the sensor type in
 * {@code holdfast.sensor.type}, so that the codec of that type picks it up. A changed configuration replaces the
 * service (the component is reactivated); a codec in the middle of a reading uses the old or the new one, never a
 * mixture. Immediate: a wrong configuration is reported when it is saved, not when a codec first asks.
 */
@Component(name = SensorCalibration.PID, configurationPid = SensorCalibration.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true, service = {
        Calibration.class, ConfigurableComponent.class })
@Designate(ocd = SensorCalibrationConfig.class, factory = true)
public class SensorCalibration implements Calibration, ConfigurableComponent {

    static final String PID = "io.holdfast.sensor.calibration.SensorCalibration";

    private final String device;
    private final String sensorType;
    private final String metric;
    private final double offset;
    private final double gain;
    private final double r0;
    private final LocalDate calibratedOn;
    private final LocalDate dueOn;

    /**
     * Reads and checks the configuration.
     *
     * @throws IllegalArgumentException
     *             with one line naming the property, when a value is invalid
     */
    @Activate
    public SensorCalibration(SensorCalibrationConfig c) {
        this(c.device(), c.holdfast_sensor_type(), c.metric(), c.offset(), c.gain(), c.r0(),
                date(c.calibrated_on(), "calibrated.on"), date(c.due_on(), "due.on"));
    }

    SensorCalibration(String device, String sensorType, String metric, double offset, double gain, double r0,
            LocalDate calibratedOn, LocalDate dueOn) {
        if (device == null || device.isBlank()) {
            throw new IllegalArgumentException(PID + ": device is empty; set the MAC address of the sensor node");
        }
        if (sensorType == null || sensorType.isBlank()) {
            throw new IllegalArgumentException(PID + ": holdfast.sensor.type is empty");
        }
        if (!Double.isFinite(offset) || !(gain >= 0.5 && gain <= 2)) {
            throw new IllegalArgumentException(PID + " for " + device + ": offset must be finite and gain in "
                    + "[0.5, 2], got offset " + offset + ", gain " + gain);
        }
        if (!(r0 >= 0 && r0 <= 1100)) {
            throw new IllegalArgumentException(PID + " for " + device + ": r0 must be in [0, 1100] ohm, got " + r0);
        }
        if (calibratedOn != null && dueOn != null && dueOn.isBefore(calibratedOn)) {
            throw new IllegalArgumentException(
                    PID + " for " + device + ": due.on " + dueOn + " is before " + "calibrated.on " + calibratedOn);
        }
        this.device = device.trim().replace('-', ':').toUpperCase(Locale.ROOT);
        this.sensorType = sensorType.trim();
        this.metric = metric == null ? "" : metric.trim();
        this.offset = offset;
        this.gain = gain;
        this.r0 = r0 == 0 ? Double.NaN : r0;
        this.calibratedOn = calibratedOn;
        this.dueOn = dueOn;
    }

    static LocalDate date(String value, String property) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(PID + ": " + property + " is not a date YYYY-MM-DD: " + value, e);
        }
    }

    @Override
    public String device() {
        return device;
    }

    @Override
    public String sensorType() {
        return sensorType;
    }

    @Override
    public String metric() {
        return metric;
    }

    @Override
    public double offset() {
        return offset;
    }

    @Override
    public double gain() {
        return gain;
    }

    @Override
    public double r0() {
        return r0;
    }

    @Override
    public LocalDate calibratedOn() {
        return calibratedOn;
    }

    @Override
    public LocalDate dueOn() {
        return dueOn;
    }

    @Override
    public String toString() {
        return "calibration of " + sensorType + (metric.isEmpty() ? "" : " " + metric) + " at " + device + ": " + gain
                + " * v + " + offset + (Double.isNaN(r0) ? "" : ", R0 " + r0 + " ohm") + ", due "
                + (dueOn == null ? "never" : dueOn);
    }
}
