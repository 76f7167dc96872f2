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
 * highest service ranking wins. Implementations must be thread safe and fast: {@link #decode(String, Map)} is called on
 * the driver's receive path for every reading.
 */
@ConsumerType
public interface SensorCodec {

    /** Service property naming the sensor type(s) a codec decodes. */
    String SENSOR_TYPE = "holdfast.sensor.type";

    /**
     * Decodes raw values.
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
     *             if the values cannot be decoded (a required value missing, a value out of the sensor's physical
     *             range); the reading is then published raw and flagged, and the reason counted
     */
    List<Metric> decode(String sensorType, Map<String, Object> raw) throws CodecException;
}
