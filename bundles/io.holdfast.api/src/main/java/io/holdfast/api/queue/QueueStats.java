package io.holdfast.api.queue;

import java.time.Duration;
import java.util.Objects;

/**
 * A snapshot of a {@link DurableQueue}'s figures. Immutable; build one with {@link #builder(String)}.
 */
public final class QueueStats {
    private final String name;
    private final long depth;
    private final long inFlight;
    private final long bytes;
    private final Duration oldestAge;
    private final long capacityMessages;
    private final long capacityBytes;
    private final long enqueued;
    private final long acked;
    private final long evicted;
    private final long expired;
    private final long rejected;
    private final double enqueueRate;
    private final double ackRate;
    private final String lastError;

    private QueueStats(Builder b) {
        this.name = b.name;
        this.depth = b.depth;
        this.inFlight = b.inFlight;
        this.bytes = b.bytes;
        this.oldestAge = b.oldestAge;
        this.capacityMessages = b.capacityMessages;
        this.capacityBytes = b.capacityBytes;
        this.enqueued = b.enqueued;
        this.acked = b.acked;
        this.evicted = b.evicted;
        this.expired = b.expired;
        this.rejected = b.rejected;
        this.enqueueRate = b.enqueueRate;
        this.ackRate = b.ackRate;
        this.lastError = b.lastError;
    }

    /**
     * A builder for the figures of a queue; every figure starts at zero.
     *
     * @param name
     *            the queue name
     *
     * @return the builder
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** @return the queue name */
    public String name() {
        return name;
    }

    /** @return messages stored and not acknowledged, in flight included */
    public long depth() {
        return depth;
    }

    /** @return messages taken for sending and not yet acknowledged */
    public long inFlight() {
        return inFlight;
    }

    /** @return payload bytes stored */
    public long bytes() {
        return bytes;
    }

    /** @return how long the oldest stored message has waited; zero when the queue is empty */
    public Duration oldestAge() {
        return oldestAge;
    }

    /** @return the configured capacity in messages */
    public long capacityMessages() {
        return capacityMessages;
    }

    /** @return the configured capacity in payload bytes */
    public long capacityBytes() {
        return capacityBytes;
    }

    /** @return messages enqueued since the queue was opened */
    public long enqueued() {
        return enqueued;
    }

    /** @return messages acknowledged since the queue was opened */
    public long acked() {
        return acked;
    }

    /** @return messages evicted by the overflow policy since the queue was opened */
    public long evicted() {
        return evicted;
    }

    /** @return messages dropped because their time to live ran out, since the queue was opened */
    public long expired() {
        return expired;
    }

    /** @return enqueues rejected (capacity, full disk, I/O errors) since the queue was opened */
    public long rejected() {
        return rejected;
    }

    /** @return enqueued messages per second, recent average */
    public double enqueueRate() {
        return enqueueRate;
    }

    /** @return acknowledged messages per second, recent average */
    public double ackRate() {
        return ackRate;
    }

    /**
     * The last storage problem in one line: the last error, or a notice that stays until a newer problem replaces it
     * (for example a corrupt file that was moved aside at open).
     *
     * @return the problem, or {@code null} when there has been none since the queue was opened
     */
    public String lastError() {
        return lastError;
    }

    @Override
    public String toString() {
        return "QueueStats[" + name + " depth=" + depth + " inFlight=" + inFlight + " bytes=" + bytes + " oldest="
                + oldestAge + " evicted=" + evicted + " rejected=" + rejected
                + (lastError == null ? "" : " error=" + lastError) + "]";
    }

    /** Builds a {@link QueueStats}. */
    public static final class Builder {
        private final String name;
        private long depth;
        private long inFlight;
        private long bytes;
        private Duration oldestAge = Duration.ZERO;
        private long capacityMessages;
        private long capacityBytes;
        private long enqueued;
        private long acked;
        private long evicted;
        private long expired;
        private long rejected;
        private double enqueueRate;
        private double ackRate;
        private String lastError;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        /**
         * @param depth
         *            messages stored
         * @param inFlight
         *            of which in flight
         * @param bytes
         *            payload bytes stored
         *
         * @return this builder
         */
        public Builder depth(long depth, long inFlight, long bytes) {
            this.depth = depth;
            this.inFlight = inFlight;
            this.bytes = bytes;
            return this;
        }

        /**
         * @param oldestAge
         *            age of the oldest stored message
         *
         * @return this builder
         */
        public Builder oldestAge(Duration oldestAge) {
            this.oldestAge = Objects.requireNonNull(oldestAge, "oldestAge");
            return this;
        }

        /**
         * @param messages
         *            capacity in messages
         * @param bytes
         *            capacity in payload bytes
         *
         * @return this builder
         */
        public Builder capacity(long messages, long bytes) {
            this.capacityMessages = messages;
            this.capacityBytes = bytes;
            return this;
        }

        /**
         * @param enqueued
         *            messages enqueued
         * @param acked
         *            messages acknowledged
         * @param evicted
         *            messages evicted
         * @param expired
         *            messages expired
         * @param rejected
         *            enqueues rejected
         *
         * @return this builder
         */
        public Builder counters(long enqueued, long acked, long evicted, long expired, long rejected) {
            this.enqueued = enqueued;
            this.acked = acked;
            this.evicted = evicted;
            this.expired = expired;
            this.rejected = rejected;
            return this;
        }

        /**
         * @param enqueueRate
         *            enqueues per second
         * @param ackRate
         *            acknowledgements per second
         *
         * @return this builder
         */
        public Builder rates(double enqueueRate, double ackRate) {
            this.enqueueRate = enqueueRate;
            this.ackRate = ackRate;
            return this;
        }

        /**
         * @param lastError
         *            the last storage error, or {@code null}
         *
         * @return this builder
         */
        public Builder lastError(String lastError) {
            this.lastError = lastError;
            return this;
        }

        /** @return the snapshot */
        public QueueStats build() {
            return new QueueStats(this);
        }
    }
}
