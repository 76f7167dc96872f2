/**
 * An optional extension of Kura's {@code CloudPublisher}: publishing a batch of messages with one durable commit.
 * <p>
 * A publisher that stores messages before it confirms them (Holdfast's MQTT cloud connection) may also implement
 * {@link io.holdfast.api.publish.BatchPublisher}; a caller checks for it on the bound service
 * ({@code publisher instanceof BatchPublisher}) and otherwise calls {@code publish(KuraMessage)} once per message, as
 * it does with Kura's own publishers.
 */
@Export
@Version("1.0.0")
package io.holdfast.api.publish;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
