package io.holdfast.esp32.impl.ingest;

import io.holdfast.api.reading.Reading;
import io.holdfast.api.reading.ReadingFlag;
import io.holdfast.api.status.GatewayStatus;
import io.holdfast.esp32.impl.wire.Decoded;
import io.holdfast.esp32.impl.wire.Frame;
import io.holdfast.esp32.impl.wire.FrameDecoder;
import io.holdfast.esp32.impl.wire.FrameEncoder;
import io.holdfast.esp32.impl.wire.LineFramer;
import io.holdfast.esp32.impl.wire.RejectReason;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.kura.cloudconnection.publisher.CloudPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared ingest pipeline of every link: frames are decoded, checked against the link's tokens and the device
 * registry, their readings admitted by their source (sequence numbers, duplicates, time) and buffered for the
 * publishing threads, which acknowledge them to their devices once publish() returned. Plain Java (the driver component
 * wraps it), thread safe: links call {@link #receive} from their own threads.
 */
public final class Pipeline implements Ingest, DeviceDownlink {

    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

    private final TimeSource time;
    private final SeqStore seqStore;
    private final Counters counters = new Counters();
    private final CodecRegistry codecs = new CodecRegistry();
    private final BoundedLog boundedLog;
    private final DeviceRegistry devices;
    private final ReadingClock readingClock;
    private final Publishing publishing;
    private final Housekeeping housekeeping;
    private volatile IngestSettings settings;
    private ScheduledExecutorService housekeeper;

    public Pipeline(IngestSettings settings, TimeSource time, SeqStore seqStore) {
        this.settings = settings;
        this.time = time;
        this.seqStore = seqStore;
        this.boundedLog = new BoundedLog(LOG, time, settings.logIntervalMs());
        this.devices = new DeviceRegistry(time, counters, settings.maxDevices());
        this.readingClock = new ReadingClock(counters, boundedLog);
        this.publishing = new Publishing(settings.bufferSize(), codecs, devices, counters, boundedLog, time);
        this.housekeeping = new Housekeeping(devices, counters, seqStore, time, boundedLog, () -> this.settings);
    }

    // ---------------------------------------------------------------- lifecycle

    public synchronized void start() {
        publishing.start(settings.publishThreads());
        housekeeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "esp32-housekeeping");
            t.setDaemon(true);
            return t;
        });
        housekeeper.scheduleWithFixedDelay(housekeeping, 1, 1, TimeUnit.SECONDS);
        // the next block of assigned sequence numbers is written here, ahead of need, not on a link's thread
        seqStore.reserveAheadOn(housekeeper);
    }

    public synchronized void apply(IngestSettings s) {
        this.settings = s;
        boundedLog.interval(s.logIntervalMs());
        devices.maxDevices(s.maxDevices());
        for (DeviceState d : devices.all()) {
            for (SourceState ss : d.sources.values()) {
                ss.configureClock(s.clockWindowMs(), s.clockJumpMs());
            }
        }
        publishing.apply(s.publishThreads(), s.bufferSize());
    }

    /**
     * Stops publishing. Readings still buffered were never acknowledged: their devices re-send them.
     *
     * @return how many readings were left unpublished
     */
    public int stop() {
        synchronized (this) {
            if (housekeeper != null) {
                housekeeper.shutdownNow();
            }
        }
        int left = publishing.stop();
        seqStore.reserveAheadOn(null);
        try {
            seqStore.flush();
        } catch (RuntimeException e) {
            LOG.warn("Cannot save the assigned sequence numbers: {}", e.getMessage());
        }
        if (left > 0) {
            LOG.info("Stopped with {} readings unpublished; they were not acknowledged, so devices re-send them", left);
        }
        return left;
    }

    // ---------------------------------------------------------------- services

    public void publisher(CloudPublisher p) {
        publishing.publisher(p);
    }

    public void clearPublisher(CloudPublisher p) {
        publishing.clearPublisher(p);
    }

    public CodecRegistry codecs() {
        return codecs;
    }

    public IngestSettings settings() {
        return settings;
    }

    // ---------------------------------------------------------------- receive path

    @Override
    public void tooLong(Session session) {
        reject(session, RejectReason.TOO_LONG, "more than " + LineFramer.MAX_LINE + " bytes");
    }

    @Override
    public Decoded receive(Session session, byte[] b, int off, int len, FrameDecoder.Hint hint, Completion completion) {
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
            DeviceState dev = devices.getOrAdd(f.mac());
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
            dev.seen(Instant.ofEpochMilli(rxWall), rxMono, session.linkId, session.channel);
            counters.count("frames.accepted");
            if (f instanceof Frame.Hello h) {
                hello(dev, h, rxMono);
            } else if (f instanceof Frame.Status st) {
                status(dev, st, rxMono);
            } else if (f instanceof Frame.Readings rs) {
                for (RejectReason r : rs.rejectedItems()) {
                    counters.count("items.rejected." + r.key());
                    boundedLog.warn("item." + r.key(), "Rejected a batch item from {}: {}", f.mac(), r.key());
                }
                for (Frame.Item item : rs.items()) {
                    item(session, dev, rs, item, rxWall, rxMono, completion);
                }
            }
            return d;
        } catch (RuntimeException e) {
            // a bug must not take the link down: count it like a bad frame, and as what it is
            counters.count("internal.errors");
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
            if (DeviceTokens.matches(expected, h.token())) {
                session.authenticatedMac = h.mac();
                return true;
            }
            return false;
        }
        return f.mac().equals(session.authenticatedMac);
    }

    /** A device's source; at its first frame since the driver started, with what the store committed of it. */
    private SourceState source(DeviceState dev, String id) {
        IngestSettings s = settings;
        SourceState ss = dev.source(id, s.clockWindowMs(), s.clockJumpMs());
        if (ss.restoreDue()) {
            StoreRecord.Committed c = publishing.committed(id);
            ss.restore(c.runs(), c.checkLater(), time.monoMillis());
        }
        return ss;
    }

    private void hello(DeviceState dev, Frame.Hello h, long rxMono) {
        dev.hello(h.firmware(), h.chip(), h.sensors());
        SourceState.Hello outcome = source(dev, dev.mac).hello(h.uptime(), h.seq(), rxMono);
        if (outcome.reboot()) {
            counters.count("device.reboots");
        }
        if (outcome.ack() >= 0) {
            devices.ack(dev, dev.mac, outcome.ack());
        }
        IngestSettings s = settings;
        if (s.timeSync() && dev.send(FrameEncoder.time(time.wallMillis()))) {
            dev.lastTimeSyncMono = rxMono;
        }
        if (s.reportIntervalMs() > 0) {
            dev.send(FrameEncoder.config(s.reportIntervalMs()));
        }
    }

    private void status(DeviceState dev, Frame.Status st, long rxMono) {
        if (st.rssiDbm() != null) {
            dev.rssiDbm = st.rssiDbm();
        }
        dev.heap = st.heap();
        if (st.uptime() != null) {
            source(dev, dev.mac).sample(st.uptime(), rxMono);
        }
    }

    private void item(Session session, DeviceState dev, Frame.Readings rs, Frame.Item item, long rxWall, long rxMono,
            Completion completion) {
        String src = item.source() != null ? item.source() : dev.mac;
        SourceState ss = source(dev, src);
        dev.sensor(item.type());
        Reading.Builder b = Reading.builder().deviceId(dev.mac).source(src).sensorType(item.type())
                .receivedAt(Instant.ofEpochMilli(rxWall)).uptimeMillis(item.uptime()).raw(item.values());
        SourceState.Admission a = ss.admit(item, rs.batch(), rs.seed(), rxWall, rxMono, settings.futureToleranceMs(),
                seqStore, readingClock, b);
        if (a.reAck() >= 0) {
            devices.ack(dev, src, a.reAck());
        }
        if (a.duplicate()) {
            counters.count("readings.duplicate");
            return;
        }
        if (rs.batch()) {
            b.flag(ReadingFlag.REPLAYED);
        } else if (src.equals(dev.mac) && item.type().equals(SignalStrength.TYPE)) {
            // the seed firmware reports its signal strength as readings, not in status frames
            Integer dbm = SignalStrength.dbm(item.values());
            if (dbm != null) {
                dev.rssiDbm = dbm;
            }
        }
        counters.count(Counters.READINGS_IN);
        Reading r = b.build();
        boolean deviceSeq = item.seq() != null;
        completion.add();
        if (!publishing.offer(new Publishing.Entry(r, dev, ss, deviceSeq, completion), session.blockWhenFull)) {
            counters.count("buffer.overflow");
            boundedLog.warn("overflow",
                    "Buffer full ({} readings): dropped {} of {}; not acked, so a device with seq re-sends it",
                    publishing.capacity(), r.identity(), dev.mac);
            if (deviceSeq) {
                ss.dropped(a.seq());
            }
            completion.done();
        }
    }

    private void reject(Session session, RejectReason reason, String detail) {
        counters.count("frames.rejected");
        counters.count("frames.rejected." + reason.key());
        boundedLog.warn("reject." + reason.key(), "Rejected a frame on {} ({}): {}", session.linkId, reason.key(),
                detail);
    }

    // ---------------------------------------------------------------- downlink

    @Override
    public int send(String mac, String json) {
        int n = 0;
        for (DeviceState d : devices.addressed(mac)) {
            if (d.send(json)) {
                n++;
            }
        }
        return n;
    }

    // ---------------------------------------------------------------- status

    /** Runs the housekeeping once, now (tests). */
    void housekeeping() {
        housekeeping.once();
    }

    /** Decodes a reading with the codecs registered now (tests). */
    Reading decode(Reading r) {
        return publishing.decode(r);
    }

    @Override
    public void count(String name) {
        counters.count(name);
    }

    public long counter(String name) {
        return counters.get(name);
    }

    public int buffered() {
        return publishing.buffered();
    }

    @Override
    public boolean below(double fraction) {
        return publishing.buffered() < publishing.capacity() * fraction;
    }

    @Override
    public long backlogMs() {
        int n = publishing.buffered();
        double rate = counters.ratePublished();
        return n == 0 ? 0 : rate <= 0 ? Long.MAX_VALUE : (long) (n * 1000 / rate);
    }

    @Override
    public int room() {
        return Math.max(0, publishing.capacity() - publishing.buffered());
    }

    DeviceState deviceState(String mac) {
        return devices.get(mac);
    }

    public Map<String, Long> counters() {
        Map<String, Long> m = counters.snapshot();
        m.put("buffer.depth", (long) publishing.buffered());
        m.put("buffer.capacity", (long) publishing.capacity());
        m.put("devices", (long) devices.size());
        m.put("log.suppressed", boundedLog.suppressed());
        return m;
    }

    public GatewayStatus status() {
        Map<String, Double> rates = Map.of(GatewayStatus.RATE_READINGS_IN, counters.rateIn(),
                GatewayStatus.RATE_PUBLISHED, counters.ratePublished());
        return new GatewayStatus(Instant.ofEpochMilli(time.wallMillis()), List.of(), devices.statuses(), List.of(),
                rates, counters());
    }
}
