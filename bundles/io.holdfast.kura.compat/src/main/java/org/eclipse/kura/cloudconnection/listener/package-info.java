/**
 * Listeners for connection state and delivery confirmations.
 * <p>
 * Part of Holdfast's Kura compatibility bundle: the types Holdfast uses, with Kura 5.x's names, signatures and package
 * version, so that Holdfast bundles run unchanged in Eclipse Kura and in the standalone runtime.
 */
@Export
@Version("1.0.0")
package org.eclipse.kura.cloudconnection.listener;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
