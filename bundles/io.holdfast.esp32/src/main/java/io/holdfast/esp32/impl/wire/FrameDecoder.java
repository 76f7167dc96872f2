package io.holdfast.esp32.impl.wire;

import io.holdfast.api.reading.Reading;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes one line (without its newline) into a {@link Frame}, or says why not. Pure and thread safe; bad input never
 * makes it throw.
 * <p>
 * Besides the frames of ESP32-LINK.md it accepts, unchanged, the seed firmware's payloads
 * ({@code {"macAddress":..,"timestamp":..,"rssi":..}} and {@code {..,"temperature":..}}), which carry no sequence
 * number and only uptime.
 */
public final class FrameDecoder {

    /** Sensor type of the seed firmware's gateway topic (RSSI in percent). */
    public static final String SEED_RSSI = "rssi";
    /** Sensor type of the seed firmware's temperature topic (degrees Celsius). */
    public static final String SEED_TEMPERATURE = "temperature";

    public static final int MAX_BATCH = 100;
    /** Uptime or epoch values above this (about 285 000 years in ms) are absurd. */
    private static final long MAX_MILLIS = 1L << 53;
    /** Epoch ms before 2000-01-01 cannot be a synchronised clock. */
    private static final long MIN_EPOCH_MS = 946_684_800_000L;

    /** What the transport knows about a payload: the MQTT topic's sensor type and MAC, for seed payloads. */
    public record Hint(String sensorType, String mac) {
    }

    private static final class Bad extends Exception {
        private static final long serialVersionUID = 1L;
        final RejectReason reason;

        Bad(RejectReason reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }
    }

    private FrameDecoder() {
    }

    public static Decoded decode(byte[] b, int off, int len, boolean crcRequired) {
        return decode(b, off, len, crcRequired, null);
    }

    public static Decoded decode(byte[] b, int off, int len, boolean crcRequired, Hint hint) {
        try {
            if (len > LineFramer.MAX_LINE) {
                return Decoded.reject(RejectReason.TOO_LONG, len + " bytes");
            }
            int jsonLen = len;
            boolean crc = false;
            if (len >= 5 && b[off + len - 5] == '\t') {
                int expected = 0;
                for (int i = len - 4; i < len; i++) {
                    int d = Character.digit(b[off + i], 16);
                    if (d < 0) {
                        return Decoded.reject(RejectReason.BAD_CRC, "malformed CRC suffix");
                    }
                    expected = expected * 16 + d;
                }
                jsonLen = len - 5;
                int actual = Crc16.of(b, off, jsonLen);
                if (actual != expected) {
                    return Decoded.reject(RejectReason.BAD_CRC,
                            String.format("CRC %04X, frame says %04X", actual, expected));
                }
                crc = true;
            } else if (crcRequired) {
                return Decoded.reject(RejectReason.BAD_CRC, "no CRC suffix and CRC is required");
            }
            Map<String, Object> o;
            try {
                o = Json.parseObject(b, off, jsonLen);
            } catch (Json.JsonException e) {
                return Decoded.reject(RejectReason.NOT_JSON, e.getMessage());
            }
            return Decoded.ok(frame(o, hint), crc);
        } catch (Bad e) {
            return Decoded.reject(e.reason, e.getMessage());
        }
    }

