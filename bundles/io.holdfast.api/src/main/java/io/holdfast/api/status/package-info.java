/**
 * The gateway status model: links, devices, backlogs and rates, as the OLED, the web console and the cloud birth
 * certificate show them.
 * <p>
 * Each component that has something to report registers a {@link io.holdfast.api.status.StatusProvider}; a reader
 * collects the partial {@link io.holdfast.api.status.GatewayStatus} of every provider and
 * {@linkplain io.holdfast.api.status.GatewayStatus#merge(java.util.Collection) merges} them.
 */
@Export
@Version("1.0.0")
package io.holdfast.api.status;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
