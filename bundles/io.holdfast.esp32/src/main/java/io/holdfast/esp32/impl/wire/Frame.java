package io.holdfast.esp32.impl.wire;

import java.util.List;
import java.util.Map;

/** A decoded device-to-gateway frame (ESP32-LINK.md). */
public sealed interface Frame {

    /** The device (ESP32) that sent the frame, normalised MAC. */
    String mac();

    /**
     * {@code {"t":"hello",...}}: a device (re)connected or booted. {@code seq}, when present, is the oldest sequence
     * number the device still keeps (its next one when it keeps none): where acknowledgements start.
     */
    record Hello(String mac, String firmware, String chip, List<String> sensors, Long uptime, String token, Long seq)
            implements Frame {
    }

    /** {@code {"t":"st",...}}: signal strength and free heap. */
    record Status(String mac, Integer rssiDbm, Long heap, Long uptime) implements Frame {
    }

    /**
     * One reading ({@code "r"}), a replay batch ({@code "rb"}) or a seed firmware payload. Items of a batch that were
     * malformed are left out and listed in {@code rejectedItems}.
     */
    record Readings(String mac, List<Item> items, boolean batch, boolean seed, List<RejectReason> rejectedItems)
            implements Frame {
    }

    /**
     * One reading of a frame.
     *
     * @param source
     *            the relayed node, or {@code null} for the device itself
     * @param seq
     *            the device's sequence number, or {@code null} when it sends none
     * @param uptime
     *            device uptime in ms, or {@code null}
     * @param ts
     *            device clock in epoch ms, or {@code null}
     */
    record Item(String source, Long seq, String type, Long uptime, Long ts, Map<String, Object> values) {
    }
}
