package io.holdfast.cloud.mqtt.impl.session;

import io.holdfast.cloud.mqtt.impl.payload.Batches;
import io.holdfast.cloud.mqtt.impl.payload.PayloadEncoding;
import io.holdfast.api.queue.DurableQueue;
import io.holdfast.api.queue.OutboundMessage;
import io.holdfast.api.queue.QueueException;
import io.holdfast.api.queue.QueuedMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.message.KuraPayload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the durable queue into a broker session: keeps up to the window of messages in flight, takes as many messages
 * as there are free slots, and frees a slot on each delivery. Messages it took stay in flight in the queue until
 * acknowledged; when the session dies they are requeued by the next session ({@link DurableQueue#requeueInFlight()}).
 * <p>
 * With batching on, messages of one device to one topic are packed into one MQTT message (the bundle README describes
 * the format); a batch takes one slot.
 * <p>
 * A message the broker refuses (MQTT 5 PUBACK reason code at or above 0x80) is counted in {@link Refusals}, keeps its
 * slot and waits in {@link Session#parked} for its retry after a back-off; it stays in flight in the store meanwhile.
 */
public final class Sender {
    private static final Logger LOG = LoggerFactory.getLogger(Sender.class);
    public static final long POLL_MS = 200;
    /**
     * How long the sender waits for a message in an empty queue before it looks at its session again: short, so that a
     * connection that closes (a bundle update) hands over within it; an idle wake-up costs nothing measurable.
     */
    static final long IDLE_WAIT_MS = 20;
    /** Most messages taken from the queue at once (bounds one store transaction). */
    public static final int MAX_TAKE = 4096;

    /** How the sender packs and paces what it sends. */
    public record Settings(int window, long maxTakeBytes, int batchMaxMessages, long batchMaxBytes,
            PayloadEncoding encoding, double rateLimitPerSecond, int rateLimitBurst) {
        public Settings {
            if (window < 1) {
                throw new IllegalArgumentException("the in-flight window must be at least 1");
            }
            Objects.requireNonNull(encoding, "encoding");
        }
    }

    private final QueueHolder queues;
    private final Settings settings;
    private final Acknowledger acknowledger;
    private final TokenBucket bucket;
    private final String name;
    private final AtomicLong sent = new AtomicLong();
    private final Refusals refusals;
    private final Backoff retryBackoff;
    private volatile String lastQueueError;

    public Sender(QueueHolder queues, Settings settings, Acknowledger acknowledger, String name) {
        this(queues, settings, acknowledger, name, new Refusals(name, System::nanoTime),
                new Backoff(1_000, 60_000, () -> 1.0));
    }

    /**
     * @param refusals
     *            counts what the broker refuses (MQTT 5)
     * @param retryBackoff
     *            the wait before a refused message goes again: its n-th refusal in a row waits
     *            {@link Backoff#ceilingMillis(int)} of n, with jitter
     */
    public Sender(QueueHolder queues, Settings settings, Acknowledger acknowledger, String name, Refusals refusals,
            Backoff retryBackoff) {
        this.queues = queues;
        this.settings = settings;
        this.acknowledger = acknowledger;
        this.name = name;
        this.refusals = refusals;
        this.retryBackoff = retryBackoff;
        this.bucket = settings.rateLimitPerSecond() > 0 ? new TokenBucket(settings.rateLimitPerSecond(),
                Math.max(1, settings.rateLimitBurst()), System::nanoTime) : null;
    }

    public long sentCount() {
        return sent.get();
    }

    public String lastQueueError() {
        return lastQueueError;
    }

    public Refusals refusals() {
        return refusals;
    }

    /**
     * Sends until the session dies or {@code keepGoing} turns false. Returns with messages possibly still in flight.
     */
    public void drain(Session session, BooleanSupplier keepGoing) throws InterruptedException {
        ArrayDeque<Outgoing> carry = new ArrayDeque<>();
        while (session.alive() && keepGoing.getAsBoolean()) {
            retryDue(session);
            if (!session.window.tryAcquire(POLL_MS, TimeUnit.MILLISECONDS)) {
                continue;
            }
            if (!session.alive()) {
                break; // woken by the end of the session: take nothing more
            }
            int slots = 1 + session.window.drainPermits();
            if (bucket != null) {
                int tokens = bucket.take(slots);
                if (tokens == 0) {
                    session.window.release(slots);
                    LockSupport.parkNanos(Math.min(bucket.nanosUntilToken(), TimeUnit.MILLISECONDS.toNanos(POLL_MS)));
                    continue;
                }
                session.window.release(slots - tokens);
                slots = tokens;
            }
            if (carry.isEmpty() && !fill(carry, slots)) {
                session.window.release(slots);
                if (bucket != null) {
                    bucket.giveBack(slots); // an idle connection keeps its burst for when messages come
                }
                continue;
            }
            int used = 0;
            while (used < slots && !carry.isEmpty() && session.alive()) {
                Outgoing o = carry.poll();
                try {
                    send(session, o, 0);
                    used++;
                } catch (Exception e) {
                    // the session is lost: what was taken stays in flight and goes again in the next session
                    session.end(e);
                }
            }
            if (slots > used) {
                session.window.release(slots - used);
                if (bucket != null) {
                    bucket.giveBack(slots - used);
                }
            }
        }
    }

    /**
     * Publishes; a delivered message frees its slot, a refused one keeps it and is parked until its retry time: it
     * stays in the store (in flight), so nothing is lost and the window bounds how many wait.
     */
    private void send(Session session, Outgoing o, int refusedBefore) throws Exception {
        session.transport.publish(o.topic(), o.payload(), o.qos(), o.retain(), () -> {
            session.window.release();
            refusals.accepted();
            acknowledger.delivered(o);
        }, reason -> {
            refusals.refused(reason, o.topic(), o.ids().length);
            int n = refusedBefore + 1;
            long ceiling = retryBackoff.ceilingMillis(n);
            long delay = ceiling / 2 + (long) (ThreadLocalRandom.current().nextDouble() * (ceiling - ceiling / 2));
            session.parked.park(new Parked.Retry(o, n, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay)));
        });
        sent.incrementAndGet();
    }

    /** Sends again the refused messages whose back-off passed (each still holds its slot). */
    private void retryDue(Session session) {
        for (Parked.Retry r : session.parked.due(System.nanoTime())) {
            if (!session.alive()) {
                return; // in flight in the store: the next session sends it
            }
            try {
                send(session, r.message(), r.refusals());
            } catch (Exception e) {
                session.end(e);
            }
        }
    }

    /** Takes messages for up to {@code slots} MQTT messages; {@code false} when there was nothing to take. */
    private boolean fill(ArrayDeque<Outgoing> carry, int slots) throws InterruptedException {
        DurableQueue q = queues.current();
        if (q == null) {
            queues.await(null, POLL_MS, TimeUnit.MILLISECONDS);
            return false;
        }
        int batch = Math.max(1, settings.batchMaxMessages());
        int max = (int) Math.min(MAX_TAKE, (long) slots * batch);
        List<QueuedMessage> taken;
        try {
            taken = q.take(max, settings.maxTakeBytes());
            lastQueueError = null;
        } catch (QueueException e) {
            if (!Objects.equals(lastQueueError, e.getMessage()) && e.reason() != QueueException.Reason.UNAVAILABLE) {
                LOG.warn("Cloud connection {}: cannot read the queue: {}", name, e.getMessage());
            }
            lastQueueError = e.getMessage();
            queues.await(q, POLL_MS, TimeUnit.MILLISECONDS);
            return false;
        }
        if (taken.isEmpty()) {
            q.awaitPending(IDLE_WAIT_MS, TimeUnit.MILLISECONDS);
            return false;
        }
        carry.addAll(group(taken, settings, System.currentTimeMillis()));
        return true;
    }

    /**
     * Turns taken messages into MQTT messages: one each, or with batching, one per (topic, device, QoS, retain) group
     * of readings stored in the connection's encoding, at most {@code batchMaxMessages} and {@code batchMaxBytes} each.
     * Order within a group is kept.
     */
    public static List<Outgoing> group(List<QueuedMessage> taken, Settings settings, long now) {
        List<Outgoing> out = new ArrayList<>(taken.size());
        if (settings.batchMaxMessages() <= 1) {
            for (QueuedMessage m : taken) {
                out.add(single(m));
            }
            return out;
        }
        record Key(String topic, String device, int qos, boolean retain) {
        }
        Map<Key, List<QueuedMessage>> groups = new LinkedHashMap<>();
        List<Object> order = new ArrayList<>();
        for (QueuedMessage m : taken) {
            OutboundMessage msg = m.message();
            if (msg.deviceId() == null || !settings.encoding().wrote(msg.payload())) {
                order.add(m);
                continue;
            }
            Key k = new Key(msg.topic(), msg.deviceId(), msg.qos(), msg.retain());
            List<QueuedMessage> g = groups.get(k);
            if (g == null) {
                g = new ArrayList<>();
                groups.put(k, g);
                order.add(k);
            }
            g.add(m);
        }
        for (Object o : order) {
            if (o instanceof QueuedMessage m) {
                out.add(single(m));
                continue;
            }
            List<QueuedMessage> g = groups.get(o);
            int i = 0;
            while (i < g.size()) {
                int j = i;
                long bytes = 0;
                while (j < g.size() && j - i < settings.batchMaxMessages()
                        && (j == i || bytes + g.get(j).message().payload().length <= settings.batchMaxBytes())) {
                    bytes += g.get(j).message().payload().length;
                    j++;
                }
                out.add(j - i == 1 ? single(g.get(i)) : batch(g.subList(i, j), settings.encoding(), now));
                i = j;
            }
        }
        return out;
    }

    private static Outgoing single(QueuedMessage m) {
        OutboundMessage msg = m.message();
        return new Outgoing(msg.topic(), msg.payload(), msg.qos(), msg.retain(), new long[] { m.id() });
    }

    private static Outgoing batch(List<QueuedMessage> g, PayloadEncoding encoding, long now) {
        OutboundMessage first = g.get(0).message();
        KuraPayload outer = new KuraPayload();
        outer.setTimestamp(new Date(now));
        outer.addMetric(Batches.METRIC_SIZE, g.size());
        outer.addMetric(Batches.METRIC_DEVICE, first.deviceId());
        List<byte[]> stored = new ArrayList<>(g.size());
        long[] ids = new long[g.size()];
        for (int i = 0; i < g.size(); i++) {
            stored.add(g.get(i).message().payload());
            ids[i] = g.get(i).id();
        }
        try {
            return new Outgoing(first.topic(), encoding.encodeBatch(outer, stored), first.qos(), first.retain(), ids);
        } catch (KuraException e) {
            throw new IllegalStateException("the batch header cannot fail to encode", e);
        }
    }
}
