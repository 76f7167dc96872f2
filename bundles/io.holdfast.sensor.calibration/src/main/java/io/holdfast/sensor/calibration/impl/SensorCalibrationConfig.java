package io.holdfast.sensor.calibration.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** One sensor's calibration ({@value SensorCalibration#PID}, a factory: one instance per sensor and metric). */
@ObjectClassDefinition(id = SensorCalibration.PID, name = "Sensor calibration", description = "The calibration "
        + "of one sensor: the correction gain * value + offset (and R0 for a PT100), applied by the codec of its "
        + "sensor type to readings from this device or sensor node; a reading taken after the due date is flagged "
        + "calibration.overdue.")
@interface SensorCalibrationConfig {

    @AttributeDefinition(name = "Device or node MAC", description = "The MAC address of the sensor node (the "
            + "reading's source) or of the delivering ESP32 device, for example 3C:E9:0E:72:12:4C. A node's own "
            + "calibration wins over its device's.")
    String device();

    @AttributeDefinition(name = "Sensor type", description = "The sensor type the calibration applies to: pt100, "
            + "ds18b20, bme280, temperature.")
    String holdfast_sensor_type() default "pt100";

    @AttributeDefinition(name = "Metric", required = false, description = "The metric corrected; empty for the "
            + "sensor type's primary one (temperature). For a BME280: temperature, pressure or humidity.")
    String metric() default "";

    @AttributeDefinition(name = "Offset", description = "Added after the gain, in the metric's unit (Cel, Pa, %).")
    double offset() default 0;

    @AttributeDefinition(name = "Gain", min = "0.5", max = "2", description = "Multiplies the value (dimensionless).")
    double gain() default 1;

    @AttributeDefinition(name = "R0 (ohm)", min = "0", max = "1100", description = "PT100 only: the measured "
            + "resistance at 0 °C, in place of the nominal 100 ohm; 0 for the nominal value.")
    double r0() default 0;

    @AttributeDefinition(name = "Calibrated on", required = false, description = "The calibration date, "
            + "YYYY-MM-DD; kept with the calibration for audits.")
    String calibrated_on() default "";

    @AttributeDefinition(name = "Due on", required = false, description = "The last day the calibration is valid, "
            + "YYYY-MM-DD (cold-chain rules: one year after calibration). Readings taken later carry the suspect "
            + "code calibration.overdue. Empty: never due.")
    String due_on() default "";
}
