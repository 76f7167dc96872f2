package io.holdfast.esp32.impl.ingest;

import io.holdfast.api.status.DeviceStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import io.holdfast.esp32.impl.wire.DeviceChannel;

/** One ESP32 device in the registry. Fields written by link threads are volatile; sets are guarded by this object. */
final class DeviceState {

    final String mac;
    final Instant firstSeen;
    volatile Instant lastSeen;
    volatile long lastSeenMono;
    volatile String linkId;
    volatile DeviceChannel channel;
    volatile String firmware;
    volatile String chip;
    volatile Integer rssiDbm;
    volatile Long heap;
    volatile boolean usesCrc;
    volatile long lastTimeSyncMono = Long.MIN_VALUE / 2;
    private final Set<String> sensors = new LinkedHashSet<>();
    final Map<String, SourceState> sources = new ConcurrentHashMap<>();
    // readings-per-minute: snapshots of the reading count every few seconds
    private final long[] rateCounts = new long[13];
    private final long[] rateTimes = new long[13];
    private int rateIdx;
    private volatile double perMinute;

    DeviceState(String mac, Instant now, long nowMono) {
        this.mac = mac;
        this.firstSeen = now;
        this.lastSeen = now;
        this.lastSeenMono = nowMono;
        java.util.Arrays.fill(rateTimes, Long.MIN_VALUE);
    }

    SourceState source(String id, long windowMs, long jumpMs) {
        SourceState s = sources.get(id);
        if (s == null) {
            s = sources.computeIfAbsent(id, k -> new SourceState(k, windowMs, jumpMs));
        }
        return s;
    }

    /** A valid frame arrived on a link; {@code channel} (when not {@code null}) is the way back to the device now. */
    void seen(Instant when, long whenMono, String link, DeviceChannel channel) {
        lastSeen = when;
        lastSeenMono = whenMono;
        linkId = link;
        if (channel != null) {
            this.channel = channel;
        }
    }

    /** What a hello tells about the device. */
    synchronized void hello(String firmware, String chip, List<String> types) {
        if (firmware != null) {
            this.firmware = firmware;
        }
        if (chip != null) {
            this.chip = chip;
        }
        sensors.addAll(types);
    }

    synchronized void sensor(String type) {
        if (sensors.size() < 64) {
            sensors.add(type);
        }
    }

    long readings() {
        long n = 0;
        for (SourceState s : sources.values()) {
            n += s.readings();
        }
        return n;
    }

    long gaps() {
        long n = 0;
        for (SourceState s : sources.values()) {
            n += s.gaps();
        }
        return n;
    }

    int inFlight() {
        int n = 0;
        for (SourceState s : sources.values()) {
            n += s.inFlight();
        }
        return n;
    }

    /**
     * Acknowledges a source's readings up to a sequence number over the device's current channel.
     *
     * @return whether there was an open channel to send it on
     */
    boolean ack(String source, long seq) {
        DeviceChannel ch = channel;
        if (ch == null || !ch.isOpen()) {
            return false;
        }
        ch.ack(source.equals(mac) ? null : source, seq);
        return true;
    }

    /**
     * Sends a downlink frame over the device's current channel.
     *
     * @return whether there was an open channel to send it on
     */
    boolean send(String json) {
        DeviceChannel ch = channel;
        if (ch == null || !ch.isOpen()) {
            return false;
        }
        ch.send(json);
        return true;
    }

    /** Called every few seconds: the rate over the last minute. */
    synchronized void sampleRate(long nowMono) {
        long count = readings();
        rateIdx = (rateIdx + 1) % rateCounts.length;
        rateCounts[rateIdx] = count;
        rateTimes[rateIdx] = nowMono;
        int oldest = -1;
        for (int i = 0; i < rateTimes.length; i++) {
            if (rateTimes[i] != Long.MIN_VALUE && nowMono - rateTimes[i] <= 61_000
                    && (oldest < 0 || rateTimes[i] < rateTimes[oldest])) {
                oldest = i;
            }
        }
        long dt = oldest < 0 ? 0 : nowMono - rateTimes[oldest];
        perMinute = dt <= 0 ? 0 : (count - rateCounts[oldest]) * 60_000.0 / dt;
    }

    synchronized DeviceStatus status() {
        List<String> relayed = new ArrayList<>();
        for (String s : sources.keySet()) {
            if (!s.equals(mac)) {
                relayed.add(s);
            }
        }
        relayed.sort(null);
        String link = linkId == null ? "" : linkId;
        return new DeviceStatus(mac, link, firmware, chip, relayed, new ArrayList<>(sensors), firstSeen, lastSeen,
                rssiDbm, readings(), gaps(), perMinute);
    }
}
