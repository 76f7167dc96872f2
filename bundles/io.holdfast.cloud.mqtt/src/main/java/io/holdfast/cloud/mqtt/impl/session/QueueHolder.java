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
    private volatile boolean closed;

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

    /**
     * The connection is closed (deactivated): waiters return at once, and from now on nobody waits for a queue (a
     * publishing thread still in the old connection while its bundle is updated fails fast and retries with the new
     * connection instead of waiting the publish wait for a queue that is bound to the successor).
     */
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public boolean closed() {
        return closed;
    }

    /** The queue now, or {@code null}. */
    public DurableQueue current() {
        return queue;
    }

    /**
     * Waits for a queue other than {@code not} (use {@code null} to wait for any).
     *
     * @return the queue, or {@code null} after the timeout (at once once {@link #close() closed})
     */
    public DurableQueue await(DurableQueue not, long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lock();
        try {
            while (queue == null || queue == not) {
                if (nanos <= 0 || closed) {
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
