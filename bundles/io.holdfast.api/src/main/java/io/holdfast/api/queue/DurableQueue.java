package io.holdfast.api.queue;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A bounded, durable, prioritised message queue: what a gateway keeps until a broker has acknowledged it.
 * <p>
 * Producers {@linkplain #enqueue(OutboundMessage) enqueue}; one sender per queue {@linkplain #take(int, long) takes}
 * batches (which marks them in flight), sends them and {@linkplain #ack(long...) acknowledges} what the broker
 * confirmed. Messages in flight are not taken again until they are {@linkplain #requeue(long...) requeued}, by the
 * sender after a failed send, by {@link #requeueInFlight()} when a new broker session starts, or by the queue itself
 * when it is opened again after a restart. Order: lower {@linkplain OutboundMessage#priority() priority} first, enqueue
 * order within a priority.
 * <p>
 * Every queue service carries the service property {@value #QUEUE_NAME}; a consumer selects its queue with a target
 * filter on it. All methods are thread safe. When the providing bundle stops, every method throws
 * {@link QueueException} with {@link QueueException.Reason#UNAVAILABLE} and waiting callers return.
 */
@ProviderType
public interface DurableQueue {

    /** Service property: the queue's name. */
    String QUEUE_NAME = "holdfast.queue.name";

    /**
     * The queue's name, as in the {@value #QUEUE_NAME} service property.
     *
     * @return the name
     */
    String name();

    /**
     * Stores a message durably, blocking until it is committed. Concurrent callers share commits (group commit).
     *
     * @param message
     *            the message
     *
     * @return the message's id, unique in this queue and growing in enqueue order
     *
     * @throws QueueException
     *             if the message was not stored; nothing else was affected
     */
    long enqueue(OutboundMessage message) throws QueueException;

    /**
     * Stores a message durably without blocking the caller.
     *
     * @param message
     *            the message
     *
     * @return a stage that completes with the message's id once it is committed, or exceptionally with a
     *         {@link QueueException}
     */
    CompletionStage<Long> enqueueAsync(OutboundMessage message);

    /**
     * Takes the next messages to send and marks them in flight. Does not block.
     *
     * @param maxMessages
     *            at most this many messages, at least 1
     * @param maxBytes
     *            at most this many payload bytes, though always at least one message when any is pending
     *
     * @return the messages in sending order; empty when none is pending
     *
     * @throws QueueException
     *             if the queue cannot be read
     */
    List<QueuedMessage> take(int maxMessages, long maxBytes) throws QueueException;

    /**
     * Waits until at least one message is pending (enqueued and not in flight).
     *
     * @param timeout
     *            how long to wait at most
     * @param unit
     *            the unit of the timeout
     *
     * @return {@code true} if a message is pending, {@code false} on timeout or when the queue closed
     *
     * @throws InterruptedException
     *             if the calling thread is interrupted
     */
    boolean awaitPending(long timeout, TimeUnit unit) throws InterruptedException;

    /**
     * Acknowledges messages: they are removed for good. Unknown ids (already acknowledged, evicted or expired) are
     * ignored.
     *
     * @param ids
     *            the ids of the messages
     *
     * @throws QueueException
     *             if the acknowledgement could not be stored
     */
    void ack(long... ids) throws QueueException;

    /**
     * Acknowledges every in-flight message whose id is in a range.
     *
     * @param fromId
     *            the first id, inclusive
     * @param toId
     *            the last id, inclusive
     *
     * @return how many messages were acknowledged
     *
     * @throws QueueException
     *             if the acknowledgement could not be stored
     */
    int ackRange(long fromId, long toId) throws QueueException;

    /**
     * Returns in-flight messages to pending, to be taken again (with a higher delivery count).
     *
     * @param ids
     *            the ids of the messages; ids that are not in flight are ignored
     *
     * @throws QueueException
     *             if the change could not be stored
     */
    void requeue(long... ids) throws QueueException;

    /**
     * Returns every in-flight message to pending: for a sender that starts a new broker session and cannot know what
     * the broker received.
     *
     * @return how many messages were requeued
     *
     * @throws QueueException
     *             if the change could not be stored
     */
    int requeueInFlight() throws QueueException;

    /**
     * Current figures of the queue. Cheap: kept in memory, not counted from storage.
     *
     * @return a snapshot
     */
    QueueStats stats();
}
