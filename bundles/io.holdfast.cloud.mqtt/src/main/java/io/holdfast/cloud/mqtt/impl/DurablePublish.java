package io.holdfast.cloud.mqtt.impl;

import io.holdfast.api.queue.CommittedReadings;
import io.holdfast.api.queue.DurableQueue;
import io.holdfast.api.queue.OutboundMessage;
import io.holdfast.api.queue.QueueException;
import io.holdfast.api.queue.SeqRange;
import io.holdfast.api.reading.ReadingKeys;
import io.holdfast.cloud.mqtt.impl.payload.PayloadEncoding;
import io.holdfast.cloud.mqtt.impl.session.QueueHolder;
import io.holdfast.cloud.mqtt.impl.session.Topics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.KuraStoreCapacityReachedException;
import org.eclipse.kura.KuraStoreException;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.message.KuraPayload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * publish() as a durable enqueue: Kura's message properties make the topic, the payload is encoded, the reading's
 * identity (device, seq) goes with it, and the message is stored before the call returns. A store that is stopping
 * (being updated) is waited for: its successor takes the message within the publish wait. A batch is encoded on the
 * caller's thread and committed together ({@link #publishAll}).
 */
final class DurablePublish {
    private static final Logger LOG = LoggerFactory.getLogger(DurablePublish.class);
    private final String pid;
    private final Topics topics;
    private final PayloadEncoding encoding;
    private final QueueHolder queues;
    private final long waitMillis;
    private final String queueTarget;
    private final AtomicLong failures = new AtomicLong();
    private final WarningLimiter warnings = new WarningLimiter(TimeUnit.SECONDS.toNanos(30), System::nanoTime);

    DurablePublish(String pid, Topics topics, PayloadEncoding encoding, QueueHolder queues, long waitMillis,
            String queueTarget) {
        this.pid = pid;
        this.topics = topics;
        this.encoding = encoding;
        this.queues = queues;
        this.waitMillis = waitMillis;
        this.queueTarget = queueTarget;
    }

    /**
     * The current queue's record of a device's committed readings: {@code null} while no queue is bound, empty when the
     * queue keeps no record.
     */
    List<SeqRange> committedSeqs(String deviceId) throws QueueException {
        DurableQueue q = queues.current();
        if (q == null) {
            return null;
        }
        return q instanceof CommittedReadings c ? c.committedSeqs(deviceId) : List.of();
    }

    long failures() {
        return failures.get();
    }

    /** publish() of the endpoint: see {@link MqttCloudEndpoint#publish(KuraMessage)}. */
    String publish(KuraMessage message) throws KuraException {
        return Long.toString(enqueue(outbound(message)));
    }

