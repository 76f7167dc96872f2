package io.holdfast.api.codec;

import io.holdfast.api.reading.Metric;
import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Decodes the raw values of one sensor type into metrics with units.
 * <p>
 * Register implementations as OSGi services with the service property {@value #SENSOR_TYPE} set to the sensor type (a
 * String, or a String array for a codec that serves several types). When two codecs claim a type, the one with the
 * highest service ranking wins. Implementations must be thread safe and fast: the driver calls
 * {@link #decode(CodecContext, Map)} on its receive path for every reading.
 * <p>
 * A value that a device can send is never a reason to throw: when the sensor reports a fault (a broken wire, a loop
 * current outside the NAMUR NE 43 band, a value outside the sensor's physical range), the codec returns the metrics
 * {@link Quality#fault(String, String, Metric...)} builds, so that the fault is published with the reading instead of a
 * temperature. {@link CodecException} is left for a codec that cannot work at all.
 */
@ConsumerType
public interface SensorCodec {

    /** Service property naming the sensor type(s) a codec decodes. */
    String SENSOR_TYPE = "holdfast.sensor.type";

    /**
     * Decodes raw values without knowing the device (the form of API 1.0).
     *
     * @param sensorType
     *            the sensor type of the reading (one of those the codec was registered for)
     * @param raw
     *            the raw values exactly as the device sent them: keys are strings, values are {@code Long},
     *            {@code Double}, {@code Boolean}, {@code String}, lists or maps of these
     *
     * @return the metrics, in the order they should be shown; never {@code null}
     *
     * @throws CodecException
     *             if the codec cannot decode at all; the reading is then published raw and flagged, and the reason
     *             counted
     */
    List<Metric> decode(String sensorType, Map<String, Object> raw) throws CodecException;

    /**
     * Decodes raw values knowing which device and sensor took them. The driver calls this form. The default calls
     * {@link #decode(String, Map)}, so that a codec written against API 1.0 keeps working; a codec that applies a
     * per-device calibration overrides it (and usually implements the old form as
     * {@code decode(CodecContext.anonymous(sensorType), raw)}).
     *
     * @param context
     *            the device, source, sensor type and time of the reading
     * @param raw
     *            the raw values exactly as the device sent them (see {@link #decode(String, Map)})
     *
     * @return the metrics, in the order they should be shown; never {@code null}
     *
     * @throws CodecException
     *             if the codec cannot decode at all (see {@link #decode(String, Map)})
     *
     * @since 1.1
     */
    default List<Metric> decode(CodecContext context, Map<String, Object> raw) throws CodecException {
        return decode(context.sensorType(), raw);
    }
}
