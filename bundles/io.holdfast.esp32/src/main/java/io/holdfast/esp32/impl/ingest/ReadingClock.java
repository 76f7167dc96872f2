package io.holdfast.esp32.impl.ingest;

import io.holdfast.api.reading.Reading;
import io.holdfast.api.reading.ReadingFlag;
import io.holdfast.esp32.impl.wire.Frame;
import java.time.Instant;

/**
 * A reading's time: the device's {@code ts} when it is plausible, else its uptime mapped onto gateway time by the
 * source's {@link ClockMapper}, else the receive time; flagged with how it was found. Live readings are clock samples;
 * replayed ones are only mapped.
 */
final class ReadingClock {

    private final Counters counters;
    private final BoundedLog log;

    ReadingClock(Counters counters, BoundedLog log) {
        this.counters = counters;
        this.log = log;
    }

    /**
     * Sets the device time and the time flags of a reading. The caller holds the source's lock (the clock is its).
     *
     * @param replayed
     *            the reading was sent again (a batch, or below the newest seq): not a clock sample
     */
    void map(ClockMapper clock, String sourceId, Frame.Item item, boolean replayed, long rxWall, long rxMono,
            long futureToleranceMs, Reading.Builder b) {
        long wallMinusMono = rxWall - rxMono;
        Long mapped = null;
        if (item.uptime() != null) {
            if (!replayed) {
                ClockMapper.Sample smp = clock.sample(item.uptime(), rxMono);
                mapped = smp.deviceMono() + wallMinusMono;
                if (smp.afterReboot()) {
                    b.flag(ReadingFlag.AFTER_REBOOT);
                    counters.count("device.reboots");
                }
                if (smp.jump()) {
                    b.flag(ReadingFlag.CLOCK_JUMP);
                    counters.count("clock.jumps");
                }
            } else {
                Long mono = clock.replayed(item.uptime());
                mapped = mono == null ? null : mono + wallMinusMono;
            }
        }
        long deviceTime;
        if (item.ts() != null && item.ts() <= rxWall + futureToleranceMs) {
            deviceTime = item.ts();
        } else {
            if (item.ts() != null) {
                b.flag(ReadingFlag.TIME_UNTRUSTED);
                counters.count("time.untrusted");
                log.warn("ts.future", "Reading of {} has ts {} ms ahead of the gateway clock: not trusted", sourceId,
                        item.ts() - rxWall);
            }
            if (mapped != null) {
                deviceTime = mapped;
                b.flag(ReadingFlag.TIME_FROM_UPTIME);
            } else {
                deviceTime = rxWall;
                if (item.ts() == null) {
                    b.flag(ReadingFlag.TIME_UNTRUSTED);
                    counters.count("time.untrusted");
                }
            }
        }
        b.deviceTime(Instant.ofEpochMilli(deviceTime));
    }
}
