package io.holdfast.backend.ingest.impl.wire;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Kura's SIMPLE_JSON payloads, with Holdfast's {@code "batch"} array, and the seed firmware's flat JSON. */
final class SimpleJson {

    private SimpleJson() {
    }

    static JsonObject object(byte[] payload) throws DecodeException {
        try {
            JsonElement e = JsonParser.parseString(new String(payload, StandardCharsets.UTF_8));
            if (!e.isJsonObject()) {
                throw new DecodeException("JSON payload is not an object");
            }
            return e.getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new DecodeException("not JSON: " + e.getMessage());
        }
    }

    static KuraMessage decode(JsonObject o) throws DecodeException {
        Long sentOn = o.has("sentOn") ? number(o.get("sentOn"), "sentOn") : null;
        Map<String, Object> metrics = new LinkedHashMap<>();
        if (o.has("metrics")) {
            if (!o.get("metrics").isJsonObject()) {
                throw new DecodeException("\"metrics\" is not an object");
            }
            for (Map.Entry<String, JsonElement> m : o.getAsJsonObject("metrics").entrySet()) {
                Object v = value(m.getValue());
                if (v != null) {
                    metrics.put(m.getKey(), v);
                }
            }
        }
        List<KuraMessage> batch = new ArrayList<>();
        if (o.has("batch")) {
            if (!o.get("batch").isJsonArray()) {
                throw new DecodeException("\"batch\" is not an array");
            }
            JsonArray items = o.getAsJsonArray("batch");
            for (JsonElement item : items) {
                if (!item.isJsonObject()) {
                    throw new DecodeException("a batch item is not an object");
                }
                batch.add(decode(item.getAsJsonObject()));
            }
        }
        return new KuraMessage(sentOn, metrics, batch);
    }

    static Long number(JsonElement e, String name) throws DecodeException {
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
            double d = e.getAsDouble();
            if (d == Math.rint(d) && Math.abs(d) < 9.0e15) {
                return e.getAsLong();
            }
        }
        throw new DecodeException("\"" + name + "\" is not an integer: " + e);
    }

    /** A metric value: Long for integers, Double, Boolean, String; null for JSON null, nested values as JSON text. */
    static Object value(JsonElement e) {
        if (e.isJsonNull()) {
            return null;
        }
        if (!e.isJsonPrimitive()) {
            return e.toString();
        }
        JsonPrimitive p = e.getAsJsonPrimitive();
        if (p.isBoolean()) {
            return p.getAsBoolean();
        }
        if (p.isNumber()) {
            double d = p.getAsDouble();
            if (d == Math.rint(d) && Math.abs(d) < 9.0e15 && !p.getAsString().contains(".")) {
                return p.getAsLong();
            }
            return Double.isFinite(d) ? d : null;
        }
        return p.getAsString();
    }
}
