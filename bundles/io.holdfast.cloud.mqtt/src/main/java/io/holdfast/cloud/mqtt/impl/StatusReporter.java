package io.holdfast.cloud.mqtt.impl;

import io.holdfast.cloud.mqtt.impl.session.Backlog;
import io.holdfast.cloud.mqtt.impl.transport.MqttLink;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.kura.message.KuraPayload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the store's backlog every {@code status.interval.seconds} while connected, on the control topic
 * {@code HOLDFAST-V1/STATUS} at QoS 0, straight to the client: never through the store (a status that waited in the
 * backlog would report an old backlog, and would add to it). Nothing is sent while disconnected or without a queue.
 */
final class StatusReporter {
    private static final Logger LOG = LoggerFactory.getLogger(StatusReporter.class);

    private final String pid;
    private final String topic;
    private final Backlog backlog;
    private final Connector connector;
    private final Supplier<MqttLink> upClient;
    private final ScheduledExecutorService timer;

    StatusReporter(String pid, String topic, Backlog backlog, Connector connector, Supplier<MqttLink> upClient,
            int intervalSeconds) {
        this.pid = pid;
        this.topic = topic;
        this.backlog = backlog;
        this.connector = connector;
        this.upClient = upClient;
        if (intervalSeconds <= 0) {
            timer = null;
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "holdfast-cloud-status " + pid);
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::report, intervalSeconds, intervalSeconds, TimeUnit.SECONDS);
    }

    /** Publishes one status now, if connected and a queue is bound; returns whether it did. */
    boolean report() {
        MqttLink c = upClient.get();
        KuraPayload p = c == null ? null : backlog.status();
        if (p == null) {
            return false;
        }
        try {
            connector.publish(c, topic, p, 0);
            return true;
        } catch (Exception e) {
            LOG.debug("Cloud connection {}: status not published: {}", pid, e.getMessage());
            return false;
        }
    }

    void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
