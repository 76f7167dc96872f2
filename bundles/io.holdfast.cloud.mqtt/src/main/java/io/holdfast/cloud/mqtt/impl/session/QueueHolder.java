package io.holdfast.cloud.mqtt.impl.session;

import io.holdfast.api.queue.DurableQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The current durable queue of a connection, which comes and goes as the store bundle is updated: bound and unbound by
 * DS (dynamic reference), waited for by publishers and the sender.
 */
public final class QueueHolder {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private volatile DurableQueue queue;

    public void bind(DurableQueue q) {
        lock.lock();
        try {
            queue = q;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public void unbind(DurableQueue q) {
        lock.lock();
        try {
            if (queue == q) {
                queue = null;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The queue now, or {@code null}. */
    public DurableQueue current() {
        return queue;
    }

    /**
     * Waits for a queue other than {@code not} (use {@code null} to wait for any).
     *
     * @return the queue, or {@code null} after the timeout
     */
    public DurableQueue await(DurableQueue not, long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lock();
        try {
            while (queue == null || queue == not) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = changed.awaitNanos(nanos);
            }
            return queue;
        } finally {
            lock.unlock();
        }
    }
}
