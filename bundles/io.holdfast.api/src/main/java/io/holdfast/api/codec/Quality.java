package io.holdfast.api.codec;

import io.holdfast.api.reading.Metric;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How a codec reports that a reading is not a plain measurement, in the metrics it returns (so that it reaches every
 * consumer through every payload encoding, with no change to the reading model).
 * <ul>
 * <li>A <b>fault</b>: the sensor sent no usable value (a broken wire, a loop current outside the NAMUR NE 43 band, a
 * value outside the sensor's physical range). The metrics hold {@value #FAULT} (a short code, for example
 * {@value #OUT_OF_RANGE}), {@value #FAULT_MESSAGE} (one line for an operator) and the evidence (the raw quantity in its
 * unit, such as the loop current in {@code mA}); they hold no value in engineering units.</li>
 * <li>A <b>suspect</b> value: the value is there but must not be trusted blindly (an overdue calibration, a sensor's
 * power-on value). The metrics hold the value and {@value #SUSPECT}: the codes, comma separated and sorted.</li>
 * </ul>
 */
public final class Quality {

    /** Metric naming a fault: a String code; present only when the reading carries no valid value. */
    public static final String FAULT = "fault";
    /** Metric with a fault's explanation, one line. */
    public static final String FAULT_MESSAGE = "fault.message";
    /** Metric with the suspect codes of a valid value, comma separated and sorted. */
    public static final String SUSPECT = "suspect";
    /** Metric with the due date (ISO 8601, {@code 2027-03-31}) of the calibration that was applied. */
    public static final String CALIBRATION_DUE = "calibration.due";

    /** Fault: a value the sensor type needs is absent. */
    public static final String MISSING = "value.missing";
    /** Fault: a value is not a number. */
    public static final String NOT_A_NUMBER = "value.not.number";
    /** Fault: a value lies outside the sensor's physical range. */
    public static final String OUT_OF_RANGE = "value.out.of.range";
    /** Fault: the sensor reports that it is disconnected or its wire is broken. */
    public static final String DISCONNECTED = "sensor.disconnected";
    /** Suspect: the calibration applied to the value was due before the reading was taken. */
    public static final String CALIBRATION_OVERDUE = "calibration.overdue";

    private Quality() {
    }

    /**
     * The metrics of a fault.
     *
     * @param code
     *            the fault code, for example {@link #OUT_OF_RANGE}
     * @param message
     *            what is wrong, in one line
     * @param evidence
     *            what the sensor sent, in its units (may be none)
     *
     * @return {@value #FAULT}, {@value #FAULT_MESSAGE}, then the evidence
     */
    public static List<Metric> fault(String code, String message, Metric... evidence) {
        List<Metric> out = new ArrayList<>(2 + evidence.length);
        out.add(Metric.text(FAULT, code));
        out.add(Metric.text(FAULT_MESSAGE, message));
        out.addAll(Arrays.asList(evidence));
        return List.copyOf(out);
    }

    /**
     * The metrics with a suspect code added to {@value #SUSPECT} (which is created, or merged with).
     *
     * @param metrics
     *            the metrics of a valid value
     * @param code
     *            the suspect code, for example {@link #CALIBRATION_OVERDUE}
     *
     * @return a new list
     */
    public static List<Metric> suspect(List<Metric> metrics, String code) {
        Set<String> codes = new java.util.TreeSet<>(suspects(metrics));
        codes.add(code);
        List<Metric> out = new ArrayList<>(metrics.size() + 1);
        metrics.stream().filter(m -> !m.name().equals(SUSPECT)).forEach(out::add);
        out.add(Metric.text(SUSPECT, String.join(",", codes)));
        return List.copyOf(out);
    }

    /**
     * The fault code in a list of metrics.
     *
     * @param metrics
     *            what a codec returned
     *
     * @return the code, or empty when the metrics are a valid value
     */
    public static Optional<String> faultOf(List<Metric> metrics) {
        return metrics.stream().filter(m -> m.name().equals(FAULT)).map(m -> String.valueOf(m.value())).findFirst();
    }

    /**
     * The suspect codes in a list of metrics.
     *
     * @param metrics
     *            what a codec returned
     *
     * @return the codes, possibly none
     */
    public static Set<String> suspects(List<Metric> metrics) {
        Set<String> out = new LinkedHashSet<>();
        metrics.stream().filter(m -> m.name().equals(SUSPECT)).forEach(
                m -> Arrays.stream(String.valueOf(m.value()).split(",")).filter(s -> !s.isEmpty()).forEach(out::add));
        return out;
    }
}
