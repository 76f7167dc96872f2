package io.holdfast.backend.store;

import java.util.Map;

/**
 * A gateway of the registry, from its lifecycle messages.
 *
 * @param clientId
 *            its MQTT client id
 * @param account
 *            its account name (the first topic level)
 * @param online
 *            whether its newest lifecycle message was a BIRTH
 * @param lastEvent
 *            {@code BIRTH}, {@code DC} or {@code LWT} ({@code STATUS} until its first one arrives)
 * @param lastChange
 *            when that message arrived, epoch ms
 * @param birth
 *            the metrics of its newest BIRTH certificate
 * @param backlog
 *            the store backlog it reported last, or {@code null} if it never did
 */
public record GatewayInfo(String clientId, String account, boolean online, String lastEvent, long lastChange,
        Map<String, Object> birth, Backlog backlog) {

    /** Metric of BIRTH and STATUS: readings stored on the gateway and not yet confirmed by the broker. */
    public static final String METRIC_BACKLOG = "backlog_messages";
    /** Metric of BIRTH and STATUS: how long the oldest of them has waited, ms. */
    public static final String METRIC_BACKLOG_OLDEST_AGE_MS = "backlog_oldest_age_ms";

    /**
     * A gateway that has not reported its backlog.
     *
     * @param clientId
     *            its MQTT client id
     * @param account
     *            its account name
     * @param online
     *            whether its newest lifecycle message was a BIRTH
     * @param lastEvent
     *            its newest lifecycle message
     * @param lastChange
     *            when that message arrived, epoch ms
     * @param birth
     *            the metrics of its newest BIRTH certificate
     */
    public GatewayInfo(String clientId, String account, boolean online, String lastEvent, long lastChange,
            Map<String, Object> birth) {
        this(clientId, account, online, lastEvent, lastChange, birth, null);
    }

    /**
     * A gateway's store backlog, as it reported it.
     *
     * @param messages
     *            readings stored and not yet confirmed by the broker (in flight included)
     * @param oldestAgeMs
     *            how long the oldest had waited when the gateway reported it, ms (0 when none)
     * @param reportedAt
     *            when the backend received the report, epoch ms
     */
    public record Backlog(long messages, long oldestAgeMs, long reportedAt) {
    }
}
