package io.holdfast.backend.ingest.impl.wire;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.holdfast.backend.store.IncomingReading;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns one MQTT message into readings or a gateway lifecycle event, by its topic:
 * <ul>
 * <li>{@code $EDC/<account>/<client>/MQTT/BIRTH|DC|LWT}: a lifecycle event, and
 * {@code $EDC/<account>/<client>/HOLDFAST-V1/STATUS}: a Holdfast gateway's status, its store backlog (other control
 * topics carry no data);</li>
 * <li>{@code /readings/<type>/<MAC>}: the seed firmware's flat JSON;</li>
 * <li>{@code <account>/<client>/<app>/<topic...>}: a Kura payload (protobuf, or SIMPLE_JSON when it is a JSON object),
 * possibly a Holdfast batch.</li>
 * </ul>
 * A reading's device is its {@code source} metric, else its {@code device} metric (the batch's for a batch item), else
 * the last topic level; its seq is its {@code seq} metric. A reading without seq gets a derived, negative seq: a hash
 * of its topic, device, payload timestamp and metrics, so that a re-delivery has the same identity.
 */
public final class MessageDecoder {

    /** A gateway's BIRTH, DC, LWT or STATUS. */
    public record Lifecycle(String account, String clientId, String event, Map<String, Object> metrics) {
    }

    /** What one message carried. */
    public record Decoded(List<IncomingReading> readings, Lifecycle lifecycle) {
        static final Decoded NOTHING = new Decoded(List.of(), null);
    }

    private static final Set<String> EVENTS = Set.of("BIRTH", "DC", "LWT");
    /** The app id of the gateway's periodic status (its store backlog), on its control topic. */
    public static final String STATUS_APP = "HOLDFAST-V1";
    private static final long MAX_SEQ = 0xffff_ffffL;

    public Decoded decode(String topic, byte[] payload, long receivedAt) throws DecodeException {
        String[] levels = topic.split("/", -1);
        if (levels[0].equals("$EDC")) {
            if (levels.length == 5 && levels[3].equals("MQTT") && EVENTS.contains(levels[4])) {
                Map<String, Object> metrics = Map.of();
                if (levels[4].equals("BIRTH")) {
                    metrics = kura(payload).metrics();
                }
                return new Decoded(List.of(), new Lifecycle(levels[1], levels[2], levels[4], metrics));
            }
            if (levels.length == 5 && levels[3].equals(STATUS_APP) && levels[4].equals("STATUS")) {
                return new Decoded(List.of(), new Lifecycle(levels[1], levels[2], "STATUS", kura(payload).metrics()));
            }
            return Decoded.NOTHING;
        }
        if (levels.length == 4 && levels[0].isEmpty() && levels[1].equals("readings")) {
            return new Decoded(List.of(seed(topic, levels[2], levels[3], payload, receivedAt)), null);
        }
        if (levels.length < 4 || levels[0].isEmpty() || levels[1].isEmpty()) {
            throw new DecodeException("topic is not <account>/<client>/<app>/<topic>: " + topic);
        }
        KuraMessage m = kura(payload);
        String gateway = levels[1];
        String fallback = levels[levels.length - 1];
        List<IncomingReading> readings = new ArrayList<>();
        if (m.batch().isEmpty()) {
            readings.add(reading(topic, gateway, m, fallback, receivedAt));
        } else {
            String batchDevice = text(m.metrics().get("device"), fallback);
            for (KuraMessage item : m.batch()) {
                readings.add(reading(topic, gateway, item, batchDevice, receivedAt));
            }
        }
        return new Decoded(readings, null);
    }

    private static KuraMessage kura(byte[] payload) throws DecodeException {
        byte[] bytes = Gzip.gunzipIfCompressed(payload);
        if (bytes.length > 0 && bytes[0] == '{') {
            return SimpleJson.decode(SimpleJson.object(bytes));
        }
        return KuraProtobuf.decode(bytes);
    }

    private static String text(Object value, String fallback) {
        return value instanceof String s && !s.isEmpty() ? s : fallback;
    }

    private static IncomingReading reading(String topic, String gateway, KuraMessage m, String fallbackDevice,
            long receivedAt) throws DecodeException {
        String device = text(m.metrics().get("source"), text(m.metrics().get("device"), fallbackDevice));
        Object seqValue = m.metrics().get("seq");
        long seq;
        if (seqValue == null) {
            seq = derivedSeq(topic + '\n' + device + '\n' + m.timestamp() + '\n' + new TreeMap<>(m.metrics()));
        } else if (seqValue instanceof Long l && l >= 0 && l <= MAX_SEQ) {
            seq = l;
        } else {
            throw new DecodeException("seq of " + device + " is not an integer from 0 to 2^32-1: " + seqValue);
        }
        long ts = m.timestamp() != null ? m.timestamp() : receivedAt;
        return new IncomingReading(device, seq, ts, receivedAt, gateway, topic, m.metrics());
    }

    /** The seed firmware: {@code {"macAddress": "...", "timestamp": <uptime ms>, "temperature"|"rssi": n}}. */
    private static IncomingReading seed(String topic, String type, String mac, byte[] payload, long receivedAt)
            throws DecodeException {
        JsonObject o = SimpleJson.object(payload);
        if (o.has("t")) {
            throw new DecodeException("an ESP32-LINK frame: the gateway's driver decodes these, not the backend");
        }
        String device = o.has("macAddress") && o.get("macAddress").isJsonPrimitive() ? o.get("macAddress").getAsString()
                : mac;
        if (device.isEmpty()) {
            throw new DecodeException("seed reading without macAddress or MAC in the topic");
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("sensor.type", type);
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            if (e.getKey().equals("macAddress")) {
                continue;
            }
            Object v = SimpleJson.value(e.getValue());
            if (v == null) {
                continue;
            }
            if (e.getKey().equals("timestamp")) {
                metrics.put("uptime", v);
            } else if (e.getKey().equals("rssi") && type.equals("gateway") && v instanceof Number pct) {
                // the seed's percent scale: -90 dBm is 0 %, -30 dBm is 100 % (ESP32-LINK.md)
                metrics.put("rssi.percent", pct);
                metrics.put("rssi", -90.0 + 0.6 * pct.doubleValue());
            } else {
                metrics.put(e.getKey(), v);
            }
        }
        if (metrics.size() == 1 + (metrics.containsKey("uptime") ? 1 : 0)) {
            throw new DecodeException("seed reading carries no value: " + o);
        }
        long seq = derivedSeq(topic + '\n' + new String(payload, StandardCharsets.UTF_8));
        return new IncomingReading(device, seq, receivedAt, receivedAt, "", topic, metrics);
    }

    /** A negative seq from a hash: never a device's own (0 to 2^32-1). */
    static long derivedSeq(String identity) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            return -(ByteBuffer.wrap(h).getLong() & Long.MAX_VALUE) - 1;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
