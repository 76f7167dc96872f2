/**
 * Kura's view of OSGi metatype definitions, as a {@code ComponentConfiguration} carries them.
 * <p>
 * Part of Holdfast's Kura compatibility bundle: the types Holdfast uses, with Kura 5.x's names, signatures and package
 * version, so that Holdfast bundles run unchanged in Eclipse Kura and in the standalone runtime.
 */
@Export
@Version("1.1.0")
package org.eclipse.kura.configuration.metatype;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
