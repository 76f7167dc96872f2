package io.holdfast.cloud.mqtt.impl;

import io.holdfast.api.queue.DurableQueue;
import io.holdfast.api.queue.OutboundMessage;
import io.holdfast.api.queue.QueueException;
import io.holdfast.api.status.GatewayStatus;
import io.holdfast.api.status.LinkStatus;
import io.holdfast.api.status.StatusProvider;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.kura.KuraConnectException;
import org.eclipse.kura.KuraDisconnectException;
import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.KuraStoreCapacityReachedException;
import org.eclipse.kura.KuraStoreException;
import org.eclipse.kura.cloudconnection.CloudConnectionManager;
import org.eclipse.kura.cloudconnection.CloudEndpoint;
import org.eclipse.kura.cloudconnection.factory.CloudConnectionFactory;
import org.eclipse.kura.cloudconnection.listener.CloudConnectionListener;
import org.eclipse.kura.cloudconnection.listener.CloudDeliveryListener;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.request.RequestHandler;
import org.eclipse.kura.cloudconnection.request.RequestHandlerRegistry;
import org.eclipse.kura.cloudconnection.subscriber.listener.CloudSubscriberListener;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.eclipse.kura.configuration.ConfigurationService;
import org.eclipse.kura.crypto.CryptoService;
import org.eclipse.kura.message.KuraPayload;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
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
 * {@link #publish(KuraMessage)} encodes the payload, builds the topic and enqueues the message durably; it returns the
 * queue id only once the store committed it. One connection thread connects in the background (exponential back-off
 * with jitter), requeues what the previous session left in flight, publishes the birth certificate and then drains the
 * queue with a window of QoS 1 publishes ({@link Sender}); an acknowledging thread removes what the broker confirmed
 * ({@link Acknowledger}) and tells the delivery listeners.
 */
@Component(name = MqttCloudEndpoint.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {
        CloudEndpoint.class, CloudConnectionManager.class, ConfigurableComponent.class, StatusProvider.class,
        RequestHandlerRegistry.class }, property = CloudConnectionFactory.KURA_CLOUD_CONNECTION_FACTORY_PID + "="
                + MqttCloudEndpoint.PID)
@Designate(ocd = MqttCloudEndpointConfig.class, factory = true)
public final class MqttCloudEndpoint implements CloudEndpoint, CloudConnectionManager, ConfigurableComponent,
        StatusProvider, RequestHandlerRegistry {

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
    /** Message property or metric: the device (or sensor node) of a reading, for duplicate removal downstream. */
    static final String PROP_DEVICE = "device";
    /** Metric: the sensor node of a relayed reading; preferred over {@link #PROP_DEVICE} as the reading's identity. */
    static final String PROP_SOURCE = "source";
    /** Message property or metric: the reading's sequence number. */
    static final String PROP_SEQ = "seq";

    private static final Logger LOG = LoggerFactory.getLogger(MqttCloudEndpoint.class);
    /** Room in Paho's in-flight limit beyond the window, for lifecycle messages and replies. */
    private static final int LIFECYCLE_ROOM = 32;
    /** A session that lasted this long counts as a success: the back-off starts over. */
    private static final long STABLE_SESSION_MS = 10_000;

    private final String pid;
    private final MqttCloudEndpointConfig config;
    private final String clientId;
    private final Topics topics;
    private final PayloadEncoding encoding;
    private final Birth birth;
    private final QueueHolder queues = new QueueHolder();
    private final Acknowledger acknowledger;
    private final Sender sender;
    private final Backoff backoff;
    private final Requests requests;

    private final List<CloudDeliveryListener> deliveryListeners = new CopyOnWriteArrayList<>();
    private final List<CloudConnectionListener> connectionListeners = new CopyOnWriteArrayList<>();
    private final Map<CloudSubscriberListener, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final ExecutorService inbound;

    private final Thread connectionThread;
    private final Thread ackThread;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition stateChanged = lock.newCondition();
    private volatile boolean running = true;
    private volatile boolean wanted;
    private volatile MqttAsyncClient client;
    private volatile Session session;
    private volatile LinkStatus.State state = LinkStatus.State.DOWN;
    private volatile Instant since = Instant.now();
    private volatile String lastError;
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong publishFailures = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private volatile CryptoService crypto;

    private long rateSampleAt = System.nanoTime();
    private long rateSampleCount;
    private double confirmedRate;

    /** A subscription of a CloudSubscriber: an MQTT filter and what it was asked for. */
    record Subscription(String filter, boolean control, String appId, int qos) {
    }

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
        String id = config.client_id() == null || config.client_id().isBlank() ? Hostname.get()
                : config.client_id().trim();
        this.clientId = id;
        this.topics = new Topics(config.topic_data(), config.topic_control(), config.account_name(), id);
        this.encoding = config.payload_encoding();
        this.birth = new Birth(config.display_name().isBlank() ? id : config.display_name(), encoding,
                frameworkProperty, version);
        this.backoff = new Backoff(config.backoff_min_ms(), config.backoff_max_ms(), Math::random);
        this.acknowledger = new Acknowledger(queues, this::confirmed, pid);
        this.sender = new Sender(queues,
                new Sender.Settings(config.inflight_window(), 4L * 1024 * 1024, config.batch_max_messages(),
                        config.batch_max_bytes(), encoding, config.rate_limit(), config.rate_limit_burst()),
                acknowledger, pid);
        this.requests = new Requests(this);
        this.inbound = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(10_000),
                r -> daemon(r, "holdfast-cloud-inbound " + pid), new ThreadPoolExecutor.DiscardOldestPolicy());
        this.wanted = config.connect_auto();
        this.ackThread = daemon(acknowledger, "holdfast-cloud-ack " + pid);
        this.connectionThread = daemon(this::connectionLoop, "holdfast-cloud " + pid);
        ackThread.start();
        connectionThread.start();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    static String pidOf(Map<String, Object> properties) {
        Object kura = properties.get(ConfigurationService.KURA_SERVICE_PID);
        Object pid = kura != null ? kura : properties.get(Constants.SERVICE_PID);
        return pid == null ? PID : pid.toString();
    }

    /** Stops: disconnects cleanly (DC message) when connected, and stops the threads. */
    @Deactivate
    public void close() {
        running = false;
        signal();
        Session s = session;
        if (s != null) {
            s.end(null);
        }
        join(connectionThread, 10_000);
        acknowledger.stop();
        join(ackThread, 5_000);
        inbound.shutdownNow();
        requests.close();
    }

    private static void join(Thread t, long millis) {
        try {
            t.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- references ----

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
        this.crypto = crypto;
    }

    /**
     * Unbinds Kura's crypto service.
     *
     * @param crypto
     *            the service
     */
    public void unbindCrypto(CryptoService crypto) {
        if (this.crypto == crypto) {
            this.crypto = null;
        }
    }

    // ---- accessors for the publisher, subscriber and request handling ----

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

    // ---- CloudEndpoint ----

    /**
     * Publishes with Kura's message properties: {@code APP_ID} (required), {@code APP_TOPIC}, {@code QOS},
     * {@code RETAIN}, {@code PRIORITY}, {@code CONTROL}; and {@code device}/{@code seq} for the reading identity.
     */
    @Override
    public String publish(KuraMessage message) throws KuraException {
        Map<String, Object> p = message.getProperties();
        Object appId = p.get(PROP_APP_ID);
        if (!(appId instanceof String app) || app.isEmpty()) {
            throw new KuraException(KuraErrorCode.INVALID_PARAMETER,
                    "the message property " + PROP_APP_ID + " (the app id) is missing");
        }
        String appTopic = p.get(PROP_APP_TOPIC) instanceof String s ? s : "";
        boolean control = Boolean.TRUE.equals(p.get(PROP_CONTROL));
        int qos = p.get(PROP_QOS) instanceof Number n ? n.intValue() : 0;
        boolean retain = Boolean.TRUE.equals(p.get(PROP_RETAIN));
        int priority = p.get(PROP_PRIORITY) instanceof Number n ? n.intValue() : OutboundMessage.PRIORITY_DEFAULT;
        String topic;
        try {
            topic = control ? topics.control(app, appTopic) : topics.data(app, appTopic);
        } catch (IllegalArgumentException e) {
            throw new KuraException(KuraErrorCode.INVALID_PARAMETER, e.getMessage());
        }
        return enqueue(topic, message.getPayload(), qos, retain, priority, p);
    }

    /**
     * Encodes and enqueues a message durably.
     *
     * @return the queue id, as a string
     *
     * @throws KuraStoreCapacityReachedException
     *             if the queue is full
     * @throws KuraStoreException
     *             if the queue failed, or stayed absent for the publish wait timeout
     */
    String enqueue(String topic, KuraPayload payload, int qos, boolean retain, int priority,
            Map<String, Object> properties) throws KuraException {
        if (payload == null) {
            throw new KuraException(KuraErrorCode.INVALID_PARAMETER, "the message has no payload");
        }
        if (topic.contains("+") || topic.contains("#")) {
            throw new KuraException(KuraErrorCode.INVALID_PARAMETER,
                    "a topic to publish to holds a wildcard: " + topic);
        }
        byte[] bytes = encoding.encode(payload);
        OutboundMessage message;
        try {
            OutboundMessage.Builder b = OutboundMessage.builder(topic, bytes).priority(priority)
                    .qos(Math.min(1, Math.max(0, qos))).retain(retain);
            String device = readingDevice(properties, payload);
            long seq = readingSeq(properties, payload);
            if (device != null && seq >= 0) {
                b.reading(device, seq);
            }
            message = b.build();
        } catch (IllegalArgumentException e) {
            throw new KuraException(KuraErrorCode.INVALID_PARAMETER, e.getMessage());
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.publish_wait_timeout_ms());
        DurableQueue failed = null;
        QueueException lastFailure = null;
        try {
            while (true) {
                DurableQueue q = queues.current();
                if (q == null || q == failed) {
                    q = queues.await(failed, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
                if (q == null) {
                    publishFailures.incrementAndGet();
                    String why = lastFailure != null ? lastFailure.getMessage() : "no queue matches "
                            + config.DurableQueue_target() + " (the store bundle is stopped or being updated)";
                    throw new KuraStoreException(lastFailure, "cloud connection " + pid + ": the message was not "
                            + "stored: " + why + "; waited " + config.publish_wait_timeout_ms() + " ms");
                }
                try {
                    long id = q.enqueue(message);
                    published.incrementAndGet();
                    return Long.toString(id);
                } catch (QueueException e) {
                    switch (e.reason()) {
                    case UNAVAILABLE -> {
                        // the store is stopping: wait for its successor within the same deadline
                        failed = q;
                        lastFailure = e;
                    }
                    case CAPACITY -> {
                        publishFailures.incrementAndGet();
                        throw new KuraStoreCapacityReachedException(
                                "cloud connection " + pid + ": the message was not stored: " + e.getMessage());
                    }
                    default -> {
                        publishFailures.incrementAndGet();
                        throw new KuraStoreException(e,
                                "cloud connection " + pid + ": the message was not stored: " + e.getMessage());
                    }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            publishFailures.incrementAndGet();
            throw new KuraStoreException(e,
                    "cloud connection " + pid + ": interrupted waiting for the queue; the " + "message was not stored");
        }
    }

    static String readingDevice(Map<String, Object> properties, KuraPayload payload) {
        Object d = properties.get(PROP_DEVICE);
        if (d == null) {
            d = payload.getMetric(PROP_SOURCE);
        }
        if (d == null) {
            d = payload.getMetric(PROP_DEVICE);
        }
        return d == null || d.toString().isEmpty() ? null : d.toString();
    }

    static long readingSeq(Map<String, Object> properties, KuraPayload payload) {
        Object s = properties.get(PROP_SEQ);
        if (s == null) {
            s = payload.getMetric(PROP_SEQ);
        }
        if (s instanceof Number n) {
            return n.longValue();
        }
        if (s instanceof String str) {
            try {
                return Long.parseLong(str.trim());
            } catch (NumberFormatException e) {
                return OutboundMessage.NO_SEQ;
            }
        }
        return OutboundMessage.NO_SEQ;
    }

    @Override
    public void registerSubscriber(Map<String, Object> subscriptionProperties, CloudSubscriberListener listener) {
        Object app = subscriptionProperties.get(PROP_APP_ID);
        if (!(app instanceof String appId) || appId.isEmpty()) {
            throw new IllegalArgumentException("the subscription property " + PROP_APP_ID + " is missing");
        }
        String appTopic = subscriptionProperties.get(PROP_APP_TOPIC) instanceof String s ? s : "#";
        boolean control = Boolean.TRUE.equals(subscriptionProperties.get(PROP_CONTROL));
        int qos = subscriptionProperties.get(PROP_QOS) instanceof Number n ? Math.min(1, n.intValue()) : 0;
        Subscription sub = new Subscription(topics.subscription(control, appId, appTopic), control, appId, qos);
        Subscription old = subscriptions.put(listener, sub);
        MqttAsyncClient c = client;
        if (c != null && state == LinkStatus.State.UP) {
            // control topics are covered by the default control subscription; only data topics need their own
            if (!control) {
                subscribe(c, sub.filter(), sub.qos());
            }
            if (old != null && !old.control() && !old.filter().equals(sub.filter()) && !filterInUse(old.filter())) {
                unsubscribe(c, old.filter());
            }
        }
    }

    @Override
    public void unregisterSubscriber(CloudSubscriberListener listener) {
        Subscription sub = subscriptions.remove(listener);
        MqttAsyncClient c = client;
        if (sub != null && !sub.control() && c != null && state == LinkStatus.State.UP && !filterInUse(sub.filter())) {
            unsubscribe(c, sub.filter());
        }
    }

    private boolean filterInUse(String filter) {
        return subscriptions.values().stream().anyMatch(s -> s.filter().equals(filter));
    }

    @Override
    public Map<String, String> getInfo() {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("Broker URL", config.broker_url());
        info.put("Account", topics.account());
        info.put("Client ID", clientId);
        info.put("Payload encoding", encoding.name());
        info.put("State", state.name());
        if (lastError != null) {
            info.put("Last error", lastError);
        }
        return info;
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
        wanted = true;
        signal();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(config.connect_timeout());
        if (!awaitState(LinkStatus.State.UP, deadline)) {
            throw new KuraConnectException("cloud connection " + pid + " is not connected"
                    + (lastError == null ? "" : ": " + lastError) + " (still trying in the background)");
        }
    }

    /**
     * Disconnects cleanly (DC message) and stays disconnected until {@link #connect()}.
     *
     * @throws KuraDisconnectException
     *             if the disconnection did not complete in time
     */
    @Override
    public void disconnect() throws KuraDisconnectException {
        wanted = false;
        signal();
        Session s = session;
        if (s != null) {
            s.end(null);
        }
        if (!awaitState(LinkStatus.State.DOWN, System.nanoTime() + TimeUnit.SECONDS.toNanos(10))) {
            throw new KuraDisconnectException("cloud connection " + pid + " did not disconnect within 10 s");
        }
    }

    @Override
    public boolean isConnected() {
        return state == LinkStatus.State.UP;
    }

    @Override
    public void registerCloudConnectionListener(CloudConnectionListener listener) {
        connectionListeners.add(listener);
    }

    @Override
    public void unregisterCloudConnectionListener(CloudConnectionListener listener) {
        connectionListeners.remove(listener);
    }

    private void notifyConnection(Consumer<CloudConnectionListener> event) {
        for (CloudConnectionListener l : connectionListeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                LOG.warn("Cloud connection {}: a connection listener failed", pid, e);
            }
        }
    }

    // ---- RequestHandlerRegistry ----

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

    // ---- StatusProvider ----

    @Override
    public GatewayStatus status() {
        long confirmedNow = acknowledger.confirmedCount();
        double rate;
        synchronized (this) {
            long now = System.nanoTime();
            long elapsed = now - rateSampleAt;
            if (elapsed >= TimeUnit.SECONDS.toNanos(1)) {
                confirmedRate = (confirmedNow - rateSampleCount) * 1e9 / elapsed;
                rateSampleAt = now;
                rateSampleCount = confirmedNow;
            }
            rate = confirmedRate;
        }
        LinkStatus link = new LinkStatus(pid, LinkStatus.Kind.CLOUD, state, config.broker_url() + " as " + clientId,
                since, lastError, reconnects.get(), confirmedNow, publishFailures.get());
        return new GatewayStatus(Instant.now(), List.of(link), List.of(), List.of(),
                Map.of(GatewayStatus.RATE_CONFIRMED, rate), Map.of());
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
        return attempts.get();
    }

    // ---- the connection thread ----

    private void signal() {
        lock.lock();
        try {
            stateChanged.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void setState(LinkStatus.State s, String error) {
        lock.lock();
        try {
            if (s != state) {
                since = Instant.now();
            }
            state = s;
            if (error != null || s == LinkStatus.State.UP) {
                lastError = error;
            }
            stateChanged.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private boolean awaitState(LinkStatus.State s, long deadline) {
        lock.lock();
        try {
            while (state != s) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                stateChanged.awaitNanos(left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the delay passed, or something changed that makes waiting pointless. */
    private void pause(long millis, boolean whileWanted) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        lock.lock();
        try {
            while (running && wanted == whileWanted) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                stateChanged.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    private void connectionLoop() {
        while (running) {
            if (!wanted) {
                setState(LinkStatus.State.DOWN, null);
                pause(Long.MAX_VALUE / 4, false);
                continue;
            }
            setState(connects.get() == 0 ? LinkStatus.State.CONNECTING : state, null);
            MqttAsyncClient c;
            SessionHolder holder = new SessionHolder();
            attempts.incrementAndGet();
            try {
                c = connectClient(holder);
            } catch (Exception e) {
                String why = Failures.describe(e, config.broker_url(), config.username());
                long delay = backoff.nextDelayMillis();
                setState(LinkStatus.State.ERROR, why);
                LOG.warn("Cloud connection {}: cannot connect: {}; retrying in {} ms", pid, why, delay);
                pause(delay, true);
                continue;
            }
            Session s = new Session(transport(c), config.inflight_window());
            holder.session = s;
            if (!c.isConnected()) {
                s.end(new MqttException(MqttException.REASON_CODE_CONNECTION_LOST));
            }
            long upAt = System.nanoTime();
            if (connects.getAndIncrement() > 0) {
                reconnects.incrementAndGet();
            }
            client = c;
            session = s;
            try {
                startSession(c);
                setState(LinkStatus.State.UP, null);
                LOG.info("Cloud connection {}: connected to {} as {}", pid, config.broker_url(), clientId);
                notifyConnection(CloudConnectionListener::onConnectionEstablished);
                sender.drain(s, () -> running && wanted);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } catch (Exception e) {
                s.end(e);
            }
            session = null;
            if (running && wanted) {
                Throwable cause = s.cause();
                String why = cause == null ? "session ended"
                        : Failures.describe(cause, config.broker_url(), config.username());
                closeQuietly(c, false);
                client = null;
                if (System.nanoTime() - upAt >= TimeUnit.MILLISECONDS.toNanos(STABLE_SESSION_MS)) {
                    backoff.reset();
                }
                long delay = backoff.nextDelayMillis();
                setState(LinkStatus.State.CONNECTING, why);
                LOG.warn("Cloud connection {}: {}; reconnecting in {} ms", pid, why, delay);
                notifyConnection(CloudConnectionListener::onConnectionLost);
                pause(delay, true);
            } else {
                closeQuietly(c, true);
                client = null;
                setState(LinkStatus.State.DOWN, null);
                LOG.info("Cloud connection {}: disconnected from {}", pid, config.broker_url());
                notifyConnection(CloudConnectionListener::onDisconnected);
            }
        }
        setState(LinkStatus.State.DOWN, null);
    }

    /** Lets the Paho callback find the session that is created after the client. */
    private static final class SessionHolder {
        volatile Session session;
    }

    private MqttAsyncClient connectClient(SessionHolder holder) throws Exception {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        o.setCleanSession(config.clean_session());
        o.setKeepAliveInterval(config.keep_alive());
        o.setConnectionTimeout(config.connect_timeout());
        o.setAutomaticReconnect(false);
        o.setMaxInflight(config.inflight_window() + LIFECYCLE_ROOM);
        if (!config.username().isEmpty()) {
            o.setUserName(config.username());
            o.setPassword(decrypt(config.password()).toCharArray());
        }
        if (config.broker_url().startsWith("ssl://")) {
            SSLSocketFactory f = Tls.socketFactory(config.ssl_ca_file(), config.ssl_client_keystore(),
                    decrypt(config.ssl_client_keystore_password()).toCharArray());
            if (f != null) {
                o.setSocketFactory(f);
            }
            o.setHttpsHostnameVerificationEnabled(config.ssl_hostname_verification());
        }
        if (config.lwt_enabled()) {
            o.setWill(topics.lifecycle("LWT"), encoding.encode(birth.disconnect(config.broker_url())),
                    Math.min(1, Math.max(0, config.lwt_qos())), config.lwt_retain());
        }
        MqttAsyncClient c = new MqttAsyncClient(config.broker_url(), clientId, new MemoryPersistence());
        c.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                Session s = holder.session;
                if (s != null) {
                    s.end(cause == null ? new MqttException(MqttException.REASON_CODE_CONNECTION_LOST) : cause);
                }
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                byte[] payload = message.getPayload();
                inbound.execute(() -> dispatch(topic, payload));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // each publish has its own action listener
            }
        });
        try {
            IMqttToken t = c.connect(o);
            t.waitForCompletion(TimeUnit.SECONDS.toMillis(config.connect_timeout()) + 5_000);
            return c;
        } catch (MqttException e) {
            closeQuietly(c, false);
            throw e;
        }
    }

    private String decrypt(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        CryptoService cs = crypto;
        if (cs != null) {
            try {
                return new String(cs.decryptAes(value.toCharArray()));
            } catch (KuraException | RuntimeException e) {
                // not encrypted (typed in plain through Config Admin): use as it is
            }
        }
        return value;
    }

    private static Transport transport(MqttAsyncClient c) {
        return (topic, payload, qos, retain, onDelivered) -> c.publish(topic, payload, qos, retain, null,
                new IMqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        onDelivered.run();
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable e) {
                        // the session is dying; the message stays in flight in the queue and goes again
                    }
                });
    }

    private void startSession(MqttAsyncClient c) throws Exception {
        // what the previous session left in flight is sent again: at-least-once, the backend drops duplicates
        acknowledger.flush(5, TimeUnit.SECONDS);
        DurableQueue q = queues.current();
        if (q != null) {
            try {
                int n = q.requeueInFlight();
                if (n > 0) {
                    LOG.info("Cloud connection {}: {} messages in flight in the last session are sent again", pid, n);
                }
            } catch (QueueException e) {
                LOG.warn("Cloud connection {}: cannot requeue the messages in flight: {}", pid, e.getMessage());
            }
        }
        List<String> filters = new ArrayList<>();
        List<Integer> qos = new ArrayList<>();
        filters.add(topics.controlSubscription());
        qos.add(1);
        for (Subscription s : Set.copyOf(subscriptions.values())) {
            if (!s.control() && !filters.contains(s.filter())) {
                filters.add(s.filter());
                qos.add(s.qos());
            }
        }
        c.subscribe(filters.toArray(new String[0]), qos.stream().mapToInt(Integer::intValue).toArray())
                .waitForCompletion(TimeUnit.SECONDS.toMillis(config.connect_timeout()));
        publishDirect(c, topics.lifecycle("BIRTH"), birth.birth(requests.ids(), config.broker_url()), 1);
    }

    private void subscribe(MqttAsyncClient c, String filter, int qos) {
        try {
            c.subscribe(filter, qos);
        } catch (MqttException e) {
            LOG.warn("Cloud connection {}: cannot subscribe to {}: {}", pid, filter, e.getMessage());
        }
    }

    private void unsubscribe(MqttAsyncClient c, String filter) {
        try {
            c.unsubscribe(filter);
        } catch (MqttException e) {
            LOG.debug("Cloud connection {}: cannot unsubscribe from {}: {}", pid, filter, e.getMessage());
        }
    }

    /** Publishes a lifecycle message now, if connected. */
    private void publishLifecycle(String what) {
        MqttAsyncClient c = client;
        if (c == null || state != LinkStatus.State.UP) {
            return;
        }
        try {
            publishDirect(c, topics.lifecycle(what), birth.birth(requests.ids(), config.broker_url()), 1);
        } catch (KuraException | MqttException e) {
            LOG.warn("Cloud connection {}: cannot publish {}: {}", pid, what, e.getMessage());
        }
    }

    /** Publishes outside the queue (lifecycle messages, replies): nothing is kept if the session is lost. */
    void publishDirect(String topic, KuraPayload payload, int qos) throws KuraException {
        MqttAsyncClient c = client;
        if (c == null || state != LinkStatus.State.UP) {
            throw new KuraException(KuraErrorCode.NOT_CONNECTED, "cloud connection " + pid + " is not connected");
        }
        try {
            publishDirect(c, topic, payload, qos);
        } catch (MqttException e) {
            throw new KuraException(KuraErrorCode.NOT_CONNECTED, e, "cloud connection " + pid + ": " + e.getMessage());
        }
    }

    private void publishDirect(MqttAsyncClient c, String topic, KuraPayload payload, int qos)
            throws KuraException, MqttException {
        c.publish(topic, encoding.encode(payload), qos, false);
    }

    private void closeQuietly(MqttAsyncClient c, boolean clean) {
        if (clean && c.isConnected()) {
            try {
                c.publish(topics.lifecycle("DC"), encoding.encode(birth.disconnect(config.broker_url())), 0, false)
                        .waitForCompletion(2_000);
            } catch (KuraException | MqttException e) {
                LOG.debug("Cloud connection {}: cannot publish DC: {}", pid, e.getMessage());
            }
            try {
                c.disconnect(2_000).waitForCompletion(3_000);
            } catch (MqttException e) {
                LOG.debug("Cloud connection {}: unclean disconnect: {}", pid, e.getMessage());
            }
        }
        try {
            if (c.isConnected()) {
                c.disconnectForcibly(0, 1_000, false);
            }
        } catch (MqttException e) {
            // closing anyway
        }
        try {
            c.close(true);
        } catch (MqttException e) {
            LOG.debug("Cloud connection {}: close: {}", pid, e.getMessage());
        }
    }

    // ---- downlink ----

    private void dispatch(String topic, byte[] bytes) {
        KuraPayload payload;
        try {
            payload = PayloadEncoding.decodeAny(bytes);
        } catch (RuntimeException e) {
            LOG.warn("Cloud connection {}: ignored a message on {} that is no Kura payload: {}", pid, topic,
                    e.getMessage());
            return;
        }
        String control = topics.underControl(topic);
        if (control != null) {
            requests.handle(control, payload);
        }
        String data = control == null ? topics.underData(topic) : null;
        String under = control != null ? control : data;
        for (Map.Entry<CloudSubscriberListener, Subscription> e : subscriptions.entrySet()) {
            Subscription s = e.getValue();
            if (s.control() == (control != null) && Topics.matches(s.filter(), topic)) {
                Map<String, Object> props = new LinkedHashMap<>();
                props.put(PROP_APP_ID, s.appId());
                if (under != null && under.length() > s.appId().length() + 1) {
                    props.put(PROP_APP_TOPIC, under.substring(s.appId().length() + 1));
                }
                props.put(PROP_CONTROL, control != null);
                props.put("topic", topic);
                try {
                    e.getKey().onMessageArrived(new KuraMessage(payload, props));
                } catch (RuntimeException ex) {
                    LOG.warn("Cloud connection {}: a subscriber failed on {}", pid, topic, ex);
                }
            }
        }
    }
}
