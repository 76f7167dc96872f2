package io.holdfast.esp32.impl.ingest;

import io.holdfast.api.codec.CodecContext;
import io.holdfast.api.codec.SensorCodec;
import io.holdfast.api.reading.Metric;
import io.holdfast.api.reading.Reading;
import io.holdfast.api.reading.ReadingFlag;
import io.holdfast.api.status.GatewayStatus;
import java.util.ArrayList;
import java.util.List;
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
 * them to their devices. Without a publisher they leave readings in the buffer.
 */
final class Publishing {

    private static final Logger LOG = LoggerFactory.getLogger(Publishing.class);
    private static final int BATCH = 32;

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
            Thread t = new Thread(this::work, "esp32-publish-" + workers.size());
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

    private void work() {
        List<Entry> batch = new ArrayList<>(BATCH);
        while (running && !Thread.currentThread().isInterrupted()) {
            try {
                batch.clear();
                if (publisher == null) {
                    // without a publisher readings stay in the buffer, where they are counted and bounded
                    awaitPublisher(1_000);
                    continue;
                }
                if (buffer.drain(batch, BATCH, 500, TimeUnit.MILLISECONDS) == 0) {
                    continue;
                }
                if (publisher == null) {
                    buffer.pushBack(batch);
                    continue;
                }
                for (int i = 0; i < batch.size(); i++) {
                    if (!publish(batch.get(i))) {
                        // stopping: the rest were never published nor acknowledged
                        return;
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("Publishing thread failed; it carries on", e);
            }
        }
    }

    /** Publishes one reading, waiting for a publisher and retrying failures. Returns false when stopping. */
    private boolean publish(Entry e) throws InterruptedException {
        Reading r = decode(e.reading());
        KuraMessage m = MessageMapper.toMessage(r);
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
                break;
            } catch (Exception | LinkageError ex) {
                counters.count("publish.failures");
                log.warn("publish", "CloudPublisher failed to publish {}: {}; retrying", r.identity(), ex.toString());
                awaitPublisher(backoff);
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
        counters.count(Counters.READINGS_PUBLISHED);
        if (e.deviceSeq()) {
            long ack = e.source().published(r.seq(), time.monoMillis());
            if (ack >= 0) {
                devices.ack(e.device(), e.source().id, ack);
            }
        }
        e.completion().done();
        return true;
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
