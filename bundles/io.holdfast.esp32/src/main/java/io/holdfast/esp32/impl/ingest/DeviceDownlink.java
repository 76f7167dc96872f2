package io.holdfast.esp32.impl.ingest;

/** The way to devices for other components (the Event Admin downlink). Thread safe, never blocks. */
public interface DeviceDownlink {

    /**
     * Sends a downlink frame to one device, or to every device with an open channel.
     *
     * @param mac
     *            the device, or {@code null} or {@code *} for every device
     * @param json
     *            the frame (a {@link io.holdfast.esp32.impl.wire.FrameEncoder} product)
     *
     * @return to how many devices it was sent
     */
    int send(String mac, String json);
}