    private static Frame frame(Map<String, Object> o, Hint hint) throws Bad {
        Object t = o.get("t");
        if (t == null) {
            if (o.containsKey("macAddress") || hint != null) {
                return seed(o, hint);
            }
            throw new Bad(RejectReason.MISSING_FIELD, "t");
        }
        if (!(t instanceof String type)) {
            throw new Bad(RejectReason.OUT_OF_RANGE, "t is not a string");
        }
        switch (type) {
        case "r": {
            String mac = mac(o, "mac");
            return new Frame.Readings(mac, List.of(item(o)), false, false, List.of());
        }
        case "rb": {
            String mac = mac(o, "mac");
            Object items = require(o, "items");
            if (!(items instanceof List<?> list)) {
                throw new Bad(RejectReason.OUT_OF_RANGE, "items is not an array");
            }
            if (list.size() > MAX_BATCH) {
                throw new Bad(RejectReason.OUT_OF_RANGE, "more than " + MAX_BATCH + " items");
            }
            List<Frame.Item> good = new ArrayList<>(list.size());
            List<RejectReason> bad = new ArrayList<>(0);
            for (Object it : list) {
                if (!(it instanceof Map<?, ?> m)) {
                    bad.add(RejectReason.OUT_OF_RANGE);
                    continue;
                }
                try {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> item = (Map<String, Object>) m;
                    good.add(item(item));
                } catch (Bad e) {
                    bad.add(e.reason);
                }
            }
            return new Frame.Readings(mac, good, true, false, bad);
        }
        case "hello": {
            String mac = mac(o, "mac");
            String fw = optText(o, "fw", 64);
            String chip = optText(o, "chip", 64);
            List<String> sensors = List.of();
            Object s = o.get("sensors");
            if (s != null) {
                if (!(s instanceof List<?> l) || l.size() > 32) {
                    throw new Bad(RejectReason.OUT_OF_RANGE, "sensors is not an array of at most 32 types");
                }
                List<String> types = new ArrayList<>();
                for (Object x : l) {
                    if (!(x instanceof String str) || !isSensorType(str)) {
                        throw new Bad(RejectReason.OUT_OF_RANGE, "bad sensor type in sensors");
                    }
                    types.add(str);
                }
                sensors = List.copyOf(types);
            }
            Long uptime = optMillis(o, "uptime");
            String token = optText(o, "token", 256);
            Long seq = optLong(o, "seq");
            if (seq != null && (seq < 0 || seq > Reading.MAX_SEQ)) {
                throw new Bad(RejectReason.OUT_OF_RANGE, "seq " + seq + " is not an unsigned 32-bit number");
            }
            return new Frame.Hello(mac, fw, chip, sensors, uptime, token, seq);
        }
        case "st": {
            String mac = mac(o, "mac");
            Long rssi = optLong(o, "rssi");
            if (rssi != null && (rssi < -127 || rssi > 0)) {
                throw new Bad(RejectReason.OUT_OF_RANGE, "rssi " + rssi + " dBm");
            }
            Long heap = optLong(o, "heap");
            if (heap != null && (heap < 0 || heap > 1L << 40)) {
                throw new Bad(RejectReason.OUT_OF_RANGE, "heap " + heap);
            }
            return new Frame.Status(mac, rssi == null ? null : rssi.intValue(), heap, optMillis(o, "uptime"));
        }
        default:
            throw new Bad(RejectReason.UNKNOWN_TYPE, type.length() > 16 ? type.substring(0, 16) + "..." : type);
        }
    }

    private static Frame seed(Map<String, Object> o, Hint hint) throws Bad {
        String mac;
        if (o.containsKey("macAddress")) {
            mac = mac(o, "macAddress");
        } else if (hint != null && hint.mac() != null) {
            mac = normalizeMac(hint.mac());
            if (mac == null) {
                throw new Bad(RejectReason.OUT_OF_RANGE, "topic MAC " + hint.mac());
            }
        } else {
            throw new Bad(RejectReason.MISSING_FIELD, "macAddress");
        }
        Object ts = require(o, "timestamp");
        Long uptime = millis(ts, "timestamp");
        String type;
        if (hint != null && hint.sensorType() != null) {
            type = hint.sensorType();
        } else if (o.containsKey(SEED_TEMPERATURE)) {
            type = SEED_TEMPERATURE;
        } else if (o.containsKey(SEED_RSSI)) {
            type = SEED_RSSI;
        } else {
            throw new Bad(RejectReason.MISSING_FIELD, "rssi or temperature");
        }
        Object v = require(o, type);
        if (!(v instanceof Long) && !(v instanceof Double)) {
            throw new Bad(RejectReason.OUT_OF_RANGE, type + " is not a number");
        }
        if (v instanceof Double d && !Double.isFinite(d)) {
            throw new Bad(RejectReason.OUT_OF_RANGE, type + " is not finite");
        }
        Map<String, Object> values = Map.of(type, v);
        return new Frame.Readings(mac, List.of(new Frame.Item(null, null, type, uptime, null, values)), false, true,
                List.of());
    }

