package io.holdfast.api.queue;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A message to be kept until a broker has acknowledged it. Immutable; build one with {@link #builder(String, byte[])}.
 */
public final class OutboundMessage {

    /** The highest (most urgent) priority. */
    public static final int PRIORITY_HIGHEST = 0;
    /** The lowest priority. */
    public static final int PRIORITY_LOWEST = 9;
    /** The priority of ordinary data messages, as in Kura. */
    public static final int PRIORITY_DEFAULT = 5;
    /** Sequence number of a message that carries no device reading. */
    public static final long NO_SEQ = -1L;

    private final String topic;
    private final byte[] payload;
    private final int priority;
    private final int qos;
    private final boolean retain;
    private final String deviceId;
    private final long seq;
    private final Instant createdAt;
    private final Instant expiresAt;

    private OutboundMessage(Builder b) {
        this.topic = Objects.requireNonNull(b.topic, "topic");
        if (topic.isEmpty()) {
            throw new IllegalArgumentException("topic is empty");
        }
        this.payload = Objects.requireNonNull(b.payload, "payload");
        if (b.priority < PRIORITY_HIGHEST || b.priority > PRIORITY_LOWEST) {
            throw new IllegalArgumentException("priority must be 0 to 9, was " + b.priority);
        }
        this.priority = b.priority;
        if (b.qos != 0 && b.qos != 1) {
            throw new IllegalArgumentException("qos must be 0 or 1, was " + b.qos);
        }
        this.qos = b.qos;
        this.retain = b.retain;
        this.deviceId = b.deviceId;
        if (b.seq < NO_SEQ) {
            throw new IllegalArgumentException("seq must be -1 (none) or positive, was " + b.seq);
        }
        this.seq = b.seq;
        this.createdAt = b.createdAt == null ? Instant.now() : b.createdAt;
        this.expiresAt = b.expiresAt;
    }

    /**
     * A builder for a message to a topic.
     *
     * @param topic
     *            the topic as the publisher names it; the cloud connection maps it to the broker's namespace
     * @param payload
     *            the encoded payload; the array is not copied and must not be changed afterwards
     *
     * @return a builder with priority {@value #PRIORITY_DEFAULT}, QoS 1, no retain, no device
     */
    public static Builder builder(String topic, byte[] payload) {
        return new Builder(topic, payload);
    }

    /**
     * The topic.
     *
     * @return the topic, never empty
     */
    public String topic() {
        return topic;
    }

    /**
     * The payload. The array is shared, not copied: do not change it.
     *
     * @return the payload bytes
     */
    public byte[] payload() {
        return payload;
    }

    /**
     * The priority: {@value #PRIORITY_HIGHEST} (most urgent) to {@value #PRIORITY_LOWEST}. Lower priorities are sent
     * first; within a priority, messages are sent in the order they were enqueued.
     *
     * @return the priority
     */
    public int priority() {
        return priority;
    }

    /**
     * The MQTT quality of service: 0 (at most once, acknowledged as soon as it is sent) or 1 (at least once).
     *
     * @return 0 or 1
     */
    public int qos() {
        return qos;
    }

    /**
     * Whether the broker should retain the message.
     *
     * @return the retain flag
     */
    public boolean retain() {
        return retain;
    }

    /**
     * The device whose reading the message carries, kept so that the backend can drop duplicates.
     *
     * @return the device id, or {@code null}
     */
    public String deviceId() {
        return deviceId;
    }

    /**
     * The sequence number of the reading the message carries.
     *
     * @return the sequence number, or {@value #NO_SEQ}
     */
    public long seq() {
        return seq;
    }

    /**
     * When the publisher created the message.
     *
     * @return the creation time
     */
    public Instant createdAt() {
        return createdAt;
    }

    /**
     * When the message stops being worth sending. The store's own time-to-live applies when this is {@code null}.
     *
     * @return the expiry time, or {@code null}
     */
    public Instant expiresAt() {
        return expiresAt;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OutboundMessage m && priority == m.priority && qos == m.qos && retain == m.retain
                && seq == m.seq && topic.equals(m.topic) && Arrays.equals(payload, m.payload)
                && Objects.equals(deviceId, m.deviceId) && createdAt.equals(m.createdAt)
                && Objects.equals(expiresAt, m.expiresAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, priority, qos, deviceId, seq, createdAt) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "OutboundMessage[" + topic + " p" + priority + " qos" + qos + " " + payload.length + " bytes"
                + (deviceId == null ? "" : " " + deviceId + "#" + seq) + "]";
    }

    /** Builds an {@link OutboundMessage}. */
    public static final class Builder {
        private final String topic;
        private final byte[] payload;
        private int priority = PRIORITY_DEFAULT;
        private int qos = 1;
        private boolean retain;
        private String deviceId;
        private long seq = NO_SEQ;
        private Instant createdAt;
        private Instant expiresAt;

        private Builder(String topic, byte[] payload) {
            this.topic = topic;
            this.payload = payload;
        }

        /**
         * Sets the priority.
         *
         * @param priority
         *            0 (most urgent) to 9
         *
         * @return this builder
         */
        public Builder priority(int priority) {
            this.priority = priority;
            return this;
        }

        /**
         * Sets the quality of service.
         *
         * @param qos
         *            0 or 1
         *
         * @return this builder
         */
        public Builder qos(int qos) {
            this.qos = qos;
            return this;
        }

        /**
         * Sets the retain flag.
         *
         * @param retain
         *            whether the broker retains the message
         *
         * @return this builder
         */
        public Builder retain(boolean retain) {
            this.retain = retain;
            return this;
        }

        /**
         * Sets the reading identity the message carries.
         *
         * @param deviceId
         *            the device (or source node) id
         * @param seq
         *            the reading's sequence number
         *
         * @return this builder
         */
        public Builder reading(String deviceId, long seq) {
            this.deviceId = deviceId;
            this.seq = seq;
            return this;
        }

        /**
         * Sets the creation time.
         *
         * @param createdAt
         *            when the message was created; defaults to now
         *
         * @return this builder
         */
        public Builder createdAt(Instant createdAt) {
            this.createdAt = createdAt;
            return this;
        }

        /**
         * Sets the expiry time.
         *
         * @param expiresAt
         *            when the message stops being worth sending, or {@code null} for the store's default
         *
         * @return this builder
         */
        public Builder expiresAt(Instant expiresAt) {
            this.expiresAt = expiresAt;
            return this;
        }

        /**
         * Builds the message.
         *
         * @return the message
         *
         * @throws IllegalArgumentException
         *             if a value is out of range
         */
        public OutboundMessage build() {
            return new OutboundMessage(this);
        }
    }
}
