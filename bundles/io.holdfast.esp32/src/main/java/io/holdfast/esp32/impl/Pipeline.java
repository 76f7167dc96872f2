package io.holdfast.esp32.impl;

import io.holdfast.api.codec.CodecContext;
import io.holdfast.api.codec.SensorCodec;
import io.holdfast.api.reading.Metric;
import io.holdfast.api.reading.Reading;
import io.holdfast.api.reading.ReadingFlag;
import io.holdfast.api.status.DeviceStatus;
import io.holdfast.api.status.GatewayStatus;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.publisher.CloudPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared ingest pipeline of every link: frame decoding, the device registry, clock mapping, sequence numbers and
 * duplicates, the bounded buffer, codec lookup, publishing, and acknowledgements to devices once publish() returned.
 * Plain Java (the {@code Gateway} component wraps it), thread safe: links call {@link #receive} from their own threads.
 */
final class Pipeline {

    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    /** The pipeline's settings (from the Gateway configuration). */
    record Settings(int bufferSize, int publishThreads, boolean crcRequired, long clockWindowMs, long clockJumpMs,
            long futureToleranceMs, long gapTimeoutMs, long logIntervalMs, int maxDevices, long reportIntervalMs,
            boolean timeSync, long timeSyncIntervalMs) {

        static Settings defaults() {
            return new Settings(10_000, 16, false, 600_000, 5_000, 300_000, 60_000, 10_000, 10_000, 0, true, 3_600_000);
        }
    }

    /** A reading waiting to be published. */
    private record Entry(Reading reading, DeviceState device, SourceState source, boolean deviceSeq,
            Completion completion) {
    }

    private final TimeSource time;
    private final SeqStore seqStore;
    private final CodecRegistry codecs = new CodecRegistry();
    private final ConcurrentMap<String, DeviceState> devices = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final BoundedLog boundedLog;
    private final ReadingBuffer<Entry> buffer;
    private final ReentrantLock publisherLock = new ReentrantLock();
    private final Condition publisherChanged = publisherLock.newCondition();
    private volatile CloudPublisher publisher;
    private volatile Settings settings;
    private volatile boolean running;
    private final List<Thread> workers = new ArrayList<>();
    private ScheduledExecutorService housekeeper;
    private long lastRateMono;
    private long lastIn;
    private long lastPublished;
    private volatile double rateIn;
    private volatile double ratePublished;

    Pipeline(Settings settings, TimeSource time, SeqStore seqStore) {
        this.settings = settings;
        this.time = time;
        this.seqStore = seqStore;
        this.buffer = new ReadingBuffer<>(settings.bufferSize());
        this.boundedLog = new BoundedLog(LOG, time, settings.logIntervalMs());
    }

    // ---------------------------------------------------------------- lifecycle

    synchronized void start() {
        running = true;
        resizeWorkers(settings.publishThreads());
        housekeeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "esp32-housekeeping");
            t.setDaemon(true);
            return t;
        });
        housekeeper.scheduleWithFixedDelay(this::housekeepingSafely, 1, 1, TimeUnit.SECONDS);
    }

    synchronized void apply(Settings s) {
        this.settings = s;
        buffer.capacity(s.bufferSize());
        boundedLog.interval(s.logIntervalMs());
        for (DeviceState d : devices.values()) {
            for (SourceState ss : d.sources.values()) {
                synchronized (ss) {
                    ss.clock.configure(s.clockWindowMs(), s.clockJumpMs());
                }
            }
        }
        if (running) {
            resizeWorkers(s.publishThreads());
        }
    }

    private void resizeWorkers(int n) {
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
     * Stops publishing. Readings still buffered were never acknowledged: their devices re-send them.
     *
     * @return how many readings were left unpublished
     */
    int stop() {
        List<Thread> ws;
        synchronized (this) {
            running = false;
            ws = new ArrayList<>(workers);
            workers.clear();
            if (housekeeper != null) {
                housekeeper.shutdownNow();
            }
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
        try {
            seqStore.flush();
        } catch (RuntimeException e) {
            LOG.warn("Cannot save the assigned sequence numbers: {}", e.getMessage());
        }
        if (!left.isEmpty()) {
            LOG.info("Stopped with {} readings unpublished; they were not acknowledged, so devices re-send them",
                    left.size());
        }
        return left.size();
    }

    // ---------------------------------------------------------------- services

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

    private void signalPublisher() {
        publisherLock.lock();
        try {
            publisherChanged.signalAll();
        } finally {
            publisherLock.unlock();
        }
    }

    CodecRegistry codecs() {
        return codecs;
    }

    Settings settings() {
        return settings;
    }

    // ---------------------------------------------------------------- receive path

    /** A line longer than the protocol allows (reported by the framer, which skipped it). */
    void tooLong(Session session) {
        reject(session, RejectReason.TOO_LONG, "more than " + LineFramer.MAX_LINE + " bytes");
    }

    Decoded receive(Session session, byte[] b, int off, int len) {
        return receive(session, b, off, len, null, Completion.NONE);
    }

    /**
     * Handles one frame. Never throws and never blocks, except for a session that asked to wait for buffer space.
     *
     * @return what the frame decoded to
     */
    Decoded receive(Session session, byte[] b, int off, int len, FrameDecoder.Hint hint, Completion completion) {
        try {
            Decoded d = FrameDecoder.decode(b, off, len, settings.crcRequired(), hint);
            if (!d.accepted()) {
                reject(session, d.reason(), d.detail());
                return d;
            }
            Frame f = d.frame();
            if (session.tokens != null && !authorized(session, f)) {
                reject(session, RejectReason.UNAUTHORIZED, "device " + f.mac() + " on " + session.linkId);
                return Decoded.reject(RejectReason.UNAUTHORIZED, "no valid token");
            }
            DeviceState dev = device(f.mac());
            if (dev == null) {
                reject(session, RejectReason.TOO_MANY_DEVICES, "registry full, device " + f.mac());
                return Decoded.reject(RejectReason.TOO_MANY_DEVICES, "registry full");
            }
            long rxWall = time.wallMillis();
            long rxMono = time.monoMillis();
            session.lastValidMono = rxMono;
            if (d.crc()) {
                session.deviceUsesCrc = true;
            }
            dev.lastSeen = Instant.ofEpochMilli(rxWall);
            dev.lastSeenMono = rxMono;
            dev.linkId = session.linkId;
            if (session.channel != null) {
                dev.channel = session.channel;
            }
            count("frames.accepted");
            if (f instanceof Frame.Hello h) {
                hello(dev, h, rxMono);
            } else if (f instanceof Frame.Status st) {
                dev.rssiDbm = st.rssiDbm() != null ? st.rssiDbm() : dev.rssiDbm;
                dev.heap = st.heap();
                if (st.uptime() != null) {
                    SourceState ss = dev.source(dev.mac, settings.clockWindowMs(), settings.clockJumpMs());
                    synchronized (ss) {
                        ss.clock.sample(st.uptime(), rxMono);
                    }
                }
            } else if (f instanceof Frame.Readings rs) {
                for (RejectReason r : rs.rejectedItems()) {
                    count("items.rejected." + r.key());
                    boundedLog.warn("item." + r.key(), "Rejected a batch item from {}: {}", f.mac(), r.key());
                }
                for (Frame.Item item : rs.items()) {
                    item(session, dev, rs, item, rxWall, rxMono, completion);
                }
            }
            return d;
        } catch (RuntimeException e) {
            // a bug must not take the link down: count it like a bad frame, and as what it is
            count("internal.errors");
            reject(session, RejectReason.NOT_JSON, "internal error " + e);
            LOG.error("Failed to handle a frame on {}", session.linkId, e);
            return Decoded.reject(RejectReason.NOT_JSON, e.toString());
        } finally {
            completion.done();
        }
    }

    private boolean authorized(Session session, Frame f) {
        if (f instanceof Frame.Hello h) {
            String expected = session.tokens.get(h.mac());
            if (expected != null && h.token() != null && MessageDigest
                    .isEqual(expected.getBytes(StandardCharsets.UTF_8), h.token().getBytes(StandardCharsets.UTF_8))) {
                session.authenticatedMac = h.mac();
                return true;
            }
            return false;
        }
        return f.mac().equals(session.authenticatedMac);
    }

    private void hello(DeviceState dev, Frame.Hello h, long rxMono) {
        if (h.firmware() != null) {
            dev.firmware = h.firmware();
        }
        if (h.chip() != null) {
            dev.chip = h.chip();
        }
        dev.sensors(h.sensors());
        SourceState ss = dev.source(dev.mac, settings.clockWindowMs(), settings.clockJumpMs());
        long rebootsBefore;
        long rebootsAfter;
        long ack = -1;
        synchronized (ss) {
            rebootsBefore = ss.clock.reboots();
            ss.clock.hello(h.uptime(), rxMono);
            rebootsAfter = ss.clock.reboots();
            if (h.seq() != null) {
                ack = ss.seqs.announce(h.seq(), rxMono);
            }
        }
        if (rebootsAfter > rebootsBefore) {
            count("device.reboots");
        }
        if (ack >= 0) {
            ackTo(dev, dev.mac, ack);
        }
        DeviceChannel ch = dev.channel;
        if (ch != null) {
            Settings s = settings;
            if (s.timeSync()) {
                ch.send("{\"t\":\"time\",\"epoch\":" + time.wallMillis() + "}");
                dev.lastTimeSyncMono = rxMono;
            }
            if (s.reportIntervalMs() > 0) {
                ch.send("{\"t\":\"cfg\",\"interval\":" + s.reportIntervalMs() + "}");
            }
        }
    }

    private void item(Session session, DeviceState dev, Frame.Readings rs, Frame.Item item, long rxWall, long rxMono,
            Completion completion) {
        Settings s = settings;
        String src = item.source() != null ? item.source() : dev.mac;
        SourceState ss = dev.source(src, s.clockWindowMs(), s.clockJumpMs());
        dev.sensor(item.type());
        Reading.Builder b = Reading.builder().deviceId(dev.mac).source(src).sensorType(item.type())
                .receivedAt(Instant.ofEpochMilli(rxWall)).uptimeMillis(item.uptime()).raw(item.values());
        boolean deviceSeq = item.seq() != null;
        long seq;
        long reAck = -1;
        synchronized (ss) {
            boolean resent = false;
            if (deviceSeq) {
                seq = item.seq();
                resent = ss.seqs.isResend(seq);
                SeqTracker.Verdict v = ss.seqs.offer(seq);
                if (v != SeqTracker.Verdict.NEW) {
                    count("readings.duplicate");
                    if (v == SeqTracker.Verdict.STORED && rxMono - ss.lastReAckMono >= 1000) {
                        ss.lastReAckMono = rxMono;
                        reAck = ss.seqs.ack();
                    }
                }
                if (v != SeqTracker.Verdict.NEW) {
                    seq = -1;
                }
            } else {
                String key = SourceState.key(item.type(), ss.clock.reboots(), item.uptime(), item.ts(), item.values());
                boolean fresh = ss.rememberKey(key);
                if (fresh && rs.seed() && item.uptime() != null && !ss.clock.hasEstimate()) {
                    // the first seed reading since start: maybe a retained message we stored before a restart
                    fresh = seqStore.seed(src, item.type(), item.uptime());
                } else if (fresh && rs.seed() && item.uptime() != null) {
                    seqStore.seed(src, item.type(), item.uptime());
                }
                if (!fresh) {
                    count("readings.duplicate");
                    seq = -1;
                } else {
                    seq = seqStore.next(src);
                    b.flag(ReadingFlag.SEQ_ASSIGNED);
                }
            }
            if (seq >= 0) {
                b.seq(seq);
                // a reading sent again (in a batch, or below the newest seq) is not a live clock sample
                timeOf(ss, item, rs.batch() || resent, rxWall, rxMono, b);
                ss.readings++;
            }
        }
        if (reAck >= 0) {
            ackTo(dev, src, reAck);
        }
        if (seq < 0) {
            return;
        }
        if (rs.batch()) {
            b.flag(ReadingFlag.REPLAYED);
        }
        count("readings.in");
        Reading r = b.build();
        completion.add();
        Entry e = new Entry(r, dev, ss, deviceSeq, completion);
        boolean queued;
        if (session.blockWhenFull) {
            queued = false;
            try {
                while (running && !queued) {
                    queued = buffer.offer(e, 200, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        } else {
            queued = buffer.offer(e);
        }
        if (!queued) {
            count("buffer.overflow");
            boundedLog.warn("overflow",
                    "Buffer full ({} readings): dropped {} of {}; not acked, so a device with seq re-sends it",
                    buffer.capacity(), r.identity(), dev.mac);
            if (deviceSeq) {
                synchronized (ss) {
                    ss.seqs.dropped(seq);
                }
            }
            completion.done();
        }
    }

    private void timeOf(SourceState ss, Frame.Item item, boolean replayed, long rxWall, long rxMono,
            Reading.Builder b) {
        long wallMinusMono = rxWall - rxMono;
        Long mapped = null;
        if (item.uptime() != null) {
            if (!replayed) {
                ClockMapper.Sample smp = ss.clock.sample(item.uptime(), rxMono);
                mapped = smp.deviceMono() + wallMinusMono;
                if (smp.afterReboot()) {
                    b.flag(ReadingFlag.AFTER_REBOOT);
                    count("device.reboots");
                }
                if (smp.jump()) {
                    b.flag(ReadingFlag.CLOCK_JUMP);
                    count("clock.jumps");
                }
            } else {
                Long mono = ss.clock.replayed(item.uptime());
                mapped = mono == null ? null : mono + wallMinusMono;
            }
        }
        long deviceTime;
        if (item.ts() != null && item.ts() <= rxWall + settings.futureToleranceMs()) {
            deviceTime = item.ts();
        } else {
            if (item.ts() != null) {
                b.flag(ReadingFlag.TIME_UNTRUSTED);
                count("time.untrusted");
                boundedLog.warn("ts.future", "Reading of {} has ts {} ms ahead of the gateway clock: not trusted",
                        ss.id, item.ts() - rxWall);
            }
            if (mapped != null) {
                deviceTime = mapped;
                b.flag(ReadingFlag.TIME_FROM_UPTIME);
            } else {
                deviceTime = rxWall;
                if (item.ts() == null) {
                    b.flag(ReadingFlag.TIME_UNTRUSTED);
                    count("time.untrusted");
                }
            }
        }
        b.deviceTime(Instant.ofEpochMilli(deviceTime));
    }

    private DeviceState device(String mac) {
        DeviceState d = devices.get(mac);
        if (d != null) {
            return d;
        }
        if (devices.size() >= settings.maxDevices()) {
            evictIdle();
            if (devices.size() >= settings.maxDevices()) {
                return null;
            }
        }
        return devices.computeIfAbsent(mac,
                m -> new DeviceState(m, Instant.ofEpochMilli(time.wallMillis()), time.monoMillis()));
    }

    /** Forgets the least recently seen tenth of the devices that have nothing in flight. */
    private synchronized void evictIdle() {
        if (devices.size() < settings.maxDevices()) {
            return;
        }
        List<DeviceState> idle = new ArrayList<>();
        for (DeviceState d : devices.values()) {
            if (d.inFlight() == 0) {
                idle.add(d);
            }
        }
        idle.sort(Comparator.comparingLong(d -> d.lastSeenMono));
        int n = Math.max(1, settings.maxDevices() / 10);
        for (int i = 0; i < n && i < idle.size(); i++) {
            devices.remove(idle.get(i).mac);
            count("devices.evicted");
        }
    }

    private void reject(Session session, RejectReason reason, String detail) {
        count("frames.rejected");
        count("frames.rejected." + reason.key());
        boundedLog.warn("reject." + reason.key(), "Rejected a frame on {} ({}): {}", session.linkId, reason.key(),
                detail);
    }

    private void ackTo(DeviceState dev, String source, long seq) {
        DeviceChannel ch = dev.channel;
        if (ch != null && ch.isOpen()) {
            ch.ack(source.equals(dev.mac) ? null : source, seq);
            count("acks");
        }
    }

    // ---------------------------------------------------------------- publishing

    private void work() {
        List<Entry> batch = new ArrayList<>(32);
        while (running && !Thread.currentThread().isInterrupted()) {
            try {
                batch.clear();
                if (publisher == null) {
                    // without a publisher readings stay in the buffer, where they are counted and bounded
                    awaitPublisher(1_000);
                    continue;
                }
                if (buffer.drain(batch, 32, 500, TimeUnit.MILLISECONDS) == 0) {
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
                count("publish.failures");
                boundedLog.warn("publish", "CloudPublisher failed to publish {}: {}; retrying", r.identity(),
                        ex.toString());
                awaitPublisher(backoff);
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
        count("readings.published");
        long ack = -1;
        if (e.deviceSeq()) {
            synchronized (e.source()) {
                ack = e.source().seqs.published(r.seq(), time.monoMillis());
            }
        }
        if (ack >= 0) {
            ackTo(e.device(), e.source().id, ack);
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
                count("codec.errors");
                boundedLog.warn("codec." + r.sensorType(), "Codec for {} could not decode {}: {}", r.sensorType(),
                        r.identity(), ex.getMessage());
            }
        }
        count(GatewayStatus.COUNTER_UNDECODED);
        return r.toBuilder().metrics(MessageMapper.rawMetrics(r.raw())).flag(ReadingFlag.UNDECODED).build();
    }

    // ---------------------------------------------------------------- downlink

    /**
     * Sends a downlink frame to one device, or to every device with an open channel.
     *
     * @return to how many devices it was sent
     */
    int send(String mac, String json) {
        int n = 0;
        for (DeviceState d : mac == null || mac.equals("*") ? devices.values() : single(mac)) {
            DeviceChannel ch = d.channel;
            if (ch != null && ch.isOpen()) {
                ch.send(json);
                n++;
            }
        }
        return n;
    }

    private List<DeviceState> single(String mac) {
        String m = FrameDecoder.normalizeMac(mac);
        DeviceState d = m == null ? null : devices.get(m);
        return d == null ? List.of() : List.of(d);
    }

    // ---------------------------------------------------------------- housekeeping and status

    private void housekeepingSafely() {
        try {
            housekeeping();
        } catch (RuntimeException e) {
            LOG.warn("Housekeeping failed", e);
        }
    }

    /** Gives up old gaps, re-acks, samples rates, syncs device clocks and saves assigned sequence numbers. */
    void housekeeping() {
        Settings s = settings;
        long now = time.monoMillis();
        boolean sampleRates = now - lastRateMono >= 5_000;
        for (DeviceState d : devices.values()) {
            for (SourceState ss : d.sources.values()) {
                long ack;
                synchronized (ss) {
                    ack = ss.seqs.expireGaps(now, s.gapTimeoutMs());
                }
                if (ack >= 0) {
                    count("gaps.skipped");
                    ackTo(d, ss.id, ack);
                }
            }
            if (sampleRates) {
                d.sampleRate(now);
            }
            if (s.timeSync() && now - d.lastTimeSyncMono >= s.timeSyncIntervalMs()) {
                DeviceChannel ch = d.channel;
                if (ch != null && ch.isOpen() && d.firmware != null) {
                    ch.send("{\"t\":\"time\",\"epoch\":" + time.wallMillis() + "}");
                    d.lastTimeSyncMono = now;
                }
            }
        }
        if (sampleRates) {
            long in = counter("readings.in");
            long pub = counter("readings.published");
            if (lastRateMono != 0) {
                double dt = (now - lastRateMono) / 1000.0;
                rateIn = (in - lastIn) / dt;
                ratePublished = (pub - lastPublished) / dt;
            }
            lastIn = in;
            lastPublished = pub;
            lastRateMono = now;
        }
        try {
            seqStore.flush();
        } catch (RuntimeException e) {
            boundedLog.warn("seqstore", "Cannot save the assigned sequence numbers: {}", e.getMessage());
        }
    }

    void count(String name) {
        counters.computeIfAbsent(name, k -> new LongAdder()).increment();
    }

    long counter(String name) {
        LongAdder a = counters.get(name);
        return a == null ? 0 : a.sum();
    }

    int buffered() {
        return buffer.size();
    }

    /**
     * Whether the buffer is below the given fraction of its capacity: links that can hold their devices back (TCP) stop
     * reading above it, so that a publisher slower than the devices slows the devices down instead of making the driver
     * drop and the devices re-send.
     */
    boolean below(double fraction) {
        return buffer.size() < buffer.capacity() * fraction;
    }

    DeviceState deviceState(String mac) {
        return devices.get(mac);
    }

    Map<String, Long> counters() {
        Map<String, Long> m = new TreeMap<>();
        counters.forEach((k, v) -> m.put(k, v.sum()));
        m.put("buffer.depth", (long) buffer.size());
        m.put("buffer.capacity", (long) buffer.capacity());
        m.put("devices", (long) devices.size());
        m.put("log.suppressed", boundedLog.suppressed());
        return m;
    }

    GatewayStatus status() {
        List<DeviceStatus> ds = new ArrayList<>();
        for (DeviceState d : devices.values()) {
            ds.add(d.status());
        }
        ds.sort(Comparator.comparing(DeviceStatus::deviceId));
        Map<String, Double> rates = Map.of(GatewayStatus.RATE_READINGS_IN, rateIn, GatewayStatus.RATE_PUBLISHED,
                ratePublished);
        return new GatewayStatus(Instant.ofEpochMilli(time.wallMillis()), List.of(), ds, List.of(), rates, counters());
    }
}
