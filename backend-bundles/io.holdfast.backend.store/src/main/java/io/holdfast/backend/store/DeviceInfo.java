package io.holdfast.backend.store;

import java.util.Map;

/**
 * A device of the registry.
 *
 * @param id
 *            the device
 * @param gateway
 *            the gateway that published its newest reading, empty when it publishes directly
 * @param firstSeen
 *            when its first reading was received, epoch ms
 * @param lastSeen
 *            when its newest reading was received, epoch ms
 * @param lastTimestamp
 *            the newest reading's timestamp, epoch ms
 * @param lastSeq
 *            the newest reading's seq
 * @param readings
 *            readings stored
 * @param latest
 *            the newest reading's metrics (RSSI, link, firmware among them when the gateway sent them)
 */
public record DeviceInfo(String id, String gateway, long firstSeen, long lastSeen, long lastTimestamp, long lastSeq,
        long readings, Map<String, Object> latest) {
}
