/**
 * The backend's storage: readings stored exactly once by (device, seq), the device and gateway registries, rollups and
 * dead letters, on SQLite or PostgreSQL.
 */
@Export
@Version("1.2.0")
package io.holdfast.backend.store;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
