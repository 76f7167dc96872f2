package io.holdfast.esp32.impl;

import io.holdfast.api.reading.Metric;
import io.holdfast.api.reading.Reading;
import io.holdfast.api.reading.ReadingFlag;
import io.holdfast.api.reading.ReadingKeys;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.message.KuraPayload;

/**
 * Turns a reading into the message handed to the CloudPublisher.
 * <p>
 * Payload timestamp: the reading's device time. Metrics: each decoded metric under its name, with its unit (when it has
 * one) as a String metric {@code <name>.unit}; then {@code device}, {@code source}, {@code sensor.type}, {@code seq}
 * (Long), {@code received.at} (Long, epoch ms), {@code uptime} (Long, when the frame had one) and {@code flags} (the
 * {@link ReadingFlag} names, comma separated, empty when none). A sensor metric whose name collides with one of these
 * is published as {@code v.<name>}. Message properties ({@link ReadingKeys}) {@code device} (the source),
 * {@code relay}, {@code source}, {@code type} and {@code seq} let a publisher put them in its topic.
 */
final class MessageMapper {

    static final String DEVICE = ReadingKeys.METRIC_DEVICE;
    static final String SOURCE = ReadingKeys.METRIC_SOURCE;
    static final String SENSOR_TYPE = "sensor.type";
    static final String SEQ = ReadingKeys.METRIC_SEQ;
    static final String RECEIVED_AT = "received.at";
    static final String UPTIME = "uptime";
    static final String FLAGS = "flags";
    static final String UNIT_SUFFIX = ".unit";
    private static final Set<String> RESERVED = Set.of(DEVICE, SOURCE, SENSOR_TYPE, SEQ, RECEIVED_AT, UPTIME, FLAGS);

    private MessageMapper() {
    }

    static KuraMessage toMessage(Reading r) {
        KuraPayload p = new KuraPayload();
        p.setTimestamp(Date.from(r.deviceTime()));
        for (Metric m : r.metrics()) {
            String name = RESERVED.contains(m.name()) ? "v." + m.name() : m.name();
            p.addMetric(name, m.value());
            if (!m.unit().isEmpty()) {
                p.addMetric(name + UNIT_SUFFIX, m.unit());
            }
        }
        p.addMetric(DEVICE, r.deviceId());
        p.addMetric(SOURCE, r.source());
        p.addMetric(SENSOR_TYPE, r.sensorType());
        p.addMetric(SEQ, r.seq());
        p.addMetric(RECEIVED_AT, r.receivedAt().toEpochMilli());
        if (r.uptimeMillis() != null) {
            p.addMetric(UPTIME, r.uptimeMillis());
        }
        p.addMetric(FLAGS, flags(r.flags()));
        Map<String, Object> props = new HashMap<>();
        // the identity a store and the backend deduplicate by is (device, seq): seq is the source's counter
        props.put(ReadingKeys.PROPERTY_DEVICE, r.source());
        props.put(ReadingKeys.PROPERTY_RELAY, r.deviceId());
        props.put(ReadingKeys.PROPERTY_SOURCE, r.source());
        props.put(ReadingKeys.PROPERTY_TYPE, r.sensorType());
        props.put(ReadingKeys.PROPERTY_SEQ, r.seq());
        return new KuraMessage(p, props);
    }

    static String flags(Set<ReadingFlag> flags) {
        return flags.stream().map(Enum::name).sorted().collect(Collectors.joining(","));
    }

    /** Raw values as metrics (for readings no codec decoded): nested lists and objects become JSON text. */
    static List<Metric> rawMetrics(Map<String, Object> raw) {
        return raw.entrySet().stream().map(e -> {
            Object v = e.getValue();
            if (v instanceof Long || v instanceof Double || v instanceof Boolean || v instanceof String) {
                return new Metric(e.getKey(), v, "");
            }
            return Metric.text(e.getKey(), toJson(v));
        }).collect(Collectors.toList());
    }

    static String toJson(Object v) {
        if (v instanceof Map<?, ?> m) {
            return m.entrySet().stream().map(e -> Json.quote(String.valueOf(e.getKey())) + ":" + toJson(e.getValue()))
                    .collect(Collectors.joining(",", "{", "}"));
        }
        if (v instanceof List<?> l) {
            return l.stream().map(MessageMapper::toJson).collect(Collectors.joining(",", "[", "]"));
        }
        if (v instanceof String s) {
            return Json.quote(s);
        }
        return String.valueOf(v);
    }
}
