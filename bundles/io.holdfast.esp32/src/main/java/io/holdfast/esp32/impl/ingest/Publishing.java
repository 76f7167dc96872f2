package io.holdfast.esp32.impl.ingest;

import io.holdfast.api.codec.CodecContext;
import io.holdfast.api.codec.SensorCodec;
import io.holdfast.api.publish.BatchPublisher;
import io.holdfast.api.queue.CommittedReadings;
import io.holdfast.api.queue.SeqRange;
import io.holdfast.api.reading.Metric;
import io.holdfast.api.reading.Reading;
import io.holdfast.api.reading.ReadingFlag;
import io.holdfast.api.status.GatewayStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.publisher.CloudPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publishing threads: they take readings from the bounded buffer, decode them with the codec registered for their
 * type, hand them to the CloudPublisher (retrying failures with back-off) and, once publish() returned, acknowledge
 * them to their devices. Without a publisher they leave readings in the buffer. A publisher that is also a
 * {@link BatchPublisher} gets up to {@value #STORE_BATCH} readings per call, stored with one commit, and each device
 * one ack per source after it; other publishers (Kura's own) get one publish() per reading.
 */
final class Publishing {

    private static final Logger LOG = LoggerFactory.getLogger(Publishing.class);
    private static final int BATCH = 32;
    /** Readings taken at once for a {@link BatchPublisher}: one store commit (at most) per batch. */
    static final int STORE_BATCH = 1024;
    /**
     * Publishing threads that work for a {@link BatchPublisher}; the others wait while one is bound. Acks advance per
     * source only up to the first reading not yet stored, and a batch holds readings of nearly every device: with many
     * batches in flight, one slow to commit holds back every device's acks while the others complete (the overload
     * benchmark measured stalls of 10 to 30 s with 16 threads, 4 s with one). Two keep decoding and committing
     * overlapped.
     */
    static final int BATCH_THREADS = 2;

    /** A reading waiting to be published, with what is needed to acknowledge it. */
    record Entry(Reading reading, DeviceState device, SourceState source, boolean deviceSeq, Completion completion) {
    }

    private final ReadingBuffer<Entry> buffer;
    private final CodecRegistry codecs;
    private final DeviceRegistry devices;
    private final Counters counters;
    private final BoundedLog log;
    private final TimeSource time;
    private final ReentrantLock publisherLock = new ReentrantLock();
    private final Condition publisherChanged = publisherLock.newCondition();
    private final List<Thread> workers = new ArrayList<>();
    private volatile CloudPublisher publisher;
    private volatile boolean running;

    Publishing(int bufferSize, CodecRegistry codecs, DeviceRegistry devices, Counters counters, BoundedLog log,
            TimeSource time) {
        this.buffer = new ReadingBuffer<>(bufferSize);
        this.codecs = codecs;
        this.devices = devices;
        this.counters = counters;
        this.log = log;
        this.time = time;
    }

    synchronized void start(int threads) {
        running = true;
        threads(threads);
    }

    /** Changes the number of publishing threads (while running) and the buffer's capacity. */
    synchronized void apply(int threads, int bufferSize) {
        buffer.capacity(bufferSize);
        if (running) {
            threads(threads);
        }
    }

    private void threads(int n) {
        n = Math.max(1, n);
        while (workers.size() < n) {
            int index = workers.size();
            Thread t = new Thread(() -> work(index), "esp32-publish-" + index);
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
        while (workers.size() > n) {
            workers.remove(workers.size() - 1).interrupt();
        }
    }

    /**
     * Stops the threads. Readings still buffered were never acknowledged: their devices re-send them.
     *
     * @return how many readings were left unpublished
     */
    int stop() {
        List<Thread> ws;
        synchronized (this) {
            running = false;
            ws = new ArrayList<>(workers);
            workers.clear();
        }
        List<Entry> left = buffer.close();
        signalPublisher();
        ws.forEach(Thread::interrupt);
        for (Thread t : ws) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return left.size();
    }

    boolean running() {
        return running;
    }

    void publisher(CloudPublisher p) {
        publisher = p;
        signalPublisher();
        LOG.info("Publishing through {}", p);
    }

    void clearPublisher(CloudPublisher p) {
        publisherLock.lock();
        try {
            if (publisher == p) {
                publisher = null;
                LOG.info("CloudPublisher gone: readings wait in the buffer ({} places) and devices are not acked",
                        buffer.capacity());
            }
        } finally {
            publisherLock.unlock();
        }
    }

    /**
     * Puts a reading in the buffer.
     *
     * @param block
     *            wait for room (for links whose devices cannot re-send), else give up at once when full
     *
     * @return whether it is in the buffer
     */
    boolean offer(Entry e, boolean block) {
        if (!block) {
            return buffer.offer(e);
        }
        try {
            while (running) {
                if (buffer.offer(e, 200, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** What the bound publisher's store committed of a source, at its first frame: see {@link StoreRecord}. */
    StoreRecord.Committed committed(String source) {
        return StoreRecord.committed(publisher, source, log);
    }

    /**
     * Readings of sources whose numbers started without the store's record (no publisher or queue was bound at their
     * first frame) that the store committed before: acked as stored, and not published again. Readings the store cannot
     * say anything about yet (its queue is not bound) go back to the buffer: publishing them now could duplicate.
     *
     * @return whether readings went back to the buffer
     */
    private boolean skipCommitted(List<Entry> batch) {
        if (!(publisher instanceof CommittedReadings cr)) {
            return false;
        }
        Map<SourceState, List<SeqRange>> runs = null;
        List<Entry> held = null;
        Acks acks = null;
        for (Iterator<Entry> it = batch.iterator(); it.hasNext();) {
            Entry e = it.next();
            if (!e.deviceSeq() || !e.source().checkAtPublish()) {
                continue;
            }
            if (runs == null) {
                runs = new HashMap<>();
                acks = new Acks(devices);
            }
            List<SeqRange> r = runs.computeIfAbsent(e.source(), s -> StoreRecord.lookup(cr, s.id, log));
            long seq = e.reading().seq();
            if (r == null) {
                it.remove();
                held = held == null ? new ArrayList<>() : held;
                held.add(e);
            } else if (r.stream().anyMatch(x -> x.contains(seq))) {
                it.remove();
                counters.count("readings.duplicate");
                long ack = e.source().published(seq, time.monoMillis());
                if (ack >= 0) {
                    acks.put(e, ack);
                }
                e.completion().done();
            }
        }
        if (acks != null) {
            acks.send();
        }
        if (held != null) {
            buffer.pushBack(held);
        }
        return held != null;
    }

    int buffered() {
        return buffer.size();
    }

    int capacity() {
        return buffer.capacity();
    }

    private void signalPublisher() {
        publisherLock.lock();
        try {
            publisherChanged.signalAll();
        } finally {
            publisherLock.unlock();
        }
    }

    private void work(int index) {
        List<Entry> batch = new ArrayList<>(BATCH);
        while (running && !Thread.currentThread().isInterrupted()) {
            try {
                batch.clear();
                if (publisher == null || index >= BATCH_THREADS && publisher instanceof BatchPublisher) {
                    // without a publisher readings stay in the buffer, where they are counted and bounded
                    awaitPublisher(1_000);
                    continue;
                }
                int max = publisher instanceof BatchPublisher ? STORE_BATCH : BATCH;
                if (buffer.drain(batch, max, 500, TimeUnit.MILLISECONDS) == 0) {
                    continue;
                }
                if (publisher == null) {
                    buffer.pushBack(batch);
                    continue;
                }
                if (skipCommitted(batch) && batch.isEmpty()) {
                    awaitPublisher(100);
                    continue;
                }
                if (batch.isEmpty()) {
                    continue;
                }
                if (!(publisher instanceof BatchPublisher ? publishBatch(batch) : publishEach(batch))) {
                    // stopping: the rest were never published nor acknowledged
                    return;
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("Publishing thread failed; it carries on", e);
            }
        }
    }

    private boolean publishEach(List<Entry> batch) throws InterruptedException {
        for (Entry e : batch) {
            Reading r = decode(e.reading());
            if (!publish(r, MessageMapper.toMessage(r))) {
                return false;
            }
            Acks acks = new Acks(devices);
            done(e, r, acks);
            acks.send();
        }
        return true;
    }

    /** Publishes one reading, waiting for a publisher and retrying failures. Returns false when stopping. */
    private boolean publish(Reading r, KuraMessage m) throws InterruptedException {
        long backoff = 50;
        while (true) {
            if (!running) {
                return false;
            }
            CloudPublisher p = publisher;
            if (p == null) {
                awaitPublisher(1_000);
                continue;
            }
            try {
                p.publish(m);
                return true;
            } catch (Exception | LinkageError ex) {
                counters.count("publish.failures");
                log.warn("publish", "CloudPublisher failed to publish {}: {}; retrying", r.identity(), ex.toString());
                awaitPublisher(backoff);
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    /**
     * Publishes readings through a {@link BatchPublisher}: each is decoded and mapped once, the batch is stored with
     * one commit, and each device gets one ack per source for the batch, after that commit. What was not stored is
     * offered again with back-off; a publisher that is no longer a BatchPublisher gets the rest one by one.
     */
    private boolean publishBatch(List<Entry> batch) throws InterruptedException {
        List<Entry> pending = new ArrayList<>(batch);
        List<Reading> readings = new ArrayList<>(batch.size());
        List<KuraMessage> messages = new ArrayList<>(batch.size());
        for (Entry e : batch) {
            Reading r = decode(e.reading());
            readings.add(r);
            messages.add(MessageMapper.toMessage(r));
        }
        long backoff = 50;
        while (!pending.isEmpty()) {
            if (!running) {
                return false;
            }
            CloudPublisher p = publisher;
            if (p == null) {
                awaitPublisher(1_000);
                continue;
            }
            if (!(p instanceof BatchPublisher bp)) {
                for (int i = 0; i < pending.size(); i++) {
                    if (!publish(readings.get(i), messages.get(i))) {
                        return false;
                    }
                    Acks acks = new Acks(devices);
                    done(pending.get(i), readings.get(i), acks);
                    acks.send();
                }
                return true;
            }
            List<String> ids;
            try {
                ids = bp.publish(messages);
                if (ids == null || ids.size() != messages.size()) {
                    throw new IllegalStateException("the BatchPublisher returned "
                            + (ids == null ? "null" : ids.size() + " ids") + " for " + messages.size() + " messages");
                }
            } catch (Exception | LinkageError ex) {
                counters.count("publish.failures");
                log.warn("publish", "CloudPublisher failed to publish a batch of {}: {}; retrying", messages.size(),
                        ex.toString());
                awaitPublisher(backoff);
                backoff = Math.min(backoff * 2, 5_000);
                continue;
            }
            Acks acks = new Acks(devices);
            List<Entry> again = new ArrayList<>();
            List<Reading> againReadings = new ArrayList<>();
            List<KuraMessage> againMessages = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                if (ids.get(i) != null) {
                    done(pending.get(i), readings.get(i), acks);
                } else {
                    again.add(pending.get(i));
                    againReadings.add(readings.get(i));
                    againMessages.add(messages.get(i));
                }
            }
            acks.send();
            if (!again.isEmpty()) {
                counters.count("publish.failures");
                log.warn("publish", "CloudPublisher did not store {} of {} readings; retrying them", again.size(),
                        ids.size());
                awaitPublisher(backoff);
                backoff = Math.min(backoff * 2, 5_000);
            }
            pending = again;
            readings = againReadings;
            messages = againMessages;
        }
        return true;
    }

    /** A reading is stored: counted, its source's acknowledgement computed, its frame's completion told. */
    private void done(Entry e, Reading r, Acks acks) {
        counters.count(Counters.READINGS_PUBLISHED);
        if (e.deviceSeq()) {
            long ack = e.source().published(r.seq(), time.monoMillis());
            if (ack >= 0) {
                acks.put(e, ack);
            }
        }
        e.completion().done();
    }

    private void awaitPublisher(long ms) throws InterruptedException {
        publisherLock.lock();
        try {
            if (running) {
                publisherChanged.await(ms, TimeUnit.MILLISECONDS);
            }
        } finally {
            publisherLock.unlock();
        }
    }

    /** Decodes with the codec registered for the type now; without one (or when it fails) the reading stays raw. */
    Reading decode(Reading r) {
        SensorCodec codec = codecs.get(r.sensorType());
        if (codec != null) {
            try {
                List<Metric> metrics = codec.decode(CodecContext.of(r), r.raw());
                if (metrics == null) {
                    throw new IllegalStateException("codec returned null");
                }
                return r.toBuilder().metrics(metrics).build();
            } catch (Exception ex) {
                counters.count("codec.errors");
                log.warn("codec." + r.sensorType(), "Codec for {} could not decode {}: {}", r.sensorType(),
                        r.identity(), ex.getMessage());
            }
        }
        counters.count(GatewayStatus.COUNTER_UNDECODED);
        return r.toBuilder().metrics(MessageMapper.rawMetrics(r.raw())).flag(ReadingFlag.UNDECODED).build();
    }
}
