package io.holdfast.esp32.impl.wire;

/** The way back to a device: one connection of a link. Implementations never block the caller for long. */
public interface DeviceChannel {

    /**
     * Acknowledges every reading of a source up to a sequence number. Channels coalesce: only the newest number of each
     * source needs to reach the device.
     *
     * @param source
     *            the relayed node, or {@code null} for the device itself
     * @param seq
     *            the highest contiguous stored sequence number
     */
    void ack(String source, long seq);

    /** Sends one downlink frame (a JSON object, without newline); the channel adds the CRC when the device uses it. */
    void send(String json);

    /** Whether the connection is still open. */
    boolean isOpen();
}
