package io.holdfast.cloud.mqtt.impl.payload;

import com.google.gson.JsonParseException;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.message.KuraPayload;
import org.eclipse.kura.message.KuraPosition;

/**
 * Kura's simple JSON payload (KURA-CONTRACT.md section 5): {@code {"sentOn": ms, "position": {...}, "metrics": {...},
 * "body": "base64"}}, written and read with gson's streaming API (gson 2.9, which Kura 5.6 ships). byte[] metrics
 * become base64 strings, non-finite numbers are dropped, nulls are omitted. Decoding reads integral numbers as Long,
 * others as Double.
 */
public final class SimpleJson {

    private SimpleJson() {
    }

    public static byte[] encode(KuraPayload payload) throws KuraException {
        return write(payload, null);
    }

    /** A batch: the outer payload's fields plus {@code "batch": [reading, ...]} (readings as encoded). */
    public static byte[] encodeBatch(KuraPayload outer, List<byte[]> readings) throws KuraException {
        return write(outer, readings);
    }

    private static byte[] write(KuraPayload payload, List<byte[]> batch) throws KuraException {
        StringWriter out = new StringWriter(128);
        try (JsonWriter w = new JsonWriter(out)) {
            w.beginObject();
            if (payload.getTimestamp() != null) {
                w.name("sentOn").value(payload.getTimestamp().getTime());
            }
            KuraPosition p = payload.getPosition();
            if (p != null) {
                w.name("position").beginObject();
                number(w, "latitude", p.getLatitude());
                number(w, "longitude", p.getLongitude());
                number(w, "altitude", p.getAltitude());
                number(w, "heading", p.getHeading());
                number(w, "precision", p.getPrecision());
                number(w, "speed", p.getSpeed());
                number(w, "timestamp", p.getTimestamp() == null ? null : p.getTimestamp().getTime());
                number(w, "satellites", p.getSatellites());
                number(w, "status", p.getStatus());
                w.endObject();
            }
            w.name("metrics").beginObject();
            for (Map.Entry<String, Object> m : payload.metrics().entrySet()) {
                metric(w, m.getKey(), m.getValue());
            }
            w.endObject();
            if (payload.getBody() != null) {
                w.name("body").value(Base64.getEncoder().encodeToString(payload.getBody()));
            }
            if (batch != null) {
                w.name("batch").beginArray();
                for (byte[] reading : batch) {
                    w.jsonValue(new String(reading, StandardCharsets.UTF_8));
                }
                w.endArray();
            }
            w.endObject();
        } catch (IOException e) {
            throw new KuraException(KuraErrorCode.ENCODE_ERROR, e, "cannot write JSON: " + e.getMessage());
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void metric(JsonWriter w, String name, Object v) throws IOException, KuraException {
        if (name == null || v == null) {
            return;
        }
        if (v instanceof Double || v instanceof Float || v instanceof Integer || v instanceof Long) {
            number(w, name, (Number) v);
        } else if (v instanceof Boolean b) {
            w.name(name).value(b.booleanValue());
        } else if (v instanceof String s) {
            w.name(name).value(s);
        } else if (v instanceof byte[] b) {
            w.name(name).value(Base64.getEncoder().encodeToString(b));
        } else {
            throw new KuraException(KuraErrorCode.ENCODE_ERROR, "metric '" + name + "' has the type "
                    + v.getClass().getName() + ", which a Kura payload cannot carry");
        }
    }

    /** Writes {@code "name":value} unless the value is null or not finite. */
    private static void number(JsonWriter w, String name, Number value) throws IOException {
        if (value == null || value instanceof Double d && !Double.isFinite(d)
                || value instanceof Float f && !Float.isFinite(f)) {
            return;
        }
        w.name(name).value(value);
    }

    /**
     * Decodes a simple JSON payload.
     *
     * @throws IllegalArgumentException
     *             if the bytes are not such a payload
     */
    public static KuraPayload decode(byte[] bytes) {
        return read(bytes, null);
    }

    /** The readings of a JSON batch, in order; empty for a payload that is not a batch. */
    public static List<KuraPayload> decodeBatch(byte[] bytes) {
        List<KuraPayload> readings = new ArrayList<>();
        read(bytes, readings);
        return readings;
    }

    private static KuraPayload read(byte[] bytes, List<KuraPayload> batch) {
        try (JsonReader r = new JsonReader(new StringReader(new String(bytes, StandardCharsets.UTF_8)))) {
            if (r.peek() != JsonToken.BEGIN_OBJECT) {
                throw new IllegalArgumentException("a JSON payload must be an object");
            }
            KuraPayload payload = payload(r, batch);
            if (r.peek() != JsonToken.END_DOCUMENT) {
                throw new IllegalArgumentException("invalid JSON: characters after the payload");
            }
            return payload;
        } catch (IOException | JsonParseException | IllegalStateException | NumberFormatException e) {
            throw new IllegalArgumentException("invalid JSON: " + e.getMessage(), e);
        }
    }

    /** Reads one payload object; the readings of its "batch" go to {@code batch}, or are skipped when it is null. */
    private static KuraPayload payload(JsonReader r, List<KuraPayload> batch) throws IOException {
        KuraPayload payload = new KuraPayload();
        r.beginObject();
        while (r.hasNext()) {
            String name = r.nextName();
            JsonToken t = r.peek();
            if (name.equals("sentOn") && t == JsonToken.NUMBER) {
                payload.setTimestamp(new Date(r.nextLong()));
            } else if (name.equals("position") && t == JsonToken.BEGIN_OBJECT) {
                payload.setPosition(position(r));
            } else if (name.equals("metrics") && t == JsonToken.BEGIN_OBJECT) {
                metrics(r, payload);
            } else if (name.equals("body") && t == JsonToken.STRING) {
                try {
                    payload.setBody(Base64.getDecoder().decode(r.nextString()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("body is not base64");
                }
            } else if (name.equals("batch") && t == JsonToken.BEGIN_ARRAY && batch != null) {
                r.beginArray();
                while (r.hasNext()) {
                    if (r.peek() == JsonToken.BEGIN_OBJECT) {
                        batch.add(payload(r, null));
                    } else {
                        r.skipValue();
                    }
                }
                r.endArray();
            } else {
                r.skipValue();
            }
        }
        r.endObject();
        return payload;
    }

    private static KuraPosition position(JsonReader r) throws IOException {
        KuraPosition p = new KuraPosition();
        r.beginObject();
        while (r.hasNext()) {
            String name = r.nextName();
            if (r.peek() != JsonToken.NUMBER) {
                r.skipValue();
                continue;
            }
            switch (name) {
            case "latitude" -> p.setLatitude(r.nextDouble());
            case "longitude" -> p.setLongitude(r.nextDouble());
            case "altitude" -> p.setAltitude(r.nextDouble());
            case "heading" -> p.setHeading(r.nextDouble());
            case "precision" -> p.setPrecision(r.nextDouble());
            case "speed" -> p.setSpeed(r.nextDouble());
            case "timestamp" -> p.setTimestamp(new Date(r.nextLong()));
            case "satellites" -> p.setSatellites(r.nextInt());
            case "status" -> p.setStatus(r.nextInt());
            default -> r.skipValue();
            }
        }
        r.endObject();
        return p;
    }

    private static void metrics(JsonReader r, KuraPayload payload) throws IOException {
        r.beginObject();
        while (r.hasNext()) {
            String name = r.nextName();
            switch (r.peek()) {
            case STRING -> payload.addMetric(name, r.nextString());
            case BOOLEAN -> payload.addMetric(name, r.nextBoolean());
            case NUMBER -> payload.addMetric(name, number(r.nextString()));
            default -> r.skipValue();
            }
        }
        r.endObject();
    }

    /** An integral literal as Long (Double when it does not fit), any other as Double. */
    private static Number number(String literal) {
        if (literal.indexOf('.') < 0 && literal.indexOf('e') < 0 && literal.indexOf('E') < 0) {
            try {
                return Long.parseLong(literal);
            } catch (NumberFormatException e) {
                // beyond a long: a Double, as any other number
            }
        }
        return Double.parseDouble(literal);
    }
}
