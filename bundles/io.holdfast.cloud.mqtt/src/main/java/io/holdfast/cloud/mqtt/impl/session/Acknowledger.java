package io.holdfast.cloud.mqtt.impl.session;

import io.holdfast.api.queue.DurableQueue;
import io.holdfast.api.queue.QueueException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Acknowledges delivered messages in the queue, off the MQTT callback thread: whatever was delivered meanwhile goes
 * into one {@link DurableQueue#ack(long...)} (the store commits it once), then the confirmations are reported. Acks
 * that fail (the store is being updated) are kept and retried with the next queue: ids survive a store update.
 */
public final class Acknowledger implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Acknowledger.class);
    private static final long POLL_MS = 200;
    private static final long RETRY_MS = 1000;

    /** Told of every confirmed message. */
    public interface Confirmations {
        void confirmed(long id, String topic);
    }

    private final QueueHolder queues;
    private final Confirmations confirmations;
    private final String name;
    /** Put by {@link #stop()}: wakes the thread at once instead of at its next poll (a bundle update waits on it). */
    private static final Outgoing STOP = new Outgoing("", new byte[0], 0, false, new long[0]);
    private final LinkedBlockingQueue<Outgoing> delivered = new LinkedBlockingQueue<>();
    private final AtomicLong outstanding = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition drained = lock.newCondition();
    private final AtomicLong confirmedCount = new AtomicLong();
    private volatile boolean running = true;
    private volatile String lastError;

    public Acknowledger(QueueHolder queues, Confirmations confirmations, String name) {
        this.queues = queues;
        this.confirmations = confirmations;
        this.name = name;
    }

    /** Called on the MQTT callback thread: must not block. */
    public void delivered(Outgoing o) {
        outstanding.incrementAndGet();
        delivered.add(o);
    }

    public long confirmedCount() {
        return confirmedCount.get();
    }

    public String lastError() {
        return lastError;
    }

    public void stop() {
        running = false;
        delivered.add(STOP);
    }

    /** Waits until every delivery reported so far is acknowledged in the queue; {@code false} on timeout. */
    public boolean flush(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lock();
        try {
            while (outstanding.get() > 0) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = drained.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void run() {
        List<Outgoing> batch = new ArrayList<>();
        DurableQueue failedWith = null;
        while (running || !delivered.isEmpty() || !batch.isEmpty()) {
            try {
                if (batch.isEmpty()) {
                    Outgoing first = delivered.poll(POLL_MS, TimeUnit.MILLISECONDS);
                    if (first == null || first == STOP) {
                        continue;
                    }
                    batch.add(first);
                }
                delivered.drainTo(batch);
                batch.removeIf(o -> o == STOP);
                if (batch.isEmpty()) {
                    continue;
                }
                DurableQueue q;
                if (failedWith != null) {
                    // after a failure: the next queue service at once, the same one again after a pause
                    q = queues.await(failedWith, RETRY_MS, TimeUnit.MILLISECONDS);
                    failedWith = null;
                    if (q == null) {
                        q = queues.current();
                    }
                } else {
                    q = queues.await(null, POLL_MS, TimeUnit.MILLISECONDS);
                }
                if (q == null) {
                    if (!running) {
                        break; // stopping with no queue: the messages stay in flight and are sent again later
                    }
                    continue;
                }
                int n = 0;
                for (Outgoing o : batch) {
                    n += o.ids().length;
                }
                long[] ids = new long[n];
                int i = 0;
                for (Outgoing o : batch) {
                    for (long id : o.ids()) {
                        ids[i++] = id;
                    }
                }
                try {
                    q.ack(ids);
                    failedWith = null;
                } catch (QueueException e) {
                    if (e.reason() != QueueException.Reason.UNAVAILABLE) {
                        LOG.warn("Cloud connection {}: cannot acknowledge {} messages: {}", name, n, e.getMessage());
                    }
                    lastError = "acknowledging in the queue failed: " + e.getMessage();
                    failedWith = q;
                    if (!running) {
                        break;
                    }
                    continue;
                }
                for (Outgoing o : batch) {
                    for (long id : o.ids()) {
                        try {
                            confirmations.confirmed(id, o.topic());
                        } catch (RuntimeException e) {
                            LOG.warn("Cloud connection {}: a delivery listener failed", name, e);
                        }
                    }
                }
                confirmedCount.addAndGet(n);
                lock.lock();
                try {
                    outstanding.addAndGet(-batch.size());
                    drained.signalAll();
                } finally {
                    lock.unlock();
                }
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
