package io.holdfast.api.codec;

import io.holdfast.api.reading.Metric;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The calibrations a codec knows, by sensor, for lookups on the receive path: a codec adds and removes
 * {@link Calibration} services as they come and go, and looks them up for each reading. Lookups read an immutable
 * snapshot (no lock); changes are serialised. When two calibrations claim the same sensor and metric, the one added
 * last wins until it is removed.
 */
public final class CalibrationIndex {

    private final List<Calibration> all = new ArrayList<>();
    private volatile Map<String, Calibration> byKey = Map.of();

    /**
     * Adds a calibration.
     *
     * @param calibration
     *            the calibration
     */
    public synchronized void add(Calibration calibration) {
        all.add(calibration);
        rebuild();
    }

    /**
     * Removes a calibration (by identity).
     *
     * @param calibration
     *            the calibration added before
     */
    public synchronized void remove(Calibration calibration) {
        all.removeIf(c -> c == calibration);
        rebuild();
    }

    private void rebuild() {
        Map<String, Calibration> m = new HashMap<>();
        for (Calibration c : all) {
            m.put(key(c.device(), c.sensorType(), c.metric()), c);
        }
        byKey = Map.copyOf(m);
    }

    private static String key(String device, String sensorType, String metric) {
        return device.toUpperCase(Locale.ROOT) + "|" + sensorType + "|" + metric;
    }

    /**
     * The calibration of the sensor that took a reading: the source's, else the delivering device's.
     *
     * @param context
     *            the reading's context
     * @param metric
     *            the metric, empty for the codec's primary metric
     *
     * @return the calibration, or {@code null} when none is configured
     */
    public Calibration find(CodecContext context, String metric) {
        Map<String, Calibration> m = byKey;
        Calibration c = m.get(key(context.source(), context.sensorType(), metric));
        return c != null ? c : m.get(key(context.deviceId(), context.sensorType(), metric));
    }

    /**
     * Applies the sensor's calibrations to decoded metrics: each Double metric with a calibration gets its correction
     * (the primary metric's calibration is the one with an empty metric name, or its own name). When a calibration was
     * applied and has a due date, the earliest due date is added as {@value Quality#CALIBRATION_DUE}; when one was
     * overdue at the reading's time, the metrics are marked {@link Quality#CALIBRATION_OVERDUE}.
     *
     * @param context
     *            the reading's context
     * @param metrics
     *            the decoded metrics (a fault is returned unchanged)
     * @param primary
     *            the name of the codec's primary metric
     *
     * @return the calibrated metrics
     */
    public List<Metric> calibrate(CodecContext context, List<Metric> metrics, String primary) {
        if (byKey.isEmpty() || Quality.faultOf(metrics).isPresent()) {
            return metrics;
        }
        List<Metric> out = new ArrayList<>(metrics.size() + 2);
        LocalDate due = null;
        boolean overdue = false;
        for (Metric m : metrics) {
            Calibration c = null;
            if (m.value() instanceof Double) {
                c = find(context, m.name());
                if (c == null && m.name().equals(primary)) {
                    c = find(context, "");
                }
            }
            if (c == null) {
                out.add(m);
                continue;
            }
            out.add(Metric.of(m.name(), c.apply(m.asDouble()), m.unit()));
            if (c.dueOn() != null && (due == null || c.dueOn().isBefore(due))) {
                due = c.dueOn();
            }
            overdue |= c.overdueAt(context.time());
        }
        if (due != null) {
            out.add(Metric.text(Quality.CALIBRATION_DUE, due.toString()));
        }
        return overdue ? Quality.suspect(out, Quality.CALIBRATION_OVERDUE) : List.copyOf(out);
    }
}
