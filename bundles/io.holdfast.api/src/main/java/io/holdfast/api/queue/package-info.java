/**
 * The durable queue contract: the store bundle implements it, the cloud bundle drains it.
 * <p>
 * A message is durable when {@link io.holdfast.api.queue.DurableQueue#enqueue(OutboundMessage)} returns (or the stage
 * of {@link io.holdfast.api.queue.DurableQueue#enqueueAsync(OutboundMessage)} completes normally): from then on it
 * survives a crash, a power loss (in the store's default durability mode) and an update of the store bundle, until it
 * is acknowledged. Delivery is at-least-once: a message taken for sending and not acknowledged is sent again after
 * {@link io.holdfast.api.queue.DurableQueue#requeueInFlight()} or a restart.
 * <p>
 * 1.1: {@link io.holdfast.api.queue.CommittedReadings}, an optional extension by which a queue (or a publisher storing
 * into one) tells which (device, seq) it committed, after the messages are gone.
 */
@Export
@Version("1.1.0")
package io.holdfast.api.queue;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
