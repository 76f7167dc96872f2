package io.holdfast.esp32.impl.wire.jmh;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The baseline of {@link FrameDecoderBenchmark}: the driver's hand-written parser before it moved to gson, kept here
 * only to measure against. A small strict JSON parser for frames of at most a few kilobytes, and the escaping the
 * downlink needs.
 * <p>
 * Objects become {@link LinkedHashMap}s (duplicate keys are an error), arrays {@link ArrayList}s, integers that fit
 * {@code long} become {@link Long}, other numbers {@link Double}, {@code null} becomes {@code null}. Input must be
 * well-formed UTF-8; nesting is limited. Anything else throws {@link JsonException}: the parser never throws anything
 * else, whatever the bytes.
 */
public final class HandWrittenJson {

    public static final int MAX_DEPTH = 8;

    /** Thrown for input that is not one strict JSON value. */
    public static final class JsonException extends Exception {
        private static final long serialVersionUID = 1L;

        JsonException(String message) {
            super(message, null, false, false);
        }
    }

    private final byte[] b;
    private final int end;
    private int pos;

    private HandWrittenJson(byte[] b, int off, int len) {
        this.b = b;
        this.pos = off;
        this.end = off + len;
    }

    /**
     * Parses one JSON object.
     *
     * @return the object, never {@code null}
     */
    public static Map<String, Object> parseObject(byte[] bytes, int off, int len) throws JsonException {
        if (!validUtf8(bytes, off, len)) {
            throw new JsonException("not UTF-8");
        }
        HandWrittenJson p = new HandWrittenJson(bytes, off, len);
        p.skipWs();
        if (p.pos >= p.end || p.b[p.pos] != '{') {
            throw new JsonException("not a JSON object");
        }
        Map<String, Object> o = p.object(1);
        p.skipWs();
        if (p.pos != p.end) {
            throw new JsonException("trailing bytes after the object");
        }
        return o;
    }

