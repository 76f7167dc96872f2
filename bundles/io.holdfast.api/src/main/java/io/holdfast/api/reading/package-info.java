/**
 * The reading model: what a sensor measured, where it came from, and when.
 * <p>
 * A {@link io.holdfast.api.reading.Reading} is produced by the ESP32 driver for every frame a device sends, carries the
 * device's own sequence number so that it can be stored exactly once downstream, and is immutable.
 */
@Export
@Version("1.1.0")
package io.holdfast.api.reading;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
