package io.holdfast.cloud.mqtt.impl;

import io.holdfast.api.queue.DurableQueue;
import io.holdfast.api.queue.QueueException;
import io.holdfast.cloud.mqtt.impl.session.Acknowledger;
import io.holdfast.cloud.mqtt.impl.session.QueueHolder;
import io.holdfast.cloud.mqtt.impl.session.Sender;
import io.holdfast.cloud.mqtt.impl.session.Session;
import io.holdfast.cloud.mqtt.impl.transport.MqttLink;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a session does: requeue what the last one left in flight, subscribe, say BIRTH; then drain the queue. */
final class SessionWork implements Connection.SessionWork {
    private static final Logger LOG = LoggerFactory.getLogger(SessionWork.class);

    private final String pid;
    private final long subscribeTimeoutMillis;
    private final QueueHolder queues;
    private final Acknowledger acknowledger;
    private final Sender sender;
    private final Subscriptions subscriptions;
    private final Connector connector;
    private final Requests requests;

    SessionWork(String pid, MqttCloudEndpointConfig config, QueueHolder queues, Acknowledger acknowledger,
            Sender sender, Subscriptions subscriptions, Connector connector, Requests requests) {
        this.pid = pid;
        this.subscribeTimeoutMillis = TimeUnit.SECONDS.toMillis(config.connect_timeout());
        this.queues = queues;
        this.acknowledger = acknowledger;
        this.sender = sender;
        this.subscriptions = subscriptions;
        this.connector = connector;
        this.requests = requests;
    }

    @Override
    public void start(MqttLink c) throws Exception {
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
        subscriptions.subscribeAll(c, subscribeTimeoutMillis);
        connector.lifecycle(c, "BIRTH", requests.ids());
    }

    @Override
    public void drain(Session s, BooleanSupplier keepGoing) throws InterruptedException {
        sender.drain(s, keepGoing);
    }
}
