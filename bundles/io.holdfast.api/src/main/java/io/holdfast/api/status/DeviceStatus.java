package io.holdfast.api.status;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the gateway knows of one ESP32 device.
 *
 * @param deviceId
 *            the device's MAC address
 * @param linkId
 *            the link it was last seen on
 * @param firmware
 *            its firmware version, or {@code null} before its hello
 * @param chip
 *            its chip, or {@code null} before its hello
 * @param sources
 *            the sensor nodes it relays (itself not included)
 * @param sensors
 *            the sensor types it announced or sent
 * @param firstSeen
 *            when the gateway first heard from it
 * @param lastSeen
 *            when the gateway last heard from it
 * @param rssiDbm
 *            its last signal strength in dBm, or {@code null}
 * @param readings
 *            readings received from it (duplicates not counted)
 * @param gaps
 *            readings missing by sequence number (a gap of 3 counts 3)
 * @param readingsPerMinute
 *            recent rate of readings
 */
public record DeviceStatus(String deviceId, String linkId, String firmware, String chip, List<String> sources,
        List<String> sensors, Instant firstSeen, Instant lastSeen, Integer rssiDbm, long readings, long gaps,
        double readingsPerMinute) {

    /** RSSI at or below which {@link #rssiPercent(int)} is 0. */
    public static final int RSSI_FLOOR_DBM = -90;
    /** RSSI at or above which {@link #rssiPercent(int)} is 100. */
    public static final int RSSI_CEILING_DBM = -30;

    /**
     * Validates the components and copies the lists.
     *
     * @throws NullPointerException
     *             if the id, link, lists or times are {@code null}
     */
    public DeviceStatus {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(linkId, "linkId");
        sources = List.copyOf(sources);
        sensors = List.copyOf(sensors);
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
    }

    /**
     * The signal strength on the seed firmware's percent scale.
     *
     * @return 0 to 100, or {@code null} when the RSSI is unknown
     */
    public Integer rssiPercent() {
        return rssiDbm == null ? null : rssiPercent(rssiDbm);
    }

    /**
     * Converts dBm to the seed firmware's percent scale: clamped to [{@value #RSSI_FLOOR_DBM},
     * {@value #RSSI_CEILING_DBM}] dBm, then linear to 0..100 %.
     *
     * @param dbm
     *            the signal strength in dBm
     *
     * @return 0 to 100
     */
    public static int rssiPercent(int dbm) {
        int clamped = Math.max(RSSI_FLOOR_DBM, Math.min(RSSI_CEILING_DBM, dbm));
        return Math.round((clamped - RSSI_FLOOR_DBM) * 100f / (RSSI_CEILING_DBM - RSSI_FLOOR_DBM));
    }

    /**
     * Converts the seed firmware's percent scale back to dBm (the inverse of {@link #rssiPercent(int)} inside the clamp
     * range).
     *
     * @param percent
     *            0 to 100; values outside are clamped
     *
     * @return the signal strength in dBm
     */
    public static int rssiDbmFromPercent(int percent) {
        int clamped = Math.max(0, Math.min(100, percent));
        return Math.round(RSSI_FLOOR_DBM + clamped * (RSSI_CEILING_DBM - RSSI_FLOOR_DBM) / 100f);
    }
}
