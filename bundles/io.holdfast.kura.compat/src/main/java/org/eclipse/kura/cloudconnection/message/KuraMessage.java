package org.eclipse.kura.cloudconnection.message;

import java.util.HashMap;
import java.util.Map;
import org.eclipse.kura.message.KuraPayload;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A payload with the properties that tell a cloud connection how to deliver it (for example {@code appTopic},
 * {@code qos}, {@code retain}, {@code priority}), or that describe where a received message came from.
 */
@ProviderType
public class KuraMessage {
    private final KuraPayload payload;
    private final Map<String, Object> properties;

    /**
     * Creates a message without properties.
     *
     * @param payload
     *            the payload
     */
    public KuraMessage(KuraPayload payload) {
        this.payload = payload;
        this.properties = new HashMap<>();
    }

    /**
     * Creates a message with properties; the map is copied.
     *
     * @param payload
     *            the payload
     * @param properties
     *            the delivery properties
     */
    public KuraMessage(KuraPayload payload, Map<String, Object> properties) {
        this.payload = payload;
        this.properties = new HashMap<>(properties);
    }

    /** @return the properties: the message's own copy, which Kura lets the caller change */
    public Map<String, Object> getProperties() {
        return properties;
    }

    /** @return the payload */
    public KuraPayload getPayload() {
        return payload;
    }
}
