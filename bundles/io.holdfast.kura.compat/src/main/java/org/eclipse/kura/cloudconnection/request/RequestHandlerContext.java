package org.eclipse.kura.cloudconnection.request;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.kura.cloudconnection.publisher.CloudNotificationPublisher;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What a {@link RequestHandler} gets besides the request: a publisher for progress notifications and properties of the
 * connection the request came through.
 */
@ProviderType
public class RequestHandlerContext {
    private final CloudNotificationPublisher notificationPublisher;
    private final Map<String, String> contextProperties;

    /**
     * Creates a context.
     *
     * @param notificationPublisher
     *            publishes notifications to the requester
     * @param contextProperties
     *            properties of the request's connection; copied
     */
    public RequestHandlerContext(CloudNotificationPublisher notificationPublisher,
            Map<String, String> contextProperties) {
        this.notificationPublisher = notificationPublisher;
        this.contextProperties = new HashMap<>(contextProperties);
    }

    /** @return the notification publisher */
    public CloudNotificationPublisher getNotificationPublisher() {
        return notificationPublisher;
    }

    /** @return the context properties, unmodifiable */
    public Map<String, String> getContextProperties() {
        return Collections.unmodifiableMap(contextProperties);
    }
}
