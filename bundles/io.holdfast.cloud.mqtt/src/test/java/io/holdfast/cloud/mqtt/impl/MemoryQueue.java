package io.holdfast.cloud.mqtt.impl;

import io.holdfast.api.queue.DurableQueue;
import io.holdfast.api.queue.OutboundMessage;
import io.holdfast.api.queue.QueueException;
import io.holdfast.api.queue.QueueStats;
import io.holdfast.api.queue.QueuedMessage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** A DurableQueue in memory for unit tests: the contract's ordering and in-flight rules, no durability. */
final class MemoryQueue implements DurableQueue {
    private record Entry(long id, OutboundMessage message, int deliveries) {
    }

    private final String name;
    private long lastId;
    private final Map<Long, Entry> all = new HashMap<>();
    private final TreeSet<Entry> pending = new TreeSet<>(
            Comparator.comparingInt((Entry e) -> e.message().priority()).thenComparingLong(Entry::id));
    private final Map<Long, Entry> inFlight = new HashMap<>();
    private final List<Long> acked = new ArrayList<>();
    volatile QueueException failEnqueue;
    volatile int capacity = Integer.MAX_VALUE;

    MemoryQueue(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized long enqueue(OutboundMessage message) throws QueueException {
        if (failEnqueue != null) {
            throw failEnqueue;
        }
        if (all.size() >= capacity) {
            throw new QueueException(QueueException.Reason.CAPACITY, "queue " + name + " is full");
        }
        Entry e = new Entry(++lastId, message, 0);
        all.put(e.id(), e);
        pending.add(e);
        notifyAll();
        return e.id();
    }

    @Override
    public CompletionStage<Long> enqueueAsync(OutboundMessage message) {
        try {
            return CompletableFuture.completedFuture(enqueue(message));
        } catch (QueueException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public synchronized List<QueuedMessage> take(int maxMessages, long maxBytes) {
        List<QueuedMessage> out = new ArrayList<>();
        long bytes = 0;
        while (!pending.isEmpty() && out.size() < maxMessages) {
            Entry e = pending.first();
            if (!out.isEmpty() && bytes + e.message().payload().length > maxBytes) {
                break;
            }
            pending.pollFirst();
            Entry taken = new Entry(e.id(), e.message(), e.deliveries() + 1);
            all.put(e.id(), taken);
            inFlight.put(e.id(), taken);
            bytes += e.message().payload().length;
            out.add(new QueuedMessage(e.id(), e.message(), taken.deliveries()));
        }
        return out;
    }

    @Override
    public synchronized boolean awaitPending(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (pending.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    @Override
    public synchronized void ack(long... ids) {
        for (long id : ids) {
            Entry e = all.remove(id);
            if (e != null) {
                inFlight.remove(id);
                pending.remove(e);
                acked.add(id);
            }
        }
    }

    @Override
    public synchronized int ackRange(long fromId, long toId) {
        int n = 0;
        for (Long id : new ArrayList<>(inFlight.keySet())) {
            if (id >= fromId && id <= toId) {
                ack(id);
                n++;
            }
        }
        return n;
    }

    @Override
    public synchronized void requeue(long... ids) {
        for (long id : ids) {
            Entry e = inFlight.remove(id);
            if (e != null) {
                pending.add(e);
            }
        }
        notifyAll();
    }

    @Override
    public synchronized int requeueInFlight() {
        int n = inFlight.size();
        pending.addAll(inFlight.values());
        inFlight.clear();
        notifyAll();
        return n;
    }

    @Override
    public synchronized QueueStats stats() {
        return QueueStats.builder(name).build();
    }

    synchronized int depth() {
        return all.size();
    }

    synchronized int inFlightCount() {
        return inFlight.size();
    }

    synchronized List<Long> acked() {
        return List.copyOf(acked);
    }

    synchronized List<OutboundMessage> stored() {
        return all.values().stream().sorted(Comparator.comparingLong(Entry::id)).map(Entry::message).toList();
    }
}
