package io.holdfast.cloud.mqtt.impl;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.kura.cloudconnection.CloudConnectionManager;
import org.eclipse.kura.cloudconnection.CloudEndpoint;
import org.eclipse.kura.cloudconnection.listener.CloudConnectionListener;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.subscriber.CloudSubscriber;
import org.eclipse.kura.cloudconnection.subscriber.listener.CloudSubscriberListener;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * A Kura {@link CloudSubscriber} on a cloud connection named by {@code cloud.endpoint.service.pid}: subscribes to an
 * app topic (data or control) and passes what arrives to its listeners. It subscribes again whenever its connection
 * comes back (a new endpoint service after reconfiguration included).
 */
@Component(name = MqttCloudSubscriber.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {
        CloudSubscriber.class, ConfigurableComponent.class }, property = {
                // Kura's Cloud Connections page offers publishers and subscribers by these two (the second is
                // CloudConnectionConstants.CLOUD_CONNECTION_FACTORY_PID_PROP_NAME)
                Constants.SERVICE_PID + "=" + MqttCloudSubscriber.PID,
                "cloud.connection.factory.pid=" + MqttCloudEndpoint.PID })
@Designate(ocd = MqttCloudSubscriberConfig.class, factory = true)
public final class MqttCloudSubscriber implements CloudSubscriber, ConfigurableComponent {

    /** Component name, factory PID and metatype OCD id. */
    public static final String PID = "io.holdfast.cloud.mqtt.MqttCloudSubscriber";

    private final MqttCloudSubscriberConfig config;
    private final EndpointTracker endpoints;
    private final List<CloudSubscriberListener> listeners = new CopyOnWriteArrayList<>();
    private final List<CloudConnectionListener> connectionListeners = new CopyOnWriteArrayList<>();
    private final CloudSubscriberListener fanOut = this::arrived;
    private final CloudConnectionListener connectionForwarder = new CloudConnectionListener() {
        @Override
        public void onDisconnected() {
            connectionListeners.forEach(CloudConnectionListener::onDisconnected);
        }

        @Override
        public void onConnectionLost() {
            connectionListeners.forEach(CloudConnectionListener::onConnectionLost);
        }

        @Override
        public void onConnectionEstablished() {
            connectionListeners.forEach(CloudConnectionListener::onConnectionEstablished);
        }
    };

    /**
     * Activates the subscriber.
     *
     * @param config
     *            the configuration
     * @param context
     *            to follow the cloud connection
     *
     * @throws InvalidSyntaxException
     *             if the connection PID makes an invalid filter
     */
    @Activate
    public MqttCloudSubscriber(MqttCloudSubscriberConfig config, BundleContext context) throws InvalidSyntaxException {
        this(config);
        endpoints.open(context, config.cloud_endpoint_service_pid());
    }

    /**
     * Creates a subscriber outside OSGi; give it its endpoint with {@link #setEndpoint(CloudEndpoint)}.
     *
     * @param config
     *            the configuration
     */
    public MqttCloudSubscriber(MqttCloudSubscriberConfig config) {
        this.config = config;
        this.endpoints = new EndpointTracker(this::attach, this::detach);
    }

    /**
     * Sets the endpoint (outside OSGi).
     *
     * @param endpoint
     *            the endpoint
     */
    public void setEndpoint(CloudEndpoint endpoint) {
        endpoints.set(endpoint);
    }

    /** Unsubscribes. */
    @Deactivate
    public void close() {
        endpoints.close();
    }

    private void attach(CloudEndpoint e) {
        e.registerSubscriber(Map.of(MqttCloudEndpoint.PROP_APP_ID, config.appId(), MqttCloudEndpoint.PROP_APP_TOPIC,
                config.app_topic(), MqttCloudEndpoint.PROP_QOS, config.qos(), MqttCloudEndpoint.PROP_CONTROL,
                "control".equalsIgnoreCase(config.message_type())), fanOut);
        if (e instanceof CloudConnectionManager m) {
            m.registerCloudConnectionListener(connectionForwarder);
        }
    }

    private void detach(CloudEndpoint e) {
        e.unregisterSubscriber(fanOut);
        if (e instanceof CloudConnectionManager m) {
            m.unregisterCloudConnectionListener(connectionForwarder);
        }
    }

    private void arrived(KuraMessage message) {
        for (CloudSubscriberListener l : listeners) {
            l.onMessageArrived(message);
        }
    }

    @Override
    public void registerCloudSubscriberListener(CloudSubscriberListener listener) {
        listeners.add(listener);
    }

    @Override
    public void unregisterCloudSubscriberListener(CloudSubscriberListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void registerCloudConnectionListener(CloudConnectionListener listener) {
        connectionListeners.add(listener);
    }

    @Override
    public void unregisterCloudConnectionListener(CloudConnectionListener listener) {
        connectionListeners.remove(listener);
    }
}
