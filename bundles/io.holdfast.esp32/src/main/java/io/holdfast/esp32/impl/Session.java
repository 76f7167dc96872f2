package io.holdfast.esp32.impl;

import java.util.Map;

/**
 * One conversation on a link: a TCP connection, an open serial port, or an MQTT client session. Holds what the pipeline
 * needs to know about the link (its id, its way back, its tokens) and what it learns (the authenticated device, whether
 * the device uses CRCs).
 */
final class Session {

    final String linkId;
    final DeviceChannel channel;
    /** Device tokens by MAC; {@code null} when the link requires none. */
    final Map<String, String> tokens;
    /** Whether the link waits for buffer space instead of dropping (for sources that cannot re-send). */
    final boolean blockWhenFull;
    volatile String authenticatedMac;
    volatile boolean deviceUsesCrc;
    volatile long lastValidMono;

    Session(String linkId, DeviceChannel channel, Map<String, String> tokens, boolean blockWhenFull, long nowMono) {
        this.linkId = linkId;
        this.channel = channel;
        this.tokens = tokens;
        this.blockWhenFull = blockWhenFull;
        this.lastValidMono = nowMono;
    }
}
