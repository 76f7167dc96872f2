package io.holdfast.esp32.impl.wire;

/**
 * Why a frame (or one item of a batch) was not accepted. The key names the counter in the status model
 * ({@code frames.rejected.<key>}).
 */
public enum RejectReason {
    /** More than 1024 bytes before the newline. */
    TOO_LONG("too.long"),
    /** Not UTF-8, not a JSON object, trailing bytes, nesting too deep, duplicate keys, binary garbage. */
    NOT_JSON("not.json"),
    /** The CRC suffix does not match, is malformed, or is missing where it is mandatory. */
    BAD_CRC("bad.crc"),
    /** A required field is missing. */
    MISSING_FIELD("missing.field"),
    /** A frame type ({@code t}) this gateway does not know. */
    UNKNOWN_TYPE("unknown.type"),
    /** A field of the wrong JSON type or outside its range (MAC, seq, uptime, ts, sensor type, RSSI, ...). */
    OUT_OF_RANGE("out.of.range"),
    /** The link requires a device token and the frame's device did not present a valid one. */
    UNAUTHORIZED("unauthorized"),
    /** The registry is full of devices that still have readings in flight. */
    TOO_MANY_DEVICES("too.many.devices");

    private final String key;

    RejectReason(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
