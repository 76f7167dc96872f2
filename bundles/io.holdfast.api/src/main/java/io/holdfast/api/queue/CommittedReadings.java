package io.holdfast.api.queue;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * An optional extension of a {@link DurableQueue} (and of a {@code CloudPublisher} that stores into one): which
 * readings, by (device, seq), it has committed. A queue that offers it records the sequence number of every message
 * enqueued with a {@linkplain OutboundMessage#deviceId() reading identity} in the same transaction as the message, and
 * keeps that record after the message is acknowledged and deleted, across restarts and crashes. A producer that learns
 * of a device again (after its own restart, or after it was replaced) asks for the device's runs, so that a reading the
 * device sends again, already committed before, is recognised and not enqueued a second time.
 * <p>
 * The record is bounded: a queue keeps the newest runs of each device, and may forget older ones (a reading sent again
 * from a forgotten run is then enqueued again: a duplicate, never a loss). What it returns was committed: a run never
 * covers a number that was not. Callers check for it on the bound service ({@code instanceof}); a queue or publisher
 * without it keeps no such record.
 */
@ProviderType
public interface CommittedReadings {

    /**
     * The runs of sequence numbers of a device's readings that were committed, as far as they are still recorded.
     *
     * @param deviceId
     *            the device, as in {@link OutboundMessage#deviceId()}
     *
     * @return the runs in ascending order, without overlaps; empty when none is recorded for the device (or, for a
     *         publisher, when its current queue keeps no record); {@code null} when this service cannot say now (a
     *         publisher with no connection or queue bound at the moment: the caller asks again later)
     *
     * @throws QueueException
     *             if the record cannot be read
     */
    List<SeqRange> committedSeqs(String deviceId) throws QueueException;
}
