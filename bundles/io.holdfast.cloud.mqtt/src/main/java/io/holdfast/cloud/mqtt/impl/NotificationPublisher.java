package io.holdfast.cloud.mqtt.impl;

import io.holdfast.api.queue.OutboundMessage;
import java.util.Map;
import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.listener.CloudConnectionListener;
import org.eclipse.kura.cloudconnection.listener.CloudDeliveryListener;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.publisher.CloudNotificationPublisher;
import org.osgi.framework.ServiceRegistration;

/**
 * The notification publisher a request handler gets: publishes durably (through the queue) to
 * {@code <control prefix of the requester><APP-ID>/NOTIFY/<client-id>/<resource>}. The message property
 * {@value #PROP_RESOURCE} names the resource ({@code download}, {@code install}, ...); {@value #PROP_REQUESTER} and
 * {@value #PROP_APP_ID} override the requester and app id of the request. The connection's own notification publisher
 * service (no request behind it) needs both.
 */
final class NotificationPublisher implements CloudNotificationPublisher {
    static final String PROP_RESOURCE = "message.type";
    static final String PROP_REQUESTER = "requestor.client.id";
    static final String PROP_APP_ID = "app.id";

    private final MqttCloudEndpoint endpoint;
    private final String requester;
    private final String appId;

    NotificationPublisher(MqttCloudEndpoint endpoint, String requester, String appId) {
        this.endpoint = endpoint;
        this.requester = requester;
        this.appId = appId;
    }

    /** Unregisters the connection's notification publisher service, if it is still registered. */
    static void unregister(ServiceRegistration<?> registration) {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // already gone with the bundle
            }
        }
    }

    @Override
    public String publish(KuraMessage message) throws KuraException {
        Map<String, Object> p = message.getProperties();
        String who = p.get(PROP_REQUESTER) instanceof String s && !s.isEmpty() ? s : requester;
        String app = p.get(PROP_APP_ID) instanceof String s && !s.isEmpty() ? s : appId;
        String resource = p.get(PROP_RESOURCE) instanceof String s && !s.isEmpty() ? s : "notification";
        if (who == null || app == null) {
            throw new KuraException(KuraErrorCode.INVALID_PARAMETER, "the message properties " + PROP_REQUESTER
                    + " and " + PROP_APP_ID + " name the requester and the application to notify");
        }
        String topic = endpoint.topics().controlOf(who, app, "NOTIFY/" + endpoint.topics().client() + "/" + resource);
        return endpoint.durable().enqueue(topic, message.getPayload(), 1, false, OutboundMessage.PRIORITY_DEFAULT - 1,
                Map.of());
    }

    @Override
    public void registerCloudConnectionListener(CloudConnectionListener listener) {
        endpoint.registerCloudConnectionListener(listener);
    }

    @Override
    public void unregisterCloudConnectionListener(CloudConnectionListener listener) {
        endpoint.unregisterCloudConnectionListener(listener);
    }

    @Override
    public void registerCloudDeliveryListener(CloudDeliveryListener listener) {
        endpoint.registerCloudDeliveryListener(listener);
    }

    @Override
    public void unregisterCloudDeliveryListener(CloudDeliveryListener listener) {
        endpoint.unregisterCloudDeliveryListener(listener);
    }
}
