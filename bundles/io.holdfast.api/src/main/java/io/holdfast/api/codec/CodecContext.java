package io.holdfast.api.codec;

import io.holdfast.api.reading.Reading;
import java.time.Instant;
import java.util.Objects;

/**
 * What a codec may need to know about a reading besides its raw values: which device delivered it, which sensor node
 * took it, its sensor type and when it was taken. A codec uses it to find the calibration of the sensor that took the
 * reading, and to tell whether that calibration was due when the reading was taken.
 *
 * @param deviceId
 *            the ESP32 gateway device that delivered the reading ({@link Reading#deviceId()}), not blank
 * @param source
 *            the sensor node that took it ({@link Reading#source()}; equal to the device id unless relayed), not blank
 * @param sensorType
 *            the sensor type ({@link Reading#sensorType()}), not blank
 * @param time
 *            when the reading was taken, on the gateway's time scale ({@link Reading#deviceTime()})
 */
public record CodecContext(String deviceId, String source, String sensorType, Instant time) {

    /**
     * Validates the components.
     *
     * @throws NullPointerException
     *             if a component is {@code null}
     * @throws IllegalArgumentException
     *             if a text component is blank
     */
    public CodecContext {
        requireText(deviceId, "deviceId");
        requireText(source, "source");
        requireText(sensorType, "sensorType");
        Objects.requireNonNull(time, "time");
    }

    private static void requireText(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " is blank");
        }
    }

    /**
     * The context of a reading.
     *
     * @param reading
     *            the reading
     *
     * @return its device, source, sensor type and device time
     */
    public static CodecContext of(Reading reading) {
        return new CodecContext(reading.deviceId(), reading.source(), reading.sensorType(), reading.deviceTime());
    }

    /**
     * The context a caller of the old form {@link SensorCodec#decode(String, java.util.Map)} gives: no known device.
     * The device and source are {@value #UNKNOWN_DEVICE}, so no per-device calibration applies; the time is now.
     *
     * @param sensorType
     *            the sensor type
     *
     * @return a context without a device
     */
    public static CodecContext anonymous(String sensorType) {
        return new CodecContext(UNKNOWN_DEVICE, UNKNOWN_DEVICE, sensorType, Instant.now());
    }

    /** The device and source of an {@linkplain #anonymous(String) anonymous} context. */
    public static final String UNKNOWN_DEVICE = "unknown";
}