    public static Map<String, Object> parseObject(String s) throws JsonException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        return parseObject(bytes, 0, bytes.length);
    }

    private void skipWs() {
        while (pos < end) {
            byte c = b[pos];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                pos++;
            } else {
                return;
            }
        }
    }

    private Object value(int depth) throws JsonException {
        skipWs();
        if (pos >= end) {
            throw new JsonException("unexpected end");
        }
        byte c = b[pos];
        switch (c) {
        case '{':
            return object(depth + 1);
        case '[':
            return array(depth + 1);
        case '"':
            return string();
        case 't':
            literal("true");
            return Boolean.TRUE;
        case 'f':
            literal("false");
            return Boolean.FALSE;
        case 'n':
            literal("null");
            return null;
        default:
            if (c == '-' || (c >= '0' && c <= '9')) {
                return number();
            }
            throw new JsonException("unexpected character at " + pos);
        }
    }

    private void literal(String word) throws JsonException {
        int n = word.length();
        if (end - pos < n) {
            throw new JsonException("bad literal");
        }
        for (int i = 0; i < n; i++) {
            if (b[pos + i] != word.charAt(i)) {
                throw new JsonException("bad literal");
            }
        }
        pos += n;
    }

    private Map<String, Object> object(int depth) throws JsonException {
        if (depth > MAX_DEPTH) {
            throw new JsonException("nested too deep");
        }
        pos++; // {
        Map<String, Object> o = new LinkedHashMap<>();
        skipWs();
        if (pos < end && b[pos] == '}') {
            pos++;
            return o;
        }
        while (true) {
            skipWs();
            if (pos >= end || b[pos] != '"') {
                throw new JsonException("expected a key");
            }
            String key = string();
            skipWs();
            if (pos >= end || b[pos] != ':') {
                throw new JsonException("expected ':'");
            }
            pos++;
            Object v = value(depth);
            if (o.containsKey(key)) {
                throw new JsonException("duplicate key " + key);
            }
            o.put(key, v);
            skipWs();
            if (pos >= end) {
                throw new JsonException("unterminated object");
            }
            byte c = b[pos++];
            if (c == '}') {
                return o;
            }
            if (c != ',') {
                throw new JsonException("expected ',' or '}'");
            }
        }
    }

    private List<Object> array(int depth) throws JsonException {
        if (depth > MAX_DEPTH) {
            throw new JsonException("nested too deep");
        }
        pos++; // [
        List<Object> a = new ArrayList<>();
        skipWs();
        if (pos < end && b[pos] == ']') {
            pos++;
            return a;
        }
        while (true) {
            a.add(value(depth));
            skipWs();
            if (pos >= end) {
                throw new JsonException("unterminated array");
            }
            byte c = b[pos++];
            if (c == ']') {
                return a;
            }
            if (c != ',') {
                throw new JsonException("expected ',' or ']'");
            }
        }
    }

    private String string() throws JsonException {
        int start = ++pos; // opening quote
        boolean plain = true;
        while (pos < end) {
            byte c = b[pos];
            if (c == '"') {
                if (plain) {
                    String s = new String(b, start, pos - start, StandardCharsets.UTF_8);
                    pos++;
                    return s;
                }
                break;
            }
            if ((c & 0xFF) < 0x20) {
                throw new JsonException("control character in string");
            }
            if (c == '\\') {
                plain = false;
                pos += 2;
            } else {
                pos++;
            }
        }
        if (plain) {
            throw new JsonException("unterminated string");
        }
        // slow path: escapes
        pos = start;
        StringBuilder sb = new StringBuilder();
        int runStart = pos;
        while (pos < end) {
            byte c = b[pos];
            if (c == '"') {
                sb.append(new String(b, runStart, pos - runStart, StandardCharsets.UTF_8));
                pos++;
                return sb.toString();
            }
            if ((c & 0xFF) < 0x20) {
                throw new JsonException("control character in string");
            }
            if (c != '\\') {
                pos++;
                continue;
            }
            sb.append(new String(b, runStart, pos - runStart, StandardCharsets.UTF_8));
            if (pos + 1 >= end) {
                throw new JsonException("unterminated escape");
            }
            byte e = b[pos + 1];
            pos += 2;
            switch (e) {
            case '"' -> sb.append('"');
            case '\\' -> sb.append('\\');
            case '/' -> sb.append('/');
            case 'b' -> sb.append('\b');
            case 'f' -> sb.append('\f');
            case 'n' -> sb.append('\n');
            case 'r' -> sb.append('\r');
            case 't' -> sb.append('\t');
            case 'u' -> {
                if (end - pos < 4) {
                    throw new JsonException("bad \\u escape");
                }
                int v = 0;
                for (int i = 0; i < 4; i++) {
                    int d = Character.digit(b[pos + i], 16);
                    if (d < 0) {
                        throw new JsonException("bad \\u escape");
                    }
                    v = v * 16 + d;
                }
                pos += 4;
                sb.append((char) v);
            }
            default -> throw new JsonException("bad escape");
            }
            runStart = pos;
        }
        throw new JsonException("unterminated string");
    }

    private Object number() throws JsonException {
        int start = pos;
        if (b[pos] == '-') {
            pos++;
        }
        int intStart = pos;
        if (pos >= end) {
            throw new JsonException("bad number");
        }
        if (b[pos] == '0') {
            pos++;
        } else if (b[pos] >= '1' && b[pos] <= '9') {
            while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
                pos++;
            }
        } else {
            throw new JsonException("bad number");
        }
        int intDigits = pos - intStart;
        boolean integral = true;
        if (pos < end && b[pos] == '.') {
            integral = false;
            pos++;
            int s = pos;
            while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
                pos++;
            }
            if (pos == s) {
                throw new JsonException("bad number");
            }
        }
        if (pos < end && (b[pos] == 'e' || b[pos] == 'E')) {
            integral = false;
            pos++;
            if (pos < end && (b[pos] == '+' || b[pos] == '-')) {
                pos++;
            }
            int s = pos;
            while (pos < end && b[pos] >= '0' && b[pos] <= '9') {
                pos++;
            }
            if (pos == s) {
                throw new JsonException("bad number");
            }
        }
        if (integral && intDigits <= 18) {
            long v = 0;
            for (int i = intStart; i < pos; i++) {
                v = v * 10 + (b[i] - '0');
            }
            return b[start] == '-' ? -v : v;
        }
        String text = new String(b, start, pos - start, StandardCharsets.US_ASCII);
        if (integral) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException tooBig) {
                // falls through to double
            }
        }
        return Double.parseDouble(text);
    }

    /** Strict UTF-8: no overlongs, no surrogates, nothing above U+10FFFF. */
    public static boolean validUtf8(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                i++;
                continue;
            }
            int n;
            int min;
            if (c >= 0xC2 && c <= 0xDF) {
                n = 1;
                min = 0x80;
            } else if (c >= 0xE0 && c <= 0xEF) {
                n = 2;
                min = 0x800;
            } else if (c >= 0xF0 && c <= 0xF4) {
                n = 3;
                min = 0x10000;
            } else {
                return false;
            }
            if (end - i <= n) {
                return false;
            }
            int cp = c & (0x3F >> n);
            for (int k = 1; k <= n; k++) {
                int cc = b[i + k] & 0xFF;
                if ((cc & 0xC0) != 0x80) {
                    return false;
                }
                cp = (cp << 6) | (cc & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                return false;
            }
            i += n + 1;
        }
        return true;
    }

    /** A JSON string literal, quoted and escaped. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
            case '"' -> sb.append("\\\"");
            case '\\' -> sb.append("\\\\");
            case '\n' -> sb.append("\\n");
            case '\r' -> sb.append("\\r");
            case '\t' -> sb.append("\\t");
            default -> {
                if (c < 0x20) {
                    sb.append(String.format("\\u%04x", (int) c));
                } else {
                    sb.append(c);
                }
            }
            }
        }
        return sb.append('"').toString();
    }
}
