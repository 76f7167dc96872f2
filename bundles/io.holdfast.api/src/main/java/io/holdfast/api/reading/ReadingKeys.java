package io.holdfast.api.reading;

/**
 * The names under which a published reading carries its identity, shared by the producer (the ESP32 driver) and every
 * consumer (a cloud connection, its store, the backend). A reading is identified by the node that took it and that
 * node's sequence number: (source, seq).
 * <p>
 * A reading travels as a Kura message: a payload with metrics, and message properties beside it. The same word names a
 * different thing in the two places, for compatibility with what is already stored: the metric {@value #METRIC_DEVICE}
 * is the ESP32 that delivered the reading, while the property {@value #PROPERTY_DEVICE} is the node that took it. Use
 * these constants, never the strings, so that each name keeps its one meaning.
 */
public final class ReadingKeys {

    /**
     * Payload metric (String): the ESP32 gateway device that delivered the reading, {@link Reading#deviceId()}. For a
     * relayed mesh node this is the relay, not the identity; see {@link #METRIC_SOURCE}.
     */
    public static final String METRIC_DEVICE = "device";

    /**
     * Payload metric (String): the node that took the reading, {@link Reading#source()}; with {@link #METRIC_SEQ} the
     * reading's identity.
     */
    public static final String METRIC_SOURCE = "source";

    /** Payload metric (Long): the source's sequence number, {@link Reading#seq()}, unsigned 32-bit. */
    public static final String METRIC_SEQ = "seq";

    /**
     * Message property (String): the node that took the reading, {@link Reading#source()}: the device part of the
     * identity by which a store and the backend drop duplicates. Consumers read it first, then {@link #METRIC_SOURCE}.
     */
    public static final String PROPERTY_DEVICE = "device";

    /**
     * Message property (String): the node that took the reading, {@link Reading#source()} (same value as
     * {@link #PROPERTY_DEVICE}).
     */
    public static final String PROPERTY_SOURCE = "source";

    /** Message property (String): the ESP32 gateway device that delivered the reading, {@link Reading#deviceId()}. */
    public static final String PROPERTY_RELAY = "relay";

    /**
     * Message property (Long): the source's sequence number, {@link Reading#seq()}; read before {@link #METRIC_SEQ}.
     */
    public static final String PROPERTY_SEQ = "seq";

    /** Message property (String): the sensor type, {@link Reading#sensorType()}. */
    public static final String PROPERTY_TYPE = "type";

    private ReadingKeys() {
    }
}
