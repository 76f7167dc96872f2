package io.holdfast.esp32.impl.ingest;

import io.holdfast.esp32.impl.wire.DeviceChannel;
import java.util.Map;

/**
 * One conversation on a link: a TCP connection, an open serial port, or an MQTT client session. Holds what the pipeline
 * needs to know about the link (its id, its way back, its tokens) and what it learns (the authenticated device, whether
 * the device uses CRCs).
 */
public final class Session {

    public final String linkId;
    public final DeviceChannel channel;
    /** Device tokens by MAC; {@code null} when the link requires none. */
    public final Map<String, String> tokens;
    /** Whether the link waits for buffer space instead of dropping (for sources that cannot re-send). */
    public final boolean blockWhenFull;
    public volatile String authenticatedMac;
    public volatile boolean deviceUsesCrc;
    public volatile long lastValidMono;

    public Session(String linkId, DeviceChannel channel, Map<String, String> tokens, boolean blockWhenFull,
            long nowMono) {
        this.linkId = linkId;
        this.channel = channel;
        this.tokens = tokens;
        this.blockWhenFull = blockWhenFull;
        this.lastValidMono = nowMono;
    }
}
