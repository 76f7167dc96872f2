package org.eclipse.kura.message;

import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A Kura payload: a timestamp, an optional position, named metrics and an optional binary body.
 * <p>
 * Metric values that every encoding carries are {@code String}, {@code Double}, {@code Float}, {@code Integer},
 * {@code Long}, {@code Boolean} and {@code byte[]}.
 */
@ProviderType
public class KuraPayload {
    private Date timestamp;
    private KuraPosition position;
    private final Map<String, Object> metrics = new HashMap<>();
    private byte[] body;

    /** Creates an empty payload. */
    public KuraPayload() {
    }

    /** @return the timestamp, or {@code null} */
    public Date getTimestamp() {
        return timestamp;
    }

    /**
     * @param timestamp
     *            the timestamp
     */
    public void setTimestamp(Date timestamp) {
        this.timestamp = timestamp;
    }

    /** @return the position, or {@code null} */
    public KuraPosition getPosition() {
        return position;
    }

    /**
     * @param position
     *            the position
     */
    public void setPosition(KuraPosition position) {
        this.position = position;
    }

    /**
     * A metric's value.
     *
     * @param name
     *            the metric name
     *
     * @return the value, or {@code null}
     */
    public Object getMetric(String name) {
        return metrics.get(name);
    }

    /**
     * Adds or replaces a metric.
     *
     * @param name
     *            the metric name
     * @param value
     *            the value
     */
    public void addMetric(String name, Object value) {
        metrics.put(name, value);
    }

    /**
     * Removes a metric.
     *
     * @param name
     *            the metric name
     */
    public void removeMetric(String name) {
        metrics.remove(name);
    }

    /** Removes every metric. */
    public void removeAllMetrics() {
        metrics.clear();
    }

    /** @return the metric names, unmodifiable */
    public Set<String> metricNames() {
        return Collections.unmodifiableSet(metrics.keySet());
    }

    /** @return an iterator over the metric names that does not support removal */
    public Iterator<String> metricsIterator() {
        return metrics.keySet().iterator();
    }

    /** @return the metrics, unmodifiable */
    public Map<String, Object> metrics() {
        return Collections.unmodifiableMap(metrics);
    }

    /** @return the body, or {@code null} */
    public byte[] getBody() {
        return body;
    }

    /**
     * @param body
     *            the body
     */
    public void setBody(byte[] body) {
        this.body = body;
    }
}
