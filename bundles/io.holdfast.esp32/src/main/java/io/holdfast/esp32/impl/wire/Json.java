package io.holdfast.esp32.impl.wire;

import com.google.gson.Gson;
import com.google.gson.JsonPrimitive;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of frames, through gson (the version Kura ships): a strict reader of one object per line, and the writing
 * the downlink and the raw metrics need.
 * <p>
 * Objects become {@link LinkedHashMap}s (duplicate keys are an error), arrays {@link ArrayList}s, integers that fit
 * {@code long} become {@link Long}, other numbers {@link Double}, {@code null} becomes {@code null}. Input must be
 * well-formed UTF-8 (the JDK's decoder, reporting errors); nesting is limited; gson's strict mode rejects the rest of
 * what is not JSON, and this class the control characters gson lets through inside strings. Anything else throws
 * {@link JsonException}, whatever the bytes.
 */
public final class Json {

    static final int MAX_DEPTH = 8;
    private static final Gson GSON = new Gson();

    /** Thrown for input that is not one strict JSON object. */
    public static final class JsonException extends Exception {
        private static final long serialVersionUID = 1L;

        JsonException(String message) {
            super(message, null, false, false);
        }
    }

    private Json() {
    }

    /**
     * Parses one JSON object.
     *
     * @return the object, never {@code null}
     */
    public static Map<String, Object> parseObject(byte[] bytes, int off, int len) throws JsonException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, off, len))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new JsonException("not UTF-8");
        }
        return parseObject(text);
    }

    public static Map<String, Object> parseObject(String text) throws JsonException {
        rejectControlCharactersInStrings(text);
        try (JsonReader r = new JsonReader(new StringReader(text))) {
            r.setLenient(false);
            if (r.peek() != JsonToken.BEGIN_OBJECT) {
                throw new JsonException("not a JSON object");
            }
            Map<String, Object> o = object(r, 1);
            if (r.peek() != JsonToken.END_DOCUMENT) {
                throw new JsonException("trailing bytes after the object");
            }
            return o;
        } catch (MalformedJsonException | java.io.EOFException e) {
            throw new JsonException(e.getMessage());
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            // gson reports some malformed input (a bad \\u escape, a value where none may be) this way
            throw new JsonException(String.valueOf(e.getMessage()));
        }
    }

    private static Map<String, Object> object(JsonReader r, int depth) throws IOException, JsonException {
        if (depth > MAX_DEPTH) {
            throw new JsonException("nested too deep");
        }
        Map<String, Object> o = new LinkedHashMap<>();
        r.beginObject();
        while (r.hasNext()) {
            String key = r.nextName();
            Object v = value(r, depth);
            if (o.containsKey(key)) {
                throw new JsonException("duplicate key " + key);
            }
            o.put(key, v);
        }
        r.endObject();
        return o;
    }

    private static Object value(JsonReader r, int depth) throws IOException, JsonException {
        switch (r.peek()) {
        case BEGIN_OBJECT:
            return object(r, depth + 1);
        case BEGIN_ARRAY: {
            if (depth + 1 > MAX_DEPTH) {
                throw new JsonException("nested too deep");
            }
            List<Object> a = new ArrayList<>();
            r.beginArray();
            while (r.hasNext()) {
                a.add(value(r, depth + 1));
            }
            r.endArray();
            return a;
        }
        case STRING:
            return r.nextString();
        case NUMBER:
            return number(r.nextString());
        case BOOLEAN:
            return r.nextBoolean();
        case NULL:
            r.nextNull();
            return null;
        default:
            throw new JsonException("unexpected " + r.peek());
        }
    }

    /** A JSON number (gson checked its syntax) as Long when it is an integer that fits, else as Double. */
    private static Object number(String text) {
        boolean integral = text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0;
        if (integral) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException tooBig) {
                // falls through to double
            }
        }
        return Double.parseDouble(text);
    }

    /** JSON forbids raw control characters inside strings; gson's reader accepts them. */
    private static void rejectControlCharactersInStrings(String s) throws JsonException {
        boolean inString = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                } else if (c < 0x20) {
                    throw new JsonException("control character in string");
                }
            } else if (c == '"') {
                inString = true;
            }
        }
    }

    /** Whether bytes are well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF). */
    static boolean validUtf8(byte[] b, int off, int len) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, off, len));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** A JSON string literal, quoted and escaped. */
    public static String quote(String s) {
        return new JsonPrimitive(s).toString();
    }

    /** A value of a frame (Map, List, String, Long, Double, Boolean) as JSON text. */
    public static String write(Object value) {
        return GSON.toJson(value);
    }
}
