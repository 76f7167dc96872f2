package io.holdfast.api.queue;

import java.util.Objects;

/**
 * A message taken from a {@link DurableQueue} for sending: the stored message, its queue id and how often it has been
 * taken. Acknowledge it by {@link #id()}.
 *
 * @param id
 *            the id the queue assigned at enqueue; ids grow in enqueue order
 * @param message
 *            the stored message
 * @param deliveryCount
 *            how many times the message has been taken for sending, this time included (1 on first try)
 */
public record QueuedMessage(long id, OutboundMessage message, int deliveryCount) {

    /**
     * Validates the components.
     *
     * @throws NullPointerException
     *             if the message is {@code null}
     * @throws IllegalArgumentException
     *             if the delivery count is below 1
     */
    public QueuedMessage {
        Objects.requireNonNull(message, "message");
        if (deliveryCount < 1) {
            throw new IllegalArgumentException("deliveryCount must be at least 1, was " + deliveryCount);
        }
    }

    /**
     * Whether the message was taken before and not acknowledged: the broker may have it already.
     *
     * @return {@code true} for a re-delivery
     */
    public boolean isRedelivery() {
        return deliveryCount > 1;
    }
}
