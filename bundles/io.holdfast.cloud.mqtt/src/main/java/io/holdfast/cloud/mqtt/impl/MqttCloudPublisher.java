package io.holdfast.cloud.mqtt.impl;

import io.holdfast.api.publish.BatchPublisher;
import io.holdfast.api.queue.CommittedReadings;
import io.holdfast.api.queue.QueueException;
import io.holdfast.api.queue.SeqRange;
import io.holdfast.cloud.mqtt.impl.session.Topics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.KuraNotConnectedException;
import org.eclipse.kura.cloudconnection.CloudConnectionManager;
import org.eclipse.kura.cloudconnection.CloudEndpoint;
import org.eclipse.kura.cloudconnection.listener.CloudConnectionListener;
import org.eclipse.kura.cloudconnection.listener.CloudDeliveryListener;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.publisher.CloudPublisher;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kura {@link CloudPublisher} on a cloud connection named by {@code cloud.endpoint.service.pid}: builds the app
 * topic, sets QoS, retain and priority, and hands the message to the connection, whose publish is a durable enqueue.
 * Its delivery listeners hear of its own messages only (those under its app id). It is also a {@link BatchPublisher}: a
 * list of messages is stored with one commit; and a {@link CommittedReadings}: what its connection's queue committed of
 * a device's readings, for a driver that restarts.
 */
@Component(name = MqttCloudPublisher.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {
        CloudPublisher.class, ConfigurableComponent.class }, property = {
                // Kura's Cloud Connections page offers publishers and subscribers by these two (the second is
                // CloudConnectionConstants.CLOUD_CONNECTION_FACTORY_PID_PROP_NAME)
                Constants.SERVICE_PID + "=" + MqttCloudPublisher.PID,
                "cloud.connection.factory.pid=" + MqttCloudEndpoint.PID })
