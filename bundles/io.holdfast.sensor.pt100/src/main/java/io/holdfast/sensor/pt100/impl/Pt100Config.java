package io.holdfast.sensor.pt100.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the PT100 codec ({@value Pt100Codec#PID}). */
@ObjectClassDefinition(id = Pt100Codec.PID, name = "PT100 codec", description = "Decodes pt100 readings: a 4-20 mA "
        + "loop current (ma) from a head transmitter, or the sensor's resistance (ohm), into a temperature in Cel.")
@interface Pt100Config {

    @AttributeDefinition(name = "Loop range minimum (Cel)", min = "-200", max = "850", description = "The "
            + "temperature at 4 mA, as set on the transmitter.")
    double loop_min() default Pt100Codec.LOOP_MIN;

    @AttributeDefinition(name = "Loop range maximum (Cel)", min = "-200", max = "850", description = "The "
            + "temperature at 20 mA, as set on the transmitter.")
    double loop_max() default Pt100Codec.LOOP_MAX;

    @AttributeDefinition(name = "Nominal R0 (ohm)", min = "1", max = "1100", description = "The nominal resistance "
            + "at 0 °C: 100 for a PT100, 1000 for a PT1000. A sensor's calibrated R0 replaces it.")
    double r0() default 100;
}