    private static Frame.Item item(Map<String, Object> o) throws Bad {
        String source = null;
        Object src = o.get("src");
        if (src != null) {
            if (!(src instanceof String s)) {
                throw new Bad(RejectReason.OUT_OF_RANGE, "src is not a string");
            }
            source = normalizeMac(s);
            if (source == null) {
                if (!isId(s, 40)) {
                    throw new Bad(RejectReason.OUT_OF_RANGE, "src");
                }
                source = s;
            }
        }
        Long seq = optLong(o, "seq");
        if (seq != null && (seq < 0 || seq > Reading.MAX_SEQ)) {
            throw new Bad(RejectReason.OUT_OF_RANGE, "seq " + seq + " is not an unsigned 32-bit number");
        }
        Object typeValue = require(o, "type");
        if (!(typeValue instanceof String type) || !isSensorType(type)) {
            throw new Bad(RejectReason.OUT_OF_RANGE, "type");
        }
        Long uptime = optMillis(o, "uptime");
        Long ts = optMillis(o, "ts");
        if (ts != null && ts < MIN_EPOCH_MS) {
            throw new Bad(RejectReason.OUT_OF_RANGE, "ts " + ts + " is before 2000");
        }
        if (uptime == null && ts == null) {
            throw new Bad(RejectReason.MISSING_FIELD, "uptime or ts");
        }
        Object v = require(o, "v");
        if (!(v instanceof Map<?, ?> values)) {
            throw new Bad(RejectReason.OUT_OF_RANGE, "v is not an object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> clean = (Map<String, Object>) sanitize(values);
        return new Frame.Item(source, seq, type, uptime, ts, clean);
    }

    /** Drops nulls, rejects non-finite numbers and empty keys; returns unmodifiable copies. */
    private static Object sanitize(Object value) throws Bad {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String k = (String) e.getKey();
                if (k.isEmpty() || k.length() > 64) {
                    throw new Bad(RejectReason.OUT_OF_RANGE, "empty or long value name");
                }
                if (e.getValue() != null) {
                    out.put(k, sanitize(e.getValue()));
                }
            }
            return Collections.unmodifiableMap(out);
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object x : l) {
                if (x != null) {
                    out.add(sanitize(x));
                }
            }
            return Collections.unmodifiableList(out);
        }
        if (value instanceof Double d && !Double.isFinite(d)) {
            throw new Bad(RejectReason.OUT_OF_RANGE, "number out of range");
        }
        return value;
    }

    private static Object require(Map<String, Object> o, String key) throws Bad {
        Object v = o.get(key);
        if (v == null) {
            throw new Bad(RejectReason.MISSING_FIELD, key);
        }
        return v;
    }

    private static String mac(Map<String, Object> o, String key) throws Bad {
        Object v = require(o, key);
        if (!(v instanceof String s)) {
            throw new Bad(RejectReason.OUT_OF_RANGE, key + " is not a string");
        }
        String mac = normalizeMac(s);
        if (mac == null) {
            throw new Bad(RejectReason.OUT_OF_RANGE, key + " is not a MAC address");
        }
        return mac;
    }

    private static Long optLong(Map<String, Object> o, String key) throws Bad {
        Object v = o.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Long l)) {
            throw new Bad(RejectReason.OUT_OF_RANGE, key + " is not an integer");
        }
        return l;
    }

    private static Long optMillis(Map<String, Object> o, String key) throws Bad {
        Object v = o.get(key);
        return v == null ? null : millis(v, key);
    }

    private static Long millis(Object v, String key) throws Bad {
        if (!(v instanceof Long l) || l < 0 || l > MAX_MILLIS) {
            throw new Bad(RejectReason.OUT_OF_RANGE, key + " is not a plausible millisecond count");
        }
        return l;
    }

    private static String optText(Map<String, Object> o, String key, int max) throws Bad {
        Object v = o.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s) || s.length() > max) {
            throw new Bad(RejectReason.OUT_OF_RANGE, key);
        }
        return s;
    }

    public static boolean isSensorType(String s) {
        if (s.isEmpty() || s.length() > 32) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
                    || c == '.')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isId(String s, int max) {
        if (s.isEmpty() || s.length() > max) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
                    || c == '.' || c == ':')) {
                return false;
            }
        }
        return true;
    }

    /**
     * A MAC address in the form {@code 3C:E9:0E:72:12:4C}, from that form in either case, with {@code -} separators, or
     * as 12 hex digits.
     *
     * @return the normalised MAC, or {@code null} if it is not one
     */
    public static String normalizeMac(String s) {
        int n = s.length();
        if (n != 17 && n != 12) {
            return null;
        }
        char[] out = new char[17];
        int j = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (n == 17 && i % 3 == 2) {
                if (c != ':' && c != '-') {
                    return null;
                }
                continue;
            }
            int d = Character.digit(c, 16);
            if (d < 0 || c > 'f') {
                return null;
            }
            if (j % 3 == 2) {
                out[j++] = ':';
            }
            out[j++] = Character.toUpperCase(c);
        }
        return new String(out);
    }
}
