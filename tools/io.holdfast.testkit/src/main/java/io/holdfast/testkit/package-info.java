/**
 * Holdfast's in-container test kit: Pax Exam options that boot the runtime definitions of {@code cnf/} plus the bundles
 * under test, and a base class that fails when any bundle is not active.
 */
@Export
@Version("1.0.0")
package io.holdfast.testkit;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
