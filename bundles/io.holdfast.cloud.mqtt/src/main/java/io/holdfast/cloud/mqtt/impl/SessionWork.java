package io.holdfast.cloud.mqtt.impl;

import io.holdfast.api.queue.DurableQueue;
import io.holdfast.api.queue.QueueException;
import io.holdfast.cloud.mqtt.impl.session.Acknowledger;
import io.holdfast.cloud.mqtt.impl.session.QueueHolder;
import io.holdfast.cloud.mqtt.impl.session.Sender;
import io.holdfast.cloud.mqtt.impl.session.Session;
import io.holdfast.cloud.mqtt.impl.transport.MqttLink;
import java.util.concurrent.FutureTask;
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
    /** How long the requeue at activation waits for DS to bind the queue (without one, the session requeues). */
    private static final long QUEUE_AT_ACTIVATION_MS = 1_000;
    /** The requeue started at activation, until the first session takes its result. */
    private volatile FutureTask<Integer> firstRequeue;

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

    /**
     * Requeues what an earlier connection (the previous instance, before this bundle was updated or reconfigured) left
     * in flight, on its own thread while the first session connects: nothing of this connection is in flight yet, and
     * the store's writer is often busy, so the requeue costs the hand-over nothing when it ends before the CONNACK.
     */
    void requeueBeforeFirstSession() {
        FutureTask<Integer> task = new FutureTask<>(() -> {
            // DS binds the queue just after the constructor that calls this
            queues.await(null, QUEUE_AT_ACTIVATION_MS, TimeUnit.MILLISECONDS);
            return requeue();
        });
        Thread t = new Thread(task, "holdfast-cloud-requeue " + pid);
        t.setDaemon(true);
        firstRequeue = task;
        t.start();
    }

    /** Requeues what is in flight in the queue: the count, or -1 without a queue or when it failed. */
    private int requeue() {
        DurableQueue q = queues.current();
        if (q == null) {
            return -1;
        }
        try {
            return q.requeueInFlight();
        } catch (QueueException e) {
            LOG.warn("Cloud connection {}: cannot requeue the messages in flight: {}", pid, e.getMessage());
            return -1;
        }
    }

    @Override
    public void start(MqttLink c) throws Exception {
        long t0 = System.nanoTime();
        // the SUBSCRIBE goes out first: its round trip overlaps the requeue, a store transaction
        MqttLink.Pending subscribed = subscriptions.subscribeAll(c);
        // what the previous session left in flight is sent again: at-least-once, the backend drops duplicates
        acknowledger.flush(5, TimeUnit.SECONDS);
        long t1 = System.nanoTime();
        FutureTask<Integer> early = firstRequeue;
        firstRequeue = null;
        // the early one cannot throw (requeue() catches); without a result (no store then) it is done now
        int requeued = early == null ? -1 : early.get();
        if (requeued < 0) {
            requeued = Math.max(0, requeue());
        }
        long t2 = System.nanoTime();
        subscribed.await(subscribeTimeoutMillis);
        long t3 = System.nanoTime();
        connector.lifecycle(c, "BIRTH", requests.ids());
        LOG.info(
                "Cloud connection {}: session started in {} ms: acks flushed {} ms, {} messages in flight before "
                        + "requeued {} ms ({}), SUBACK {} ms more, BIRTH {} ms",
                pid, ms(System.nanoTime() - t0), ms(t1 - t0), requeued, ms(t2 - t1),
                early != null ? "started at activation" : "now", ms(t3 - t2), ms(System.nanoTime() - t3));
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    @Override
    public void drain(Session s, BooleanSupplier keepGoing) throws InterruptedException {
        sender.drain(s, keepGoing);
    }
}