@Designate(ocd = MqttCloudPublisherConfig.class, factory = true)
public final class MqttCloudPublisher
        implements CloudPublisher, BatchPublisher, CommittedReadings, ConfigurableComponent {

    /** Component name, factory PID and metatype OCD id. */
    public static final String PID = "io.holdfast.cloud.mqtt.MqttCloudPublisher";

    private static final Logger LOG = LoggerFactory.getLogger(MqttCloudPublisher.class);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}/+#]+)\\}");

    private final MqttCloudPublisherConfig config;
    private final EndpointTracker endpoints;
    private final List<CloudDeliveryListener> deliveryListeners = new CopyOnWriteArrayList<>();
    private final List<CloudConnectionListener> connectionListeners = new CopyOnWriteArrayList<>();
    private final DeliveryFilter deliveryFilter = new DeliveryFilter();
    private final ConnectionForwarder connectionForwarder = new ConnectionForwarder();

    /**
     * Activates the publisher.
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
    public MqttCloudPublisher(MqttCloudPublisherConfig config, BundleContext context) throws InvalidSyntaxException {
        this(config);
        endpoints.open(context, config.cloud_endpoint_service_pid());
    }

    /**
     * Creates a publisher outside OSGi; give it its endpoint with {@link #setEndpoint(CloudEndpoint)}.
     *
     * @param config
     *            the configuration
     */
    public MqttCloudPublisher(MqttCloudPublisherConfig config) {
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

    /** Stops following the connection. */
    @Deactivate
    public void close() {
        endpoints.close();
    }

    private void attach(CloudEndpoint e) {
        e.registerCloudDeliveryListener(deliveryFilter);
        if (e instanceof CloudConnectionManager m) {
            m.registerCloudConnectionListener(connectionForwarder);
        }
    }

    private void detach(CloudEndpoint e) {
        e.unregisterCloudDeliveryListener(deliveryFilter);
        if (e instanceof CloudConnectionManager m) {
            m.unregisterCloudConnectionListener(connectionForwarder);
        }
    }

    @Override
    public String publish(KuraMessage message) throws KuraException {
        return endpoint().publish(withProperties(message));
    }

    /**
     * Publishes a batch with one commit of the store ({@link BatchPublisher}); on another kind of endpoint, one
     * publish() per message. A message whose app topic cannot be built is not stored (its entry is {@code null}).
     */
    @Override
    public List<String> publish(List<KuraMessage> messages) throws KuraException {
        CloudEndpoint e = endpoint();
        int n = messages.size();
        List<KuraMessage> prepared = new ArrayList<>(n);
        List<Integer> at = new ArrayList<>(n);
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            try {
                prepared.add(withProperties(messages.get(i)));
                at.add(i);
            } catch (KuraException ex) {
                LOG.warn("Publisher {}: a message of a batch was not stored: {}", config.appId(), ex.getMessage());
            }
        }
        if (e instanceof MqttCloudEndpoint m) {
            List<String> stored = m.durable().publishAll(prepared);
            for (int j = 0; j < stored.size(); j++) {
                ids[at.get(j)] = stored.get(j);
            }
        } else {
            for (int j = 0; j < prepared.size(); j++) {
                try {
                    ids[at.get(j)] = e.publish(prepared.get(j));
                } catch (KuraException ex) {
                    LOG.warn("Publisher {}: a message of a batch was not stored: {}", config.appId(), ex.getMessage());
                }
            }
        }
        return Arrays.asList(ids);
    }

    /**
     * What the connection's current queue committed of a device's readings ({@link CommittedReadings}): {@code null}
     * while no connection or no queue is bound; empty on a connection of another bundle or a queue that keeps no
     * record. Does not wait.
     */
    @Override
    public List<SeqRange> committedSeqs(String deviceId) throws QueueException {
        CloudEndpoint e = endpoints.current();
        if (e == null) {
            return null;
        }
        return e instanceof MqttCloudEndpoint m ? m.durable().committedSeqs(deviceId) : List.of();
    }

    private CloudEndpoint endpoint() throws KuraException {
        CloudEndpoint e;
        try {
            e = endpoints.await(config.endpoint_wait_ms());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new KuraNotConnectedException(ex, "interrupted waiting for the cloud connection");
        }
        if (e == null && endpoints.closed()) {
            // deactivated (its bundle is stopping or being updated): the caller retries with the publisher's successor
            throw new KuraNotConnectedException("publisher " + config.appId() + " is closed (its bundle is stopping or "
                    + "being updated); the message was not stored");
        }
        if (e == null) {
            throw new KuraNotConnectedException("no cloud connection " + config.cloud_endpoint_service_pid()
                    + " within " + config.endpoint_wait_ms() + " ms; the message was not stored");
        }
        return e;
    }

    /** The message with this publisher's app id, topic, QoS, retain, priority and kind as Kura's properties. */
    private KuraMessage withProperties(KuraMessage message) throws KuraException {
        if (message == null || message.getPayload() == null) {
            throw new KuraException(KuraErrorCode.INVALID_PARAMETER, "the message has no payload");
        }
        Map<String, Object> props = new HashMap<>(message.getProperties());
        props.put(MqttCloudEndpoint.PROP_APP_ID, config.appId());
        props.put(MqttCloudEndpoint.PROP_APP_TOPIC, appTopic(config.app_topic(), message));
        props.put(MqttCloudEndpoint.PROP_QOS, config.qos());
        props.put(MqttCloudEndpoint.PROP_RETAIN, config.retain());
        props.put(MqttCloudEndpoint.PROP_PRIORITY, config.priority());
        props.put(MqttCloudEndpoint.PROP_CONTROL, isControl());
        return new KuraMessage(message.getPayload(), props);
    }

    private boolean isControl() {
        return "control".equalsIgnoreCase(config.message_type());
    }

    /**
     * Replaces {@code {name}} by the message property, else the metric, of that name.
     *
     * @throws KuraException
     *             INVALID_PARAMETER if the message has neither, or the value is no valid topic level
     */
    static String appTopic(String template, KuraMessage message) throws KuraException {
        if (template == null || template.indexOf('{') < 0) {
            return template == null ? "" : template;
        }
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            Object v = message.getProperties().get(name);
            if (v == null) {
                v = message.getPayload().getMetric(name);
            }
            if (v == null) {
                throw new KuraException(KuraErrorCode.INVALID_PARAMETER, "the app topic " + template + " needs the "
                        + "message property or metric '" + name + "', which the message lacks");
            }
            String s = v.toString();
            if (s.isEmpty() || s.contains("/") || s.contains("+") || s.contains("#")) {
                throw new KuraException(KuraErrorCode.INVALID_PARAMETER,
                        "'" + name + "' = '" + s + "' is no valid " + "topic level");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(s));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    @Override
    public void registerCloudConnectionListener(CloudConnectionListener listener) {
        connectionListeners.add(listener);
    }

    @Override
    public void unregisterCloudConnectionListener(CloudConnectionListener listener) {
        connectionListeners.remove(listener);
    }

    @Override
    public void registerCloudDeliveryListener(CloudDeliveryListener listener) {
        deliveryListeners.add(listener);
    }

    @Override
    public void unregisterCloudDeliveryListener(CloudDeliveryListener listener) {
        deliveryListeners.remove(listener);
    }

    /** Passes on the confirmations of this publisher's messages (topics under its app id). */
    private final class DeliveryFilter implements MqttCloudEndpoint.TopicDeliveryListener {
        @Override
        public void onMessageConfirmed(String messageId, String topic) {
            CloudEndpoint e = endpoints.current();
            if (e instanceof MqttCloudEndpoint m) {
                Topics t = m.topics();
                String under = isControl() ? t.underControl(topic) : t.underData(topic);
                if (under == null || !(under.equals(config.appId()) || under.startsWith(config.appId() + "/"))) {
                    return;
                }
            }
            onMessageConfirmed(messageId);
        }

        @Override
        public void onMessageConfirmed(String messageId) {
            for (CloudDeliveryListener l : deliveryListeners) {
                l.onMessageConfirmed(messageId);
            }
        }
    }

    private final class ConnectionForwarder implements CloudConnectionListener {
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
    }
}
