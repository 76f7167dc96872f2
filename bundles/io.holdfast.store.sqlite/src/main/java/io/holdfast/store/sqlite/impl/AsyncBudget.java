package io.holdfast.store.sqlite.impl;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the asynchronous enqueues waiting for their commit, in number and payload bytes, so that a producer that does
 * not wait cannot fill the heap: beyond the bound, enqueueAsync is refused with CAPACITY.
 */
final class AsyncBudget {
    /** Asynchronous enqueues waiting for their commit, beyond which enqueueAsync rejects (CAPACITY). */
    static final int MAX_WAITING = 65_536;
    static final long MAX_WAITING_BYTES = 64L * 1024 * 1024;

    private final AtomicLong waiting = new AtomicLong();
    private final AtomicLong waitingBytes = new AtomicLong();

    /**
     * Takes a place for an enqueue of {@code size} payload bytes.
     *
     * @return -1 if taken, else how many enqueues were waiting (the place is not taken)
     */
    long acquire(long size) {
        long n = waiting.incrementAndGet();
        long b = waitingBytes.addAndGet(size);
        if (n > MAX_WAITING || b > MAX_WAITING_BYTES) {
            release(size);
            return n - 1;
        }
        return -1;
    }

    /** Gives a place back once the enqueue's result is delivered (or it was never submitted). */
    void release(long size) {
        waiting.decrementAndGet();
        waitingBytes.addAndGet(-size);
    }
}
