package io.holdfast.cloud.mqtt.impl.transport;

/** Names of the MQTT 5 reason codes a broker answers a PUBLISH with (MQTT 5.0, section 3.4.2.1). */
public final class Reasons {
    public static final int UNSPECIFIED = 0x80;
    public static final int IMPLEMENTATION_SPECIFIC = 0x83;
    public static final int NOT_AUTHORIZED = 0x87;
    public static final int TOPIC_NAME_INVALID = 0x90;
    public static final int PACKET_ID_IN_USE = 0x91;
    public static final int QUOTA_EXCEEDED = 0x97;
    public static final int PAYLOAD_TOO_LARGE = 0x95;
    public static final int PAYLOAD_FORMAT_INVALID = 0x99;

    private Reasons() {
    }

    /** One line: the name and the code, {@code not authorized (0x87)}. */
    public static String describe(int code) {
        String name = switch (code) {
        case UNSPECIFIED -> "unspecified error";
        case IMPLEMENTATION_SPECIFIC -> "implementation specific error";
        case NOT_AUTHORIZED -> "not authorized";
        case TOPIC_NAME_INVALID -> "topic name invalid";
        case PACKET_ID_IN_USE -> "packet identifier in use";
        case QUOTA_EXCEEDED -> "quota exceeded";
        case PAYLOAD_TOO_LARGE -> "payload too large";
        case PAYLOAD_FORMAT_INVALID -> "payload format invalid";
        default -> "reason";
        };
        return name + " (0x" + Integer.toHexString(code) + ")";
    }
}
