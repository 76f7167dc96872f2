/**
 * Holdfast's in-container test kit: Pax Exam options that boot the runtime definitions of {@code cnf/} plus the bundles
 * under test, a base class that fails when any bundle is not active, and the helpers unit tests share: a configuration
 * annotation from a map ({@link io.holdfast.testkit.ConfigAnnotations}), a recording {@code CloudPublisher}
 * ({@link io.holdfast.testkit.RecordingPublisher}), a real Mosquitto broker ({@link io.holdfast.testkit.Mosquitto}),
 * external commands ({@link io.holdfast.testkit.Commands}) and the gateway's and backend's executable jars run as
 * processes ({@link io.holdfast.testkit.JarProcess}).
 */
@Export
@Version("1.3.0")
package io.holdfast.testkit;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