    /**
     * Publishes a batch ({@link io.holdfast.api.publish.BatchPublisher}): every message is encoded on the caller's
     * thread, all are handed to the store at once ({@link DurableQueue#enqueueAsync}), which commits them together, and
     * the call returns when every one is committed or refused. A message the asynchronous path refused is tried once
     * more as {@link #publish(KuraMessage)} would (waiting for a store that is being updated).
     *
     * @return the ids, in order; {@code null} for a message that was not stored
     *
     * @throws KuraStoreException
     *             if no queue is bound within the publish wait, or the caller was interrupted
     */
    List<String> publishAll(List<KuraMessage> messages) throws KuraException {
        int n = messages.size();
        OutboundMessage[] out = new OutboundMessage[n];
        String[] ids = new String[n];
        KuraException firstRefusal = null;
        int refused = 0;
        for (int i = 0; i < n; i++) {
            try {
                out[i] = outbound(messages.get(i));
            } catch (KuraException e) {
                failures.incrementAndGet();
                refused++;
                firstRefusal = firstRefusal == null ? e : firstRefusal;
            }
        }
        DurableQueue q = queues.current();
        try {
            if (q == null) {
                q = queues.await(null, waitMillis, TimeUnit.MILLISECONDS);
            }
            if (q == null) {
                failures.incrementAndGet();
                throw new KuraStoreException(
                        "cloud connection " + pid + ": no message of the batch was stored: " + absent());
            }
            List<CompletableFuture<Long>> stages = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                stages.add(out[i] == null ? null : q.enqueueAsync(out[i]).toCompletableFuture());
            }
            for (int i = 0; i < n; i++) {
                if (stages.get(i) == null) {
                    continue;
                }
                try {
                    ids[i] = Long.toString(stages.get(i).get());
                } catch (ExecutionException e) {
                    try {
                        ids[i] = Long.toString(enqueue(out[i]));
                    } catch (KuraException again) {
                        refused++;
                        firstRefusal = firstRefusal == null ? again : firstRefusal;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.incrementAndGet();
            throw new KuraStoreException(e, "cloud connection " + pid + ": interrupted waiting for the queue; "
                    + "messages of the batch may or may not be stored");
        }
        if (refused > 0) {
            // every batch meets a full disk or a full queue: one line per kind of refusal every 30 s
            String line = warnings.line(firstRefusal.getClass().getName() + firstRefusal.getCode(),
                    "Cloud connection " + pid + ": " + refused + " of " + n + " messages of a batch were not stored, "
                            + "first: " + firstRefusal.getMessage());
            if (line != null) {
                LOG.warn(line);
            }
        }
        return Arrays.asList(ids);
    }

    /** Why no queue was there: the connection is closed (its successor takes the message), or none came in time. */
    private String absent() {
        return queues.closed() ? "the connection is closed (its bundle is stopping or being updated)"
                : "no queue matches " + queueTarget + " (the store bundle is stopped or being updated); waited "
                        + waitMillis + " ms";
    }

    /** The message to store for a publish() with Kura's message properties. */
    private OutboundMessage outbound(KuraMessage message) throws KuraException {
        Map<String, Object> p = message.getProperties();
        Object appId = p.get(MqttCloudEndpoint.PROP_APP_ID);
        if (!(appId instanceof String app) || app.isEmpty()) {
            throw new KuraException(KuraErrorCode.INVALID_PARAMETER,
                    "the message property " + MqttCloudEndpoint.PROP_APP_ID + " (the app id) is missing");
        }
        String appTopic = p.get(MqttCloudEndpoint.PROP_APP_TOPIC) instanceof String s ? s : "";
        boolean control = Boolean.TRUE.equals(p.get(MqttCloudEndpoint.PROP_CONTROL));
        int qos = p.get(MqttCloudEndpoint.PROP_QOS) instanceof Number n ? n.intValue() : 0;
        boolean retain = Boolean.TRUE.equals(p.get(MqttCloudEndpoint.PROP_RETAIN));
        int priority = p.get(MqttCloudEndpoint.PROP_PRIORITY) instanceof Number n ? n.intValue()
                : OutboundMessage.PRIORITY_DEFAULT;
        String topic;
        try {
            topic = control ? topics.control(app, appTopic) : topics.data(app, appTopic);
        } catch (IllegalArgumentException e) {
            throw new KuraException(KuraErrorCode.INVALID_PARAMETER, e.getMessage());
        }
        return message(topic, message.getPayload(), qos, retain, priority, p);
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
        return Long.toString(enqueue(message(topic, payload, qos, retain, priority, properties)));
    }

    /** Enqueues an encoded message durably, waiting within the publish wait for a store that is being updated. */
    private long enqueue(OutboundMessage message) throws KuraException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        DurableQueue failed = null;
        QueueException lastFailure = null;
        try {
            while (true) {
                DurableQueue q = queues.current();
                if (q == null || q == failed) {
                    q = queues.await(failed, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                }
                if (q == null) {
                    failures.incrementAndGet();
                    String why = lastFailure != null && !queues.closed()
                            ? lastFailure.getMessage() + "; waited " + waitMillis + " ms" : absent();
                    throw new KuraStoreException(lastFailure,
                            "cloud connection " + pid + ": the message was not " + "stored: " + why);
                }
                try {
                    return q.enqueue(message);
                } catch (QueueException e) {
                    if (e.reason() != QueueException.Reason.UNAVAILABLE) {
                        throw refused(e);
                    }
                    // the store is stopping: wait for its successor within the same deadline
                    failed = q;
                    lastFailure = e;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.incrementAndGet();
            throw new KuraStoreException(e,
                    "cloud connection " + pid + ": interrupted waiting for the queue; the message was not stored");
        }
    }

    private OutboundMessage message(String topic, KuraPayload payload, int qos, boolean retain, int priority,
            Map<String, Object> properties) throws KuraException {
        if (payload == null) {
            throw new KuraException(KuraErrorCode.INVALID_PARAMETER, "the message has no payload");
        }
        if (topic.contains("+") || topic.contains("#")) {
            throw new KuraException(KuraErrorCode.INVALID_PARAMETER,
                    "a topic to publish to holds a wildcard: " + topic);
        }
        byte[] bytes = encoding.encode(payload);
        try {
            OutboundMessage.Builder b = OutboundMessage.builder(topic, bytes).priority(priority)
                    .qos(Math.min(1, Math.max(0, qos))).retain(retain);
            String device = readingDevice(properties, payload);
            long seq = readingSeq(properties, payload);
            if (device != null && seq >= 0) {
                b.reading(device, seq);
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new KuraException(KuraErrorCode.INVALID_PARAMETER, e.getMessage());
        }
    }

    private KuraException refused(QueueException e) {
        failures.incrementAndGet();
        if (e.reason() == QueueException.Reason.CAPACITY) {
            return new KuraStoreCapacityReachedException(
                    "cloud connection " + pid + ": the message was not stored: " + e.getMessage());
        }
        return new KuraStoreException(e, "cloud connection " + pid + ": the message was not stored: " + e.getMessage());
    }

    /**
     * The reading's device, the node that took it: the property {@link ReadingKeys#PROPERTY_DEVICE}, else the metric
     * {@link ReadingKeys#METRIC_SOURCE}, else (a reading that names no source) the metric
     * {@link ReadingKeys#METRIC_DEVICE}.
     */
    static String readingDevice(Map<String, Object> properties, KuraPayload payload) {
        Object d = properties.get(ReadingKeys.PROPERTY_DEVICE);
        if (d == null) {
            d = payload.getMetric(ReadingKeys.METRIC_SOURCE);
        }
        if (d == null) {
            d = payload.getMetric(ReadingKeys.METRIC_DEVICE);
        }
        return d == null || d.toString().isEmpty() ? null : d.toString();
    }

    /**
     * The reading's sequence number: the property {@link ReadingKeys#PROPERTY_SEQ}, else the metric
     * {@link ReadingKeys#METRIC_SEQ}; {@code NO_SEQ} when neither.
     */
    static long readingSeq(Map<String, Object> properties, KuraPayload payload) {
        Object s = properties.get(ReadingKeys.PROPERTY_SEQ);
        if (s == null) {
            s = payload.getMetric(ReadingKeys.METRIC_SEQ);
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
}
