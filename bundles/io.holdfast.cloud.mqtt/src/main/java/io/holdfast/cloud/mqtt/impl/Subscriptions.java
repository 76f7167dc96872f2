package io.holdfast.cloud.mqtt.impl;

import io.holdfast.cloud.mqtt.impl.payload.PayloadEncoding;
import io.holdfast.cloud.mqtt.impl.session.Topics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import io.holdfast.cloud.mqtt.impl.transport.MqttLink;
import org.eclipse.kura.cloudconnection.subscriber.listener.CloudSubscriberListener;
import org.eclipse.kura.message.KuraPayload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscriptions of CloudSubscribers and what arrives: every message is decoded once, off Paho's thread, and goes to
 * the request handlers (control topics) and to each subscriber whose filter matches it, with Kura's message properties.
 * A session subscribes to all of them when it starts.
 */
final class Subscriptions {
    private static final Logger LOG = LoggerFactory.getLogger(Subscriptions.class);
    /** Message property of what arrives: the MQTT topic. */
    static final String PROP_TOPIC = "topic";

    /** A subscription of a CloudSubscriber: an MQTT filter and what it was asked for. */
    record Subscription(String filter, boolean control, String appId, int qos) {
    }

    private final String pid;
    private final Topics topics;
    private final Requests requests;
    private final Map<CloudSubscriberListener, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final ExecutorService inbound;

    Subscriptions(String pid, Topics topics, Requests requests) {
        this.pid = pid;
        this.topics = topics;
        this.requests = requests;
        this.inbound = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(10_000), r -> {
            Thread t = new Thread(r, "holdfast-cloud-inbound " + pid);
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.DiscardOldestPolicy());
    }

    void close() {
        inbound.shutdownNow();
    }

    /**
     * Adds (or replaces) a listener's subscription, and subscribes at once when a session is up.
     *
     * @param up
     *            the client of the session that is up, or null
     *
     * @throws IllegalArgumentException
     *             if the properties name no app id
     */
    void register(Map<String, Object> properties, CloudSubscriberListener listener, MqttLink up) {
        Object app = properties.get(MqttCloudEndpoint.PROP_APP_ID);
        if (!(app instanceof String appId) || appId.isEmpty()) {
            throw new IllegalArgumentException(
                    "the subscription property " + MqttCloudEndpoint.PROP_APP_ID + " is missing");
        }
        String appTopic = properties.get(MqttCloudEndpoint.PROP_APP_TOPIC) instanceof String s ? s : "#";
        boolean control = Boolean.TRUE.equals(properties.get(MqttCloudEndpoint.PROP_CONTROL));
        int qos = properties.get(MqttCloudEndpoint.PROP_QOS) instanceof Number n ? Math.min(1, n.intValue()) : 0;
        Subscription sub = new Subscription(topics.subscription(control, appId, appTopic), control, appId, qos);
        Subscription old = subscriptions.put(listener, sub);
        if (up != null) {
            // control topics are covered by the default control subscription; only data topics need their own
            if (!control) {
                subscribe(up, sub.filter(), sub.qos());
            }
            if (old != null && !old.control() && !old.filter().equals(sub.filter()) && !inUse(old.filter())) {
                unsubscribe(up, old.filter());
            }
        }
    }

    void unregister(CloudSubscriberListener listener, MqttLink up) {
        Subscription sub = subscriptions.remove(listener);
        if (sub != null && !sub.control() && up != null && !inUse(sub.filter())) {
            unsubscribe(up, sub.filter());
        }
    }

    /**
     * Subscribes a new session to the control topics and to every data subscription.
     *
     * @return the SUBACK's token, for the caller to wait on once it did what needs no subscription
     */
    MqttLink.Pending subscribeAll(MqttLink c) throws Exception {
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
        return c.subscribe(filters.toArray(new String[0]), qos.stream().mapToInt(Integer::intValue).toArray());
    }

    /** A message arrived (on Paho's thread): handled on the inbound thread. */
    void arrived(String topic, byte[] payload) {
        inbound.execute(() -> dispatch(topic, payload));
    }

    private boolean inUse(String filter) {
        return subscriptions.values().stream().anyMatch(s -> s.filter().equals(filter));
    }

    private void subscribe(MqttLink c, String filter, int qos) {
        try {
            c.subscribe(filter, qos);
        } catch (Exception e) {
            LOG.warn("Cloud connection {}: cannot subscribe to {}: {}", pid, filter, e.getMessage());
        }
    }

    private void unsubscribe(MqttLink c, String filter) {
        try {
            c.unsubscribe(filter);
        } catch (Exception e) {
            LOG.debug("Cloud connection {}: cannot unsubscribe from {}: {}", pid, filter, e.getMessage());
        }
    }

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
        String under = control != null ? control : topics.underData(topic);
        for (Map.Entry<CloudSubscriberListener, Subscription> e : subscriptions.entrySet()) {
            Subscription s = e.getValue();
            if (s.control() == (control != null) && Topics.matches(s.filter(), topic)) {
                Map<String, Object> props = new LinkedHashMap<>();
                props.put(MqttCloudEndpoint.PROP_APP_ID, s.appId());
                if (under != null && under.length() > s.appId().length() + 1) {
                    props.put(MqttCloudEndpoint.PROP_APP_TOPIC, under.substring(s.appId().length() + 1));
                }
                props.put(MqttCloudEndpoint.PROP_CONTROL, control != null);
                props.put(PROP_TOPIC, topic);
                try {
                    e.getKey().onMessageArrived(new KuraMessage(payload, props));
                } catch (RuntimeException ex) {
                    LOG.warn("Cloud connection {}: a subscriber failed on {}", pid, topic, ex);
                }
            }
        }
    }
}
