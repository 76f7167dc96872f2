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
 *            {@code BIRTH}, {@code DC} or {@code LWT}
 * @param lastChange
 *            when that message arrived, epoch ms
 * @param birth
 *            the metrics of its newest BIRTH certificate
 */
public record GatewayInfo(String clientId, String account, boolean online, String lastEvent, long lastChange,
        Map<String, Object> birth) {
}
