package io.holdfast.esp32.impl.ingest;

import io.holdfast.esp32.impl.wire.FrameEncoder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the driver does every second: gives up old holes in sequence numbers (so that acks move on), samples the rates,
 * syncs device clocks, and saves the assigned sequence numbers.
 */
final class Housekeeping implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);

    private final DeviceRegistry devices;
    private final Counters counters;
    private final SeqStore seqStore;
    private final TimeSource time;
    private final BoundedLog log;
    private final Supplier<IngestSettings> settings;

    Housekeeping(DeviceRegistry devices, Counters counters, SeqStore seqStore, TimeSource time, BoundedLog log,
            Supplier<IngestSettings> settings) {
        this.devices = devices;
        this.counters = counters;
        this.seqStore = seqStore;
        this.time = time;
        this.log = log;
        this.settings = settings;
    }

    @Override
    public void run() {
        try {
            once();
        } catch (RuntimeException e) {
            LOG.warn("Housekeeping failed", e);
        }
    }

    void once() {
        IngestSettings s = settings.get();
        long now = time.monoMillis();
        boolean sampleRates = counters.rateDue(now);
        for (DeviceState d : devices.all()) {
            for (SourceState ss : d.sources.values()) {
                long ack = ss.expireGaps(now, s.gapTimeoutMs());
                if (ack >= 0) {
                    counters.count("gaps.skipped");
                    devices.ack(d, ss.id, ack);
                }
            }
            if (sampleRates) {
                d.sampleRate(now);
            }
            if (s.timeSync() && now - d.lastTimeSyncMono >= s.timeSyncIntervalMs() && d.firmware != null
                    && d.send(FrameEncoder.time(time.wallMillis()))) {
                d.lastTimeSyncMono = now;
            }
        }
        if (sampleRates) {
            counters.sampleRates(now);
        }
        try {
            seqStore.flush();
        } catch (RuntimeException e) {
            log.warn("seqstore", "Cannot save the assigned sequence numbers: {}", e.getMessage());
        }
    }
}
