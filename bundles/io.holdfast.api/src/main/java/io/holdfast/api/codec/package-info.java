/**
 * Sensor codecs: small services that turn the raw values of one sensor type into metrics in engineering units.
 * <p>
 * Each sensor type is decoded by a {@link io.holdfast.api.codec.SensorCodec} registered with the service property
 * {@value io.holdfast.api.codec.SensorCodec#SENSOR_TYPE}. Codec bundles may be installed, updated and removed on a
 * running gateway; the driver looks codecs up dynamically.
 * <p>
 * Since 1.1: codecs learn which device and sensor a reading came from ({@link io.holdfast.api.codec.CodecContext}),
 * apply per-sensor {@link io.holdfast.api.codec.Calibration}s, and report faults and suspect values in their metrics
 * ({@link io.holdfast.api.codec.Quality}) instead of throwing.
 * <p>
 * Since 1.2: {@link io.holdfast.api.codec.RawValues} reads numbers out of raw values and turns what a device gets wrong
 * into a fault's metrics.
 */
@Export
@Version("1.2.0")
package io.holdfast.api.codec;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
