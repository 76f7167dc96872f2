package io.holdfast.cloud.mqtt.impl.payload.baseline;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.message.KuraPayload;
import org.eclipse.kura.message.KuraPosition;

/**
 * The benchmark's baseline: the hand-written JSON encoder and parser this bundle had before it used gson (as it was at
 * commit b9dabff, only renamed). Not used by the bundle.
 */
public final class HandWrittenJson {

    private HandWrittenJson() {
    }

    public static byte[] encode(KuraPayload payload) throws KuraException {
        return object(payload, null).getBytes(StandardCharsets.UTF_8);
    }

    /** A batch: the outer payload's fields plus {@code "batch": [reading, ...]} (readings as encoded). */
    public static byte[] encodeBatch(KuraPayload outer, List<byte[]> readings) throws KuraException {
        return object(outer, readings).getBytes(StandardCharsets.UTF_8);
    }

    private static String object(KuraPayload payload, List<byte[]> batch) throws KuraException {
        StringBuilder sb = new StringBuilder(128);
        sb.append('{');
        boolean first = true;
        if (payload.getTimestamp() != null) {
            sb.append("\"sentOn\":").append(payload.getTimestamp().getTime());
            first = false;
        }
        KuraPosition p = payload.getPosition();
        if (p != null) {
            first = comma(sb, first);
            sb.append("\"position\":{");
            boolean f = true;
            f = number(sb, f, "latitude", p.getLatitude());
            f = number(sb, f, "longitude", p.getLongitude());
            f = number(sb, f, "altitude", p.getAltitude());
            f = number(sb, f, "heading", p.getHeading());
            f = number(sb, f, "precision", p.getPrecision());
            f = number(sb, f, "speed", p.getSpeed());
            f = number(sb, f, "timestamp", p.getTimestamp() == null ? null : p.getTimestamp().getTime());
            f = number(sb, f, "satellites", p.getSatellites());
            number(sb, f, "status", p.getStatus());
            sb.append('}');
        }
        first = comma(sb, first);
        sb.append("\"metrics\":{");
        boolean f = true;
        for (Map.Entry<String, Object> m : payload.metrics().entrySet()) {
            Object v = m.getValue();
            if (m.getKey() == null || v == null) {
                continue;
            }
            if (v instanceof Number n) {
                if (!(n instanceof Double || n instanceof Float || n instanceof Integer || n instanceof Long)) {
                    throw unsupported(m.getKey(), v);
                }
                f = number(sb, f, m.getKey(), n);
            } else if (v instanceof Boolean b) {
                f = comma(sb, f);
                string(sb, m.getKey()).append(':').append(b.booleanValue());
            } else if (v instanceof String s) {
                f = comma(sb, f);
                string(sb, m.getKey()).append(':');
                string(sb, s);
            } else if (v instanceof byte[] b) {
                f = comma(sb, f);
                string(sb, m.getKey()).append(':');
                string(sb, Base64.getEncoder().encodeToString(b));
            } else {
                throw unsupported(m.getKey(), v);
            }
        }
        sb.append('}');
        if (payload.getBody() != null) {
            sb.append(",\"body\":");
            string(sb, Base64.getEncoder().encodeToString(payload.getBody()));
        }
        if (batch != null) {
            sb.append(",\"batch\":[");
            for (int i = 0; i < batch.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(new String(batch.get(i), StandardCharsets.UTF_8));
            }
            sb.append(']');
        }
        return sb.append('}').toString();
    }

    private static KuraException unsupported(String name, Object v) {
        return new KuraException(KuraErrorCode.ENCODE_ERROR,
                "metric '" + name + "' has the type " + v.getClass().getName() + ", which a Kura payload cannot carry");
    }

    private static boolean comma(StringBuilder sb, boolean first) {
        if (!first) {
            sb.append(',');
        }
        return false;
    }

    /** Appends {@code "name":value} unless the value is null or not finite; returns the new "first" flag. */
    private static boolean number(StringBuilder sb, boolean first, String name, Number value) {
        if (value == null) {
            return first;
        }
        if (value instanceof Double d && !Double.isFinite(d) || value instanceof Float fl && !Float.isFinite(fl)) {
            return first;
        }
        comma(sb, first);
        string(sb, name).append(':').append(value);
        return false;
    }

