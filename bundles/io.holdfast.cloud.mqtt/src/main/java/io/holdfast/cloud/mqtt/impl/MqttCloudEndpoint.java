package io.holdfast.cloud.mqtt.impl;

import io.holdfast.api.queue.DurableQueue;
import io.holdfast.api.status.GatewayStatus;
import io.holdfast.api.status.LinkStatus;
import io.holdfast.api.status.StatusProvider;
import io.holdfast.cloud.mqtt.impl.payload.PayloadEncoding;
import io.holdfast.cloud.mqtt.impl.session.Acknowledger;
import io.holdfast.cloud.mqtt.impl.session.Backlog;
import io.holdfast.cloud.mqtt.impl.session.Backoff;
import io.holdfast.cloud.mqtt.impl.session.Birth;
import io.holdfast.cloud.mqtt.impl.session.DeploymentBirth;
import io.holdfast.cloud.mqtt.impl.session.Hostname;
import io.holdfast.cloud.mqtt.impl.session.QueueHolder;
import io.holdfast.cloud.mqtt.impl.session.Refusals;
import io.holdfast.cloud.mqtt.impl.session.Sender;
import io.holdfast.cloud.mqtt.impl.session.Topics;
import io.holdfast.cloud.mqtt.impl.transport.MqttLink;
import java.time.Instant;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.kura.KuraConnectException;
import org.eclipse.kura.KuraDisconnectException;
import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.CloudConnectionConstants;
import org.eclipse.kura.cloudconnection.CloudConnectionManager;
import org.eclipse.kura.cloudconnection.CloudEndpoint;
import org.eclipse.kura.cloudconnection.factory.CloudConnectionFactory;
import org.eclipse.kura.cloudconnection.listener.CloudConnectionListener;
import org.eclipse.kura.cloudconnection.listener.CloudDeliveryListener;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.publisher.CloudNotificationPublisher;
import org.eclipse.kura.cloudconnection.request.RequestHandler;
import org.eclipse.kura.cloudconnection.request.RequestHandlerRegistry;
import org.eclipse.kura.cloudconnection.subscriber.listener.CloudSubscriberListener;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.eclipse.kura.configuration.ConfigurationService;
import org.eclipse.kura.crypto.CryptoService;
import org.eclipse.kura.message.KuraPayload;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One cloud connection: a Kura {@link CloudEndpoint} and {@link CloudConnectionManager} over Paho MQTT v3.
 * <p>
 * {@link #publish(KuraMessage)} encodes the payload, builds the topic and enqueues the message durably
 * ({@link DurablePublish}); it returns the queue id only once the store committed it. The {@link Connection} thread
 * connects in the background (exponential back-off with jitter), requeues what the previous session left in flight,
 * subscribes ({@link Subscriptions}), publishes the birth certificate and then drains the queue with a window of QoS 1
 * publishes ({@link Sender}); an acknowledging thread removes what the broker confirmed ({@link Acknowledger}) and
 * tells the delivery listeners.
 */
@Component(name = MqttCloudEndpoint.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true, service = {
        CloudEndpoint.class, CloudConnectionManager.class, ConfigurableComponent.class, StatusProvider.class,
        RequestHandlerRegistry.class }, property = CloudConnectionFactory.KURA_CLOUD_CONNECTION_FACTORY_PID + "="
                + MqttCloudEndpoint.PID)
@Designate(ocd = MqttCloudEndpointConfig.class, factory = true)
public final class MqttCloudEndpoint implements CloudEndpoint, CloudConnectionManager, ConfigurableComponent,
        StatusProvider, RequestHandlerRegistry, DeploymentBirth.Lifecycle {

    /** Component name, factory PID and metatype OCD id. */
    public static final String PID = "io.holdfast.cloud.mqtt.MqttCloudEndpoint";

    /** Message property (Kura's MessageConstants names): app id of {@link #publish(KuraMessage)}. */
    static final String PROP_APP_ID = "APP_ID";
    /** Message property: app topic. */
    static final String PROP_APP_TOPIC = "APP_TOPIC";
    /** Message property: QoS (Integer; 2 is sent as 1). */
    static final String PROP_QOS = "QOS";
    /** Message property: retain (Boolean). */
    static final String PROP_RETAIN = "RETAIN";
    /** Message property: priority 0 (most urgent) to 9 (Integer). */
    static final String PROP_PRIORITY = "PRIORITY";
    /** Message property: control topic (Boolean). */
    static final String PROP_CONTROL = "CONTROL";

    private static final Logger LOG = LoggerFactory.getLogger(MqttCloudEndpoint.class);

    private final String pid;
    private final MqttCloudEndpointConfig config;
    private final String clientId;
    private final Topics topics;
    private final PayloadEncoding encoding;
    private final QueueHolder queues = new QueueHolder();
    private final Passwords passwords;
    private final Acknowledger acknowledger;
    private final Sender sender;
    private final Requests requests;
    private final DurablePublish durable;
    private final Subscriptions subscriptions;
    private final Connector connector;
    private final Connection connection;
    private final List<CloudDeliveryListener> deliveryListeners = new CopyOnWriteArrayList<>();
    private final Thread ackThread;
    private final StatusReporter status;
    private volatile ServiceRegistration<CloudNotificationPublisher> notifications;

    private final RateMeter confirmedRate = new RateMeter();

    /**
     * Activates the component: starts connecting in the background.
     *
     * @param config
     *            the configuration
     * @param properties
     *            the component properties, for the PID
     * @param context
     *            for framework properties
     */
    @Activate
    public MqttCloudEndpoint(MqttCloudEndpointConfig config, Map<String, Object> properties, BundleContext context) {
        this(config, pidOf(properties), context::getProperty, context.getBundle().getVersion().toString());
        // the notification publisher Kura's handlers find again by the PID in their request context (after a reboot)
        Dictionary<String, Object> p = new Hashtable<>();
        p.put(ConfigurationService.KURA_SERVICE_PID, notificationPublisherPid());
        p.put(CloudConnectionConstants.CLOUD_ENDPOINT_SERVICE_PID_PROP_NAME.value(), pid);
        this.notifications = context.registerService(CloudNotificationPublisher.class,
                new NotificationPublisher(this, null, null), p);
    }

    /**
     * Creates a connection outside OSGi (tests, tools); bind a queue with {@link #bindQueue(DurableQueue)}.
     *
     * @param config
     *            the configuration
     * @param pid
     *            the connection's PID, as its status reports it
     * @param frameworkProperty
     *            framework properties, for the birth certificate
     * @param version
     *            the version the birth certificate reports
     */
    public MqttCloudEndpoint(MqttCloudEndpointConfig config, String pid, Function<String, String> frameworkProperty,
            String version) {
        this.pid = Objects.requireNonNull(pid, "pid");
        this.config = config;
        this.clientId = config.client_id() == null || config.client_id().isBlank() ? Hostname.get()
                : config.client_id().trim();
        this.topics = new Topics(config.topic_data(), config.topic_control(), config.account_name(), clientId);
        this.encoding = config.payload_encoding();
        this.passwords = new Passwords(pid);
        Backlog backlog = new Backlog(queues::current);
        Birth birth = new Birth(config.display_name().isBlank() ? clientId : config.display_name(), encoding,
                frameworkProperty, version, backlog);
        this.acknowledger = new Acknowledger(queues, this::confirmed, pid);
        this.sender = new Sender(queues,
                new Sender.Settings(config.inflight_window(), 4L * 1024 * 1024, config.batch_max_messages(),
                        config.batch_max_bytes(), encoding, config.rate_limit(), config.rate_limit_burst()),
                acknowledger, pid, new Refusals(pid, System::nanoTime),
                new Backoff(config.backoff_min_ms(), config.backoff_max_ms(), Math::random));
        this.requests = new Requests(this);
        this.durable = new DurablePublish(pid, topics, encoding, queues, config.publish_wait_timeout_ms(),
                config.DurableQueue_target());
        this.subscriptions = new Subscriptions(pid, topics, requests);
        this.connector = new Connector(pid, config, clientId, topics, birth, passwords);
        SessionWork work = new SessionWork(pid, config, queues, acknowledger, sender, subscriptions, connector,
                requests);
        this.connection = new Connection(pid, config, connector,
                new Backoff(config.backoff_min_ms(), config.backoff_max_ms(), Math::random), work,
                subscriptions::arrived);
        this.ackThread = new Thread(acknowledger, "holdfast-cloud-ack " + pid);
        ackThread.setDaemon(true);
        ackThread.start();
        work.requeueBeforeFirstSession(); // while connecting: see there
        connection.start();
        this.status = new StatusReporter(pid, topics.control(Backlog.STATUS_APP, Backlog.STATUS_TOPIC), backlog,
                connector, connection::upClient, config.status_interval_seconds());
    }

    static String pidOf(Map<String, Object> properties) {
        Object kura = properties.get(ConfigurationService.KURA_SERVICE_PID);
        Object pid = kura != null ? kura : properties.get(Constants.SERVICE_PID);
        return pid == null ? PID : pid.toString();
    }

    /** Stops: disconnects cleanly (DC) when connected, acknowledges what was delivered, then fails publishers fast. */
    @Deactivate
    public void close() {
        long start = System.nanoTime();
        NotificationPublisher.unregister(notifications);
        status.close();
        connection.close();
        long sessionClosed = System.nanoTime();
        acknowledger.stop();
        try {
            ackThread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        queues.close();
        subscriptions.close();
        requests.close();
        LOG.info("Cloud connection {}: closed in {} ms (session and client {} ms)", pid,
                (System.nanoTime() - start) / 1_000_000, (sessionClosed - start) / 1_000_000);
    }

    /**
     * Binds the durable queue (dynamic: the store bundle may be updated while the connection runs).
     *
     * @param queue
     *            the queue
     */
    @Reference(name = "DurableQueue", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, target = "(holdfast.queue.name=default)")
    public void bindQueue(DurableQueue queue) {
        queues.bind(queue);
    }

    /**
     * Unbinds the durable queue.
     *
     * @param queue
     *            the queue
     */
    public void unbindQueue(DurableQueue queue) {
        queues.unbind(queue);
    }

    /**
     * Binds Kura's crypto service, which decrypts Password attributes.
     *
     * @param crypto
     *            the service
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    public void bindCrypto(CryptoService crypto) {
        passwords.bind(crypto);
    }

    /**
     * Unbinds Kura's crypto service.
     *
     * @param crypto
     *            the service
     */
    public void unbindCrypto(CryptoService crypto) {
        passwords.unbind(crypto);
    }

    // ---- for the publisher, subscriber and request handling ----

    String pid() {
        return pid;
    }

    Topics topics() {
        return topics;
    }

    PayloadEncoding encoding() {
        return encoding;
    }

    String brokerUrl() {
        return config.broker_url();
    }

    /** The {@code kura.service.pid} of the connection's notification publisher service. */
    String notificationPublisherPid() {
        return pid + ".notification";
    }

    /** The durable publish path, for single messages and batches: see {@link DurablePublish}. */
    DurablePublish durable() {
        return durable;
    }

    /** Publishes outside the queue (replies): nothing is kept if the session is lost. */
    void publishDirect(String topic, KuraPayload payload, int qos) throws KuraException {
        MqttLink c = connection.upClient();
        if (c == null) {
            throw new KuraException(KuraErrorCode.NOT_CONNECTED, "cloud connection " + pid + " is not connected");
        }
        try {
            connector.publish(c, topic, payload, qos);
        } catch (KuraException e) {
            throw e;
        } catch (Exception e) {
            throw new KuraException(KuraErrorCode.NOT_CONNECTED, e, "cloud connection " + pid + ": " + e.getMessage());
        }
    }

    // ---- CloudEndpoint ----

    /**
     * Publishes with Kura's message properties: {@code APP_ID} (required), {@code APP_TOPIC}, {@code QOS},
     * {@code RETAIN}, {@code PRIORITY}, {@code CONTROL}; and {@code device}/{@code seq} for the reading identity.
     */
    @Override
    public String publish(KuraMessage message) throws KuraException {
        return durable.publish(message);
    }

    @Override
    public void registerSubscriber(Map<String, Object> subscriptionProperties, CloudSubscriberListener listener) {
        subscriptions.register(subscriptionProperties, listener, connection.upClient());
    }

    @Override
    public void unregisterSubscriber(CloudSubscriberListener listener) {
        subscriptions.unregister(listener, connection.upClient());
    }

    @Override
    public Map<String, String> getInfo() {
        return connector.info(connection.state().name(), connection.lastError());
    }

    @Override
    public void registerCloudDeliveryListener(CloudDeliveryListener listener) {
        deliveryListeners.add(listener);
    }

    @Override
    public void unregisterCloudDeliveryListener(CloudDeliveryListener listener) {
        deliveryListeners.remove(listener);
    }

    /** A delivery listener that also wants the topic (the publisher uses it to report only its own messages). */
    interface TopicDeliveryListener extends CloudDeliveryListener {
        void onMessageConfirmed(String messageId, String topic);
    }

    private void confirmed(long id, String topic) {
        String messageId = Long.toString(id);
        for (CloudDeliveryListener l : deliveryListeners) {
            if (l instanceof TopicDeliveryListener t) {
                t.onMessageConfirmed(messageId, topic);
            } else {
                l.onMessageConfirmed(messageId);
            }
        }
    }

    // ---- CloudConnectionManager ----

    /**
     * Connects (and stays connected), waiting up to the connect timeout for the session.
     *
     * @throws KuraConnectException
     *             if the session is not up in time; the connection keeps trying in the background
     */
    @Override
    public void connect() throws KuraConnectException {
        connection.connect(TimeUnit.SECONDS.toMillis(config.connect_timeout()));
    }

    /**
     * Disconnects cleanly (DC message) and stays disconnected until {@link #connect()}.
     *
     * @throws KuraDisconnectException
     *             if the disconnection did not complete in time
     */
    @Override
    public void disconnect() throws KuraDisconnectException {
        connection.disconnect();
    }

    @Override
    public boolean isConnected() {
        return connection.state() == LinkStatus.State.UP;
    }

    @Override
    public void registerCloudConnectionListener(CloudConnectionListener listener) {
        connection.register(listener);
    }

    @Override
    public void unregisterCloudConnectionListener(CloudConnectionListener listener) {
        connection.unregister(listener);
    }

    @Override
    public void registerRequestHandler(String id, RequestHandler handler) throws KuraException {
        requests.register(id, handler);
        publishLifecycle("APPS");
    }

    @Override
    public void unregister(String id) throws KuraException {
        requests.unregister(id);
        publishLifecycle("APPS");
    }

    /** Publishes a lifecycle message now, if connected (DeploymentBirth: also after a package install). */
    public void publishLifecycle(String what) {
        MqttLink c = connection.upClient();
        if (c == null) {
            return;
        }
        try {
            connector.lifecycle(c, what, requests.ids());
        } catch (Exception e) {
            LOG.warn("Cloud connection {}: cannot publish {}: {}", pid, what, e.getMessage());
        }
    }

    @Override
    public GatewayStatus status() {
        long confirmedNow = acknowledger.confirmedCount();
        double rate = confirmedRate.sample(confirmedNow);
        Refusals refusals = sender.refusals();
        String lastError = connection.lastError() != null ? connection.lastError() : refusals.last();
        LinkStatus link = new LinkStatus(pid, LinkStatus.Kind.CLOUD, connection.state(),
                config.broker_url() + " as " + clientId + ", " + Connector.protocolNote(config), connection.since(),
                lastError, connection.reconnects(), confirmedNow, durable.failures());
        return new GatewayStatus(Instant.now(), List.of(link), List.of(), List.of(),
                Map.of(GatewayStatus.RATE_CONFIRMED, rate), Connector.isV5(config) ? refusals.counters() : Map.of());
    }

    /** The link status alone. */
    LinkStatus link() {
        return status().links().get(0);
    }

    long sentCount() {
        return sender.sentCount();
    }

    /** Connection attempts so far, failed ones included. */
    long connectAttempts() {
        return connection.attempts();
    }
}
