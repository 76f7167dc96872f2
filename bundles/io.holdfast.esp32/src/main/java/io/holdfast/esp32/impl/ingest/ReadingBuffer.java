package io.holdfast.esp32.impl.ingest;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded in-memory buffer between the links and the publishing threads. Its capacity can change while it is in use
 * (a new configuration); {@link #close()} wakes every waiting thread.
 *
 * @param <T>
 *            the element type
 */
final class ReadingBuffer<T> {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final ArrayDeque<T> items = new ArrayDeque<>();
    private volatile int capacity;
    private boolean closed;

    ReadingBuffer(int capacity) {
        this.capacity = Math.max(1, capacity);
    }

    void capacity(int capacity) {
        lock.lock();
        try {
            this.capacity = Math.max(1, capacity);
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    int capacity() {
        return capacity;
    }

    /** Adds an element unless the buffer is full or closed. */
    boolean offer(T t) {
        lock.lock();
        try {
            if (closed || items.size() >= capacity) {
                return false;
            }
            items.addLast(t);
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Adds an element, waiting up to the timeout for space. */
    boolean offer(T t, long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            while (!closed && items.size() >= capacity) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = notFull.awaitNanos(nanos);
            }
            if (closed) {
                return false;
            }
            items.addLast(t);
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves up to {@code max} elements into {@code into}, waiting up to the timeout for the first.
     *
     * @return how many were moved; 0 on timeout or when closed
     */
    int drain(List<T> into, int max, long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            while (!closed && items.isEmpty()) {
                if (nanos <= 0) {
                    return 0;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            int n = 0;
            while (n < max && !items.isEmpty()) {
                into.add(items.pollFirst());
                n++;
            }
            if (n > 0) {
                notFull.signalAll();
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** Puts taken elements back at the head, in their order (they were taken when they could not be handled). */
    void pushBack(List<T> taken) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            for (int i = taken.size() - 1; i >= 0; i--) {
                items.addFirst(taken.get(i));
            }
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return items.size();
        } finally {
            lock.unlock();
        }
    }

    /** Closes the buffer and returns what was left in it. */
    List<T> close() {
        lock.lock();
        try {
            closed = true;
            List<T> left = List.copyOf(items);
            items.clear();
            notEmpty.signalAll();
            notFull.signalAll();
            return left;
        } finally {
            lock.unlock();
        }
    }
}
