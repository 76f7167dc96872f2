package io.holdfast.api.reading;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One measurement by one sensor, as the gateway received it. Immutable; build one with {@link #builder()}.
 * <p>
 * Identity: a reading is identified by its {@link #source()} and {@link #seq()}. A device keeps its sequence counter
 * across reboots and re-sends a reading until the gateway acknowledges it, so the same pair may arrive more than once;
 * every consumer that stores readings must drop duplicates of {@link #identity()}.
 */
public final class Reading {

    /** The largest sequence number: sequence numbers are unsigned 32-bit counters. */
    public static final long MAX_SEQ = 0xFFFF_FFFFL;

    private final String deviceId;
    private final String source;
    private final String sensorType;
    private final long seq;
    private final Instant deviceTime;
    private final Instant receivedAt;
    private final Long uptimeMillis;
    private final List<Metric> metrics;
    private final Map<String, Object> raw;
    private final Set<ReadingFlag> flags;

    private Reading(Builder b) {
        this.deviceId = requireText(b.deviceId, "deviceId");
        this.source = b.source == null ? deviceId : requireText(b.source, "source");
        this.sensorType = requireText(b.sensorType, "sensorType");
        if (b.seq < 0 || b.seq > MAX_SEQ) {
            throw new IllegalArgumentException("seq out of the unsigned 32-bit range: " + b.seq);
        }
        this.seq = b.seq;
        this.receivedAt = Objects.requireNonNull(b.receivedAt, "receivedAt");
        this.deviceTime = b.deviceTime == null ? receivedAt : b.deviceTime;
        this.uptimeMillis = b.uptimeMillis;
        this.metrics = List.copyOf(b.metrics);
        this.raw = Collections.unmodifiableMap(new LinkedHashMap<>(b.raw));
        this.flags = b.flags.isEmpty() ? Collections.emptySet() : Collections.unmodifiableSet(EnumSet.copyOf(b.flags));
    }

    private static String requireText(String value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isBlank()) {
            throw new IllegalArgumentException(what + " is blank");
        }
        return value;
    }

    /**
     * A new builder.
     *
     * @return an empty builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The ESP32 gateway device that delivered the reading, by its MAC address ({@code "3C:E9:0E:72:12:4C"}).
     *
     * @return the device id, never {@code null}
     */
    public String deviceId() {
        return deviceId;
    }

    /**
     * The sensor node that took the reading. Equal to {@link #deviceId()} unless the device relays a mesh node.
     *
     * @return the source node id, never {@code null}
     */
    public String source() {
        return source;
    }

    /**
     * The sensor type ({@code "pt100"}, {@code "temperature"}, {@code "rssi"}): the key by which a
     * {@link io.holdfast.api.codec.SensorCodec} is found.
     *
     * @return the sensor type, never {@code null}
     */
    public String sensorType() {
        return sensorType;
    }

    /**
     * The sequence number, scoped to {@link #source()}: an unsigned 32-bit counter kept by the device (or assigned by
     * the gateway, see {@link ReadingFlag#SEQ_ASSIGNED}).
     *
     * @return the sequence number, 0 to {@link #MAX_SEQ}
     */
    public long seq() {
        return seq;
    }

    /**
     * The identity by which duplicates are dropped: {@code source + "#" + seq}.
     *
     * @return the identity
     */
    public String identity() {
        return source + "#" + seq;
    }

    /**
     * When the reading was taken, on the gateway's time scale: the device's own timestamp, or an estimate from its
     * uptime (see {@link ReadingFlag#TIME_FROM_UPTIME}), or the receive time when neither can be trusted.
     *
     * @return the device time, never {@code null}
     */
    public Instant deviceTime() {
        return deviceTime;
    }

    /**
     * When the gateway received the frame that carried the reading.
     *
     * @return the receive time, never {@code null}
     */
    public Instant receivedAt() {
        return receivedAt;
    }

    /**
     * The device uptime in milliseconds the frame carried, if it carried one.
     *
     * @return the uptime, or {@code null}
     */
    public Long uptimeMillis() {
        return uptimeMillis;
    }

    /**
     * The decoded metrics in engineering units, or the raw values when {@link ReadingFlag#UNDECODED} is set.
     *
     * @return an unmodifiable list, possibly empty
     */
    public List<Metric> metrics() {
        return metrics;
    }

    /**
     * The raw values exactly as the device sent them (the {@code v} object of the frame).
     *
     * @return an unmodifiable map in the order received, possibly empty
     */
    public Map<String, Object> raw() {
        return raw;
    }

    /**
     * The flags of this reading.
     *
     * @return an unmodifiable set, possibly empty
     */
    public Set<ReadingFlag> flags() {
        return flags;
    }

    /**
     * Whether a flag is set.
     *
     * @param flag
     *            the flag
     *
     * @return {@code true} if set
     */
    public boolean has(ReadingFlag flag) {
        return flags.contains(flag);
    }

    /**
     * A builder initialised with this reading's values, to derive a changed copy.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder().deviceId(deviceId).source(source).sensorType(sensorType).seq(seq)
                .deviceTime(deviceTime).receivedAt(receivedAt).uptimeMillis(uptimeMillis).metrics(metrics).raw(raw);
        b.flags.addAll(flags);
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Reading r && seq == r.seq && deviceId.equals(r.deviceId) && source.equals(r.source)
                && sensorType.equals(r.sensorType) && deviceTime.equals(r.deviceTime) && receivedAt.equals(r.receivedAt)
                && Objects.equals(uptimeMillis, r.uptimeMillis) && metrics.equals(r.metrics) && raw.equals(r.raw)
                && flags.equals(r.flags);
    }

    @Override
    public int hashCode() {
        return Objects.hash(deviceId, source, seq, sensorType, deviceTime);
    }

    @Override
    public String toString() {
        return "Reading[" + identity() + " " + sensorType + " from " + deviceId + " at " + deviceTime + " " + metrics
                + (flags.isEmpty() ? "" : " " + flags) + "]";
    }

    /**
     * Builds a {@link Reading}. Required: device id, sensor type, receive time. The source defaults to the device id
     * and the device time to the receive time.
     */
    public static final class Builder {
        private String deviceId;
        private String source;
        private String sensorType;
        private long seq;
        private Instant deviceTime;
        private Instant receivedAt;
        private Long uptimeMillis;
        private final List<Metric> metrics = new ArrayList<>();
        private final Map<String, Object> raw = new LinkedHashMap<>();
        private final EnumSet<ReadingFlag> flags = EnumSet.noneOf(ReadingFlag.class);

        private Builder() {
        }

        /**
         * Sets the delivering device.
         *
         * @param deviceId
         *            the device's MAC address
         *
         * @return this builder
         */
        public Builder deviceId(String deviceId) {
            this.deviceId = deviceId;
            return this;
        }

        /**
         * Sets the source node, for relayed readings.
         *
         * @param source
         *            the node id; {@code null} for the device itself
         *
         * @return this builder
         */
        public Builder source(String source) {
            this.source = source;
            return this;
        }

        /**
         * Sets the sensor type.
         *
         * @param sensorType
         *            the sensor type
         *
         * @return this builder
         */
        public Builder sensorType(String sensorType) {
            this.sensorType = sensorType;
            return this;
        }

        /**
         * Sets the sequence number.
         *
         * @param seq
         *            0 to {@link Reading#MAX_SEQ}
         *
         * @return this builder
         */
        public Builder seq(long seq) {
            this.seq = seq;
            return this;
        }

        /**
         * Sets the device time.
         *
         * @param deviceTime
         *            when the reading was taken; {@code null} for the receive time
         *
         * @return this builder
         */
        public Builder deviceTime(Instant deviceTime) {
            this.deviceTime = deviceTime;
            return this;
        }

        /**
         * Sets the receive time.
         *
         * @param receivedAt
         *            when the gateway received the frame
         *
         * @return this builder
         */
        public Builder receivedAt(Instant receivedAt) {
            this.receivedAt = receivedAt;
            return this;
        }

        /**
         * Sets the device uptime the frame carried.
         *
         * @param uptimeMillis
         *            milliseconds since the device booted, or {@code null}
         *
         * @return this builder
         */
        public Builder uptimeMillis(Long uptimeMillis) {
            this.uptimeMillis = uptimeMillis;
            return this;
        }

        /**
         * Adds a metric.
         *
         * @param metric
         *            the metric
         *
         * @return this builder
         */
        public Builder metric(Metric metric) {
            metrics.add(Objects.requireNonNull(metric, "metric"));
            return this;
        }

        /**
         * Replaces the metrics.
         *
         * @param metrics
         *            the metrics
         *
         * @return this builder
         */
        public Builder metrics(Collection<Metric> metrics) {
            this.metrics.clear();
            metrics.forEach(this::metric);
            return this;
        }

        /**
         * Replaces the raw values.
         *
         * @param raw
         *            the values as the device sent them
         *
         * @return this builder
         */
        public Builder raw(Map<String, ?> raw) {
            this.raw.clear();
            this.raw.putAll(raw);
            return this;
        }

        /**
         * Sets a flag.
         *
         * @param flag
         *            the flag
         *
         * @return this builder
         */
        public Builder flag(ReadingFlag flag) {
            flags.add(Objects.requireNonNull(flag, "flag"));
            return this;
        }

        /**
         * Clears a flag.
         *
         * @param flag
         *            the flag
         *
         * @return this builder
         */
        public Builder clearFlag(ReadingFlag flag) {
            flags.remove(flag);
            return this;
        }

        /**
         * Builds the reading.
         *
         * @return the reading
         *
         * @throws NullPointerException
         *             if a required value is missing
         * @throws IllegalArgumentException
         *             if a value is invalid
         */
        public Reading build() {
            return new Reading(this);
        }
    }
}
