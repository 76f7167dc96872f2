package io.holdfast.backend.ingest.impl;

import io.holdfast.backend.ingest.impl.wire.MessageDecoder.Lifecycle;
import io.holdfast.backend.store.BackendStore;
import io.holdfast.backend.store.IncomingReading;
import io.holdfast.backend.store.StoreException;
import io.holdfast.backend.store.WriteResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects decoded messages into batches and writes each batch in one transaction; a message is acknowledged to the
 * broker only after what it carried is committed, so a backend killed mid-batch loses nothing (the broker sends it
 * again, and the store drops what it has already). A failing database is retried with back-off: nothing is dropped, and
 * the broker connection waits once the queue is full.
 */
final class Batcher implements AutoCloseable {

    /** One message: its readings, or its lifecycle event, or why it was not decoded; and how to acknowledge it. */
    record Inbound(List<IncomingReading> readings, Lifecycle lifecycle, String topic, byte[] payload, String reason,
            long receivedAt, Runnable ack) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(Batcher.class);

    private final BackendStore store;
    private final BlockingQueue<Inbound> queue;
    private final int maxReadings;
    private final long maxDelayNanos;
    private final Thread writer;
    private volatile boolean running = true;

    final AtomicLong stored = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong deadLetters = new AtomicLong();
    final AtomicLong failures = new AtomicLong();

    Batcher(BackendStore store, int capacity, int maxReadings, long maxDelayMs) {
        this.store = store;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.maxReadings = maxReadings;
        this.maxDelayNanos = TimeUnit.MILLISECONDS.toNanos(maxDelayMs);
        this.writer = new Thread(this::run, "holdfast-ingest-writer");
        writer.start();
    }

    /** Waits while the queue is full. */
    void offer(Inbound in) throws InterruptedException {
        queue.put(in);
    }

    private void run() {
        List<Inbound> batch = new ArrayList<>();
        while (running) {
            try {
                Inbound first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                int readings = first.readings().size();
                long deadline = System.nanoTime() + maxDelayNanos;
                while (readings < maxReadings) {
                    Inbound next = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                    readings += next.readings().size();
                }
                writeUntilDone(batch);
                batch.forEach(b -> b.ack().run());
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void writeUntilDone(List<Inbound> batch) throws InterruptedException {
        long backoff = 50;
        while (true) {
            try {
                write(batch);
                return;
            } catch (StoreException | RuntimeException e) {
                failures.incrementAndGet();
                if (!running) {
                    throw new InterruptedException("stopping with an unwritten batch: the broker sends it again");
                }
                LOG.warn("writing a batch of {} messages failed, retrying in {} ms: {}", batch.size(), backoff,
                        e.getMessage());
                Thread.sleep(backoff); // back-off of a retry loop, not a test wait
                backoff = Math.min(5_000, backoff * 2);
            }
        }
    }

    private void write(List<Inbound> batch) throws StoreException {
        List<IncomingReading> readings = new ArrayList<>();
        for (Inbound in : batch) {
            readings.addAll(in.readings());
        }
        WriteResult r = store.write(readings);
        for (Inbound in : batch) {
            if (in.lifecycle() != null) {
                Lifecycle l = in.lifecycle();
                store.gatewayEvent(l.clientId(), l.account(), l.event(), in.receivedAt(), l.metrics());
            } else if (in.reason() != null) {
                store.deadLetter(in.receivedAt(), in.topic(), in.payload(), in.reason());
            }
        }
        stored.addAndGet(r.stored());
        duplicates.addAndGet(r.duplicates());
        deadLetters.addAndGet(batch.stream().filter(b -> b.reason() != null).count());
    }

    /** Stops the writer; what is queued and not written is not acknowledged, so the broker sends it again. */
    @Override
    public void close() {
        running = false;
        writer.interrupt();
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
