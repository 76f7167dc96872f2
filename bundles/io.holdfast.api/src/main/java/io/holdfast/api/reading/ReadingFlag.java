package io.holdfast.api.reading;

/**
 * Facts about a reading that a consumer must know to trust it.
 */
public enum ReadingFlag {
    /**
     * No {@link io.holdfast.api.codec.SensorCodec} was registered for the sensor type: the metrics are the raw values.
     */
    UNDECODED,
    /** The device sent only its uptime: the device time was estimated by the gateway's clock mapping. */
    TIME_FROM_UPTIME,
    /**
     * The device's own timestamp was implausible (too far ahead of the gateway clock) and was replaced by the receive
     * time.
     */
    TIME_UNTRUSTED,
    /** The clock mapping saw the device clock jump; device times around this reading are uncertain. */
    CLOCK_JUMP,
    /** The first reading after the device rebooted (a hello, or an uptime that went backwards). */
    AFTER_REBOOT,
    /** The device sent no sequence number; the gateway assigned one. */
    SEQ_ASSIGNED,
    /** The reading arrived in a replay batch from device flash, after an outage. */
    REPLAYED
}
