/**
 * Holdfast's in-container test kit: Pax Exam options that boot the runtime definitions of {@code cnf/} plus the bundles
 * under test, a base class that fails when any bundle is not active, and the helpers unit tests share: a configuration
 * annotation from a map ({@link io.holdfast.testkit.ConfigAnnotations}), a recording {@code CloudPublisher}
 * ({@link io.holdfast.testkit.RecordingPublisher}), a real Mosquitto broker ({@link io.holdfast.testkit.Mosquitto}) and
 * external commands ({@link io.holdfast.testkit.Commands}).
 */
@Export
@Version("1.2.0")
package io.holdfast.testkit;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
