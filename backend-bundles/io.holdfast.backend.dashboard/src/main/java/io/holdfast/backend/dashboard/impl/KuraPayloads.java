package io.holdfast.backend.dashboard.impl;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The Kura payload of DEPLOY-V2 requests and notifications (KURA-CONTRACT section 5), in both encodings: protobuf
 * (proto2 {@code KuraPayload}: timestamp = 1, metric = 5000, body = 5001; {@code KuraMetric}: name = 1, type = 2,
 * values 3 to 9) written and read by hand for the few fields used here, and Kura's simple JSON.
 */
final class KuraPayloads {

    /** Metrics and body of a payload. */
    record Payload(Map<String, Object> metrics, byte[] body) {
    }

    private static final Gson GSON = new Gson();

    private KuraPayloads() {
    }

    static byte[] encode(Map<String, Object> metrics, boolean json) {
        return json ? encodeJson(metrics) : encodeProtobuf(metrics);
    }

    static Payload decode(byte[] b) throws IOException {
        if (b.length > 1 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b) {
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(b))) {
                b = in.readAllBytes();
            }
        }
        int i = 0;
        while (i < b.length && Character.isWhitespace(b[i])) {
            i++;
        }
        return i < b.length && b[i] == '{' ? decodeJson(b) : decodeProtobuf(b);
    }

    private static byte[] encodeJson(Map<String, Object> metrics) {
        JsonObject o = new JsonObject();
        o.addProperty("sentOn", System.currentTimeMillis());
        o.add("metrics", GSON.toJsonTree(metrics));
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Payload decodeJson(byte[] b) {
        JsonObject o = JsonParser.parseString(new String(b, StandardCharsets.UTF_8)).getAsJsonObject();
        Map<String, Object> m = new LinkedHashMap<>();
        if (o.has("metrics") && o.get("metrics").isJsonObject()) {
            for (Map.Entry<String, JsonElement> e : o.getAsJsonObject("metrics").entrySet()) {
                if (e.getValue().isJsonPrimitive()) {
                    JsonPrimitive p = e.getValue().getAsJsonPrimitive();
                    m.put(e.getKey(), p.isNumber() ? (Object) p.getAsNumber()
                            : p.isBoolean() ? (Object) p.getAsBoolean() : p.getAsString());
                }
            }
        }
        byte[] body = o.has("body") ? Base64.getDecoder().decode(o.get("body").getAsString()) : new byte[0];
        return new Payload(m, body);
    }

    private static byte[] encodeProtobuf(Map<String, Object> metrics) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        tag(out, 1, 0);
        varint(out, System.currentTimeMillis());
        for (Map.Entry<String, Object> e : metrics.entrySet()) {
            ByteArrayOutputStream m = new ByteArrayOutputStream();
            bytes(m, 1, e.getKey().getBytes(StandardCharsets.UTF_8));
            Object v = e.getValue();
            if (v instanceof Boolean bool) {
                tag(m, 2, 0);
                varint(m, 4);
                tag(m, 7, 0);
                varint(m, bool ? 1 : 0);
            } else if (v instanceof Integer n) {
                tag(m, 2, 0);
                varint(m, 3);
                tag(m, 6, 0);
                varint(m, n.longValue()); // int32: negative values sign-extended to ten bytes, as protobuf does
            } else if (v instanceof Long n) {
                tag(m, 2, 0);
                varint(m, 2);
                tag(m, 5, 0);
                varint(m, n);
            } else if (v instanceof Double d) {
                tag(m, 2, 0);
                varint(m, 0);
                tag(m, 3, 1);
                m.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(d).array());
            } else {
                tag(m, 2, 0);
                varint(m, 5);
                bytes(m, 8, String.valueOf(v).getBytes(StandardCharsets.UTF_8));
            }
            bytes(out, 5000, m.toByteArray());
        }
        return out.toByteArray();
    }

    private static Payload decodeProtobuf(byte[] b) throws IOException {
        Map<String, Object> metrics = new LinkedHashMap<>();
        byte[] body = new byte[0];
        Reader r = new Reader(b, 0, b.length);
        while (r.more()) {
            long key = r.varint();
            int field = (int) (key >>> 3);
            int wire = (int) (key & 7);
            if (field == 5000 && wire == 2) {
                int len = (int) r.varint();
                metric(new Reader(b, r.pos, r.pos + len), metrics);
                r.pos += len;
            } else if (field == 5001 && wire == 2) {
                int len = (int) r.varint();
                body = java.util.Arrays.copyOfRange(b, r.pos, r.pos + len);
                r.pos += len;
            } else {
                r.skip(wire);
            }
        }
        return new Payload(metrics, body);
    }

    private static void metric(Reader r, Map<String, Object> into) throws IOException {
        String name = null;
        Object value = null;
        while (r.more()) {
            long key = r.varint();
            int field = (int) (key >>> 3);
            int wire = (int) (key & 7);
            switch (field) {
            case 1 -> name = new String(r.bytes(), StandardCharsets.UTF_8);
            case 3 -> value = Double.longBitsToDouble(r.fixed(8));
            case 4 -> value = (double) Float.intBitsToFloat((int) r.fixed(4));
            case 5 -> value = r.varint();
            case 6 -> value = (long) (int) r.varint();
            case 7 -> value = r.varint() != 0;
            case 8 -> value = new String(r.bytes(), StandardCharsets.UTF_8);
            case 9 -> value = Base64.getEncoder().encodeToString(r.bytes());
            default -> r.skip(wire);
            }
        }
        if (name != null && value != null) {
            into.put(name, value);
        }
    }

    private static final class Reader {
        private final byte[] b;
        private final int end;
        int pos;

        Reader(byte[] b, int pos, int end) throws IOException {
            if (end > b.length || pos > end) {
                throw new IOException("truncated protobuf");
            }
            this.b = b;
            this.pos = pos;
            this.end = end;
        }

        boolean more() {
            return pos < end;
        }

        long varint() throws IOException {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= end) {
                    throw new IOException("truncated varint");
                }
                int x = b[pos++] & 0xff;
                v |= (long) (x & 0x7f) << shift;
                if ((x & 0x80) == 0) {
                    return v;
                }
            }
            throw new IOException("bad varint");
        }

        long fixed(int n) throws IOException {
            if (pos + n > end) {
                throw new IOException("truncated fixed");
            }
            long v = 0;
            for (int i = 0; i < n; i++) {
                v |= (long) (b[pos++] & 0xff) << (8 * i);
            }
            return v;
        }

        byte[] bytes() throws IOException {
            int len = (int) varint();
            if (len < 0 || pos + len > end) {
                throw new IOException("truncated bytes");
            }
            byte[] out = java.util.Arrays.copyOfRange(b, pos, pos + len);
            pos += len;
            return out;
        }

        void skip(int wire) throws IOException {
            switch (wire) {
            case 0 -> varint();
            case 1 -> fixed(8);
            case 2 -> bytes();
            case 5 -> fixed(4);
            default -> throw new IOException("unsupported wire type " + wire);
            }
        }
    }

    private static void tag(ByteArrayOutputStream out, int field, int wire) {
        varint(out, ((long) field << 3) | wire);
    }

    private static void bytes(ByteArrayOutputStream out, int field, byte[] b) {
        tag(out, field, 2);
        varint(out, b.length);
        out.writeBytes(b);
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7fL) != 0) {
            out.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