    public static StringBuilder string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
            case '"' -> sb.append("\\\"");
            case '\\' -> sb.append("\\\\");
            case '\n' -> sb.append("\\n");
            case '\r' -> sb.append("\\r");
            case '\t' -> sb.append("\\t");
            case '\b' -> sb.append("\\b");
            case '\f' -> sb.append("\\f");
            default -> {
                if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                    sb.append(String.format("\\u%04x", (int) c));
                } else {
                    sb.append(c);
                }
            }
            }
        }
        return sb.append('"');
    }

    /**
     * Decodes a simple JSON payload.
     *
     * @throws IllegalArgumentException
     *             if the bytes are not such a payload
     */
    public static KuraPayload decode(byte[] bytes) {
        Object root = new Parser(new String(bytes, StandardCharsets.UTF_8)).document();
        if (!(root instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("a JSON payload must be an object");
        }
        return toPayload(map);
    }

    /** The readings of a JSON batch, in order; empty for a payload that is not a batch. */
    public static List<KuraPayload> decodeBatch(byte[] bytes) {
        Object root = new Parser(new String(bytes, StandardCharsets.UTF_8)).document();
        List<KuraPayload> out = new ArrayList<>();
        if (root instanceof Map<?, ?> map && map.get("batch") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m) {
                    out.add(toPayload(m));
                }
            }
        }
        return out;
    }

    private static KuraPayload toPayload(Map<?, ?> map) {
        KuraPayload payload = new KuraPayload();
        if (map.get("sentOn") instanceof Number n) {
            payload.setTimestamp(new Date(n.longValue()));
        }
        if (map.get("position") instanceof Map<?, ?> pos) {
            KuraPosition p = new KuraPosition();
            if (pos.get("latitude") instanceof Number n) {
                p.setLatitude(n.doubleValue());
            }
            if (pos.get("longitude") instanceof Number n) {
                p.setLongitude(n.doubleValue());
            }
            if (pos.get("altitude") instanceof Number n) {
                p.setAltitude(n.doubleValue());
            }
            if (pos.get("heading") instanceof Number n) {
                p.setHeading(n.doubleValue());
            }
            if (pos.get("precision") instanceof Number n) {
                p.setPrecision(n.doubleValue());
            }
            if (pos.get("speed") instanceof Number n) {
                p.setSpeed(n.doubleValue());
            }
            if (pos.get("timestamp") instanceof Number n) {
                p.setTimestamp(new Date(n.longValue()));
            }
            if (pos.get("satellites") instanceof Number n) {
                p.setSatellites(n.intValue());
            }
            if (pos.get("status") instanceof Number n) {
                p.setStatus(n.intValue());
            }
            payload.setPosition(p);
        }
        if (map.get("metrics") instanceof Map<?, ?> metrics) {
            for (Map.Entry<?, ?> e : metrics.entrySet()) {
                Object v = e.getValue();
                if (v instanceof String || v instanceof Number || v instanceof Boolean) {
                    payload.addMetric((String) e.getKey(), v);
                }
            }
        }
        if (map.get("body") instanceof String body) {
            try {
                payload.setBody(Base64.getDecoder().decode(body));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("body is not base64");
            }
        }
        return payload;
    }

    /** A small strict JSON parser: objects (insertion ordered), arrays, strings, numbers, booleans, null. */
    static final class Parser {
        private static final int MAX_DEPTH = 64;
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        Object document() {
            Object v = value(0);
            ws();
            if (pos != s.length()) {
                throw error("trailing characters");
            }
            return v;
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("invalid JSON at " + pos + ": " + what);
        }

        private void ws() {
            while (pos < s.length() && " \t\r\n".indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
        }

        private Object value(int depth) {
            if (depth > MAX_DEPTH) {
                throw error("nested too deep");
            }
            ws();
            if (pos >= s.length()) {
                throw error("unexpected end");
            }
            char c = s.charAt(pos);
            switch (c) {
            case '{' -> {
                pos++;
                Map<String, Object> map = new LinkedHashMap<>();
                ws();
                if (peek('}')) {
                    pos++;
                    return map;
                }
                while (true) {
                    ws();
                    if (!peek('"')) {
                        throw error("expected a name");
                    }
                    String key = string();
                    ws();
                    expect(':');
                    map.put(key, value(depth + 1));
                    ws();
                    if (peek(',')) {
                        pos++;
                    } else {
                        expect('}');
                        return map;
                    }
                }
            }
            case '[' -> {
                pos++;
                List<Object> list = new ArrayList<>();
                ws();
                if (peek(']')) {
                    pos++;
                    return list;
                }
                while (true) {
                    list.add(value(depth + 1));
                    ws();
                    if (peek(',')) {
                        pos++;
                    } else {
                        expect(']');
                        return list;
                    }
                }
            }
            case '"' -> {
                return string();
            }
            case 't' -> {
                literal("true");
                return Boolean.TRUE;
            }
            case 'f' -> {
                literal("false");
                return Boolean.FALSE;
            }
            case 'n' -> {
                literal("null");
                return null;
            }
            default -> {
                return number();
            }
            }
        }

        private boolean peek(char c) {
            return pos < s.length() && s.charAt(pos) == c;
        }

        private void expect(char c) {
            if (!peek(c)) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        private void literal(String word) {
            if (!s.startsWith(word, pos)) {
                throw error("expected " + word);
            }
            pos += word.length();
        }

        private String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (pos >= s.length()) {
                    throw error("unterminated string");
                }
                char c = s.charAt(pos++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\') {
                    if (pos >= s.length()) {
                        throw error("unterminated escape");
                    }
                    char e = s.charAt(pos++);
                    switch (e) {
                    case '"', '\\', '/' -> sb.append(e);
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        if (pos + 4 > s.length()) {
                            throw error("short unicode escape");
                        }
                        try {
                            sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw error("bad unicode escape");
                        }
                        pos += 4;
                    }
                    default -> throw error("bad escape");
                    }
                } else if (c < 0x20) {
                    throw error("control character in a string");
                } else {
                    sb.append(c);
                }
            }
        }

        private Number number() {
            int start = pos;
            if (peek('-')) {
                pos++;
            }
            boolean integral = true;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c >= '0' && c <= '9') {
                    pos++;
                } else if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
                    integral = false;
                    pos++;
                } else {
                    break;
                }
            }
            String text = s.substring(start, pos);
            if (text.isEmpty() || text.equals("-")) {
                throw error("unexpected character");
            }
            try {
                if (integral) {
                    try {
                        return Long.parseLong(text);
                    } catch (NumberFormatException tooBig) {
                        return Double.parseDouble(text);
                    }
                }
                return Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw error("bad number " + text);
            }
        }
    }
}
