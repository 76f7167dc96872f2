package io.holdfast.api.status;

import java.time.Instant;
import java.util.Objects;

/**
 * The state of one link: a serial port, a TCP listener, an MQTT ingestion client or a cloud connection.
 *
 * @param id
 *            the link's configuration PID (unique)
 * @param kind
 *            what kind of link it is
 * @param state
 *            its state
 * @param detail
 *            where it points, for people: {@code "/dev/ttyUSB0 @115200"}, {@code "tcp://broker:1883"}
 * @param since
 *            when it entered its current state
 * @param lastError
 *            the last error in one line, or {@code null}
 * @param reconnects
 *            how often it was re-opened since it was configured
 * @param messages
 *            frames received (device links) or messages sent (cloud links) since it was configured
 * @param rejects
 *            frames rejected (device links) or publishes failed (cloud links) since it was configured
 */
public record LinkStatus(String id, Kind kind, State state, String detail, Instant since, String lastError,
        long reconnects, long messages, long rejects) {

    /** Kinds of link. */
    public enum Kind {
        /** A USB serial port to an ESP32 gateway device. */
        SERIAL,
        /** A TCP listener for ESP32 devices on WiFi. */
        TCP,
        /** A client of a broker where devices publish (the seed firmware's topics). */
        MQTT_INGEST,
        /** A cloud connection to an MQTT broker. */
        CLOUD
    }

    /** States of a link. */
    public enum State {
        /** Open and working. */
        UP,
        /** Opening, or re-opening after a failure (waiting on its back-off). */
        CONNECTING,
        /** Not open, and not trying: stopped or disabled by configuration. */
        DOWN,
        /** Failing: the last attempt failed; {@code lastError} says why. It keeps retrying. */
        ERROR
    }

    /**
     * Validates the components.
     *
     * @throws NullPointerException
     *             if the id, kind, state, detail or since is {@code null}
     */
    public LinkStatus {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(since, "since");
    }
}
