package io.holdfast.esp32.impl.ingest;

import io.holdfast.api.status.DeviceStatus;
import io.holdfast.esp32.impl.wire.FrameDecoder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The devices the driver knows, by MAC. Bounded: a new device beyond the limit makes room by forgetting the least
 * recently seen tenth of the devices that have nothing in flight, or is refused.
 */
final class DeviceRegistry {

    private final ConcurrentMap<String, DeviceState> devices = new ConcurrentHashMap<>();
    private final TimeSource time;
    private final Counters counters;
    private volatile int maxDevices;

    DeviceRegistry(TimeSource time, Counters counters, int maxDevices) {
        this.time = time;
        this.counters = counters;
        this.maxDevices = maxDevices;
    }

    void maxDevices(int n) {
        this.maxDevices = n;
    }

    DeviceState get(String mac) {
        return devices.get(mac);
    }

    /** The device, added when new; {@code null} when the registry is full of devices with readings in flight. */
    DeviceState getOrAdd(String mac) {
        DeviceState d = devices.get(mac);
        if (d != null) {
            return d;
        }
        if (devices.size() >= maxDevices) {
            evictIdle();
            if (devices.size() >= maxDevices) {
                return null;
            }
        }
        return devices.computeIfAbsent(mac,
                m -> new DeviceState(m, Instant.ofEpochMilli(time.wallMillis()), time.monoMillis()));
    }

    private synchronized void evictIdle() {
        int max = maxDevices;
        if (devices.size() < max) {
            return;
        }
        List<DeviceState> idle = new ArrayList<>();
        for (DeviceState d : devices.values()) {
            if (d.inFlight() == 0) {
                idle.add(d);
            }
        }
        idle.sort(Comparator.comparingLong(d -> d.lastSeenMono));
        int n = Math.max(1, max / 10);
        for (int i = 0; i < n && i < idle.size(); i++) {
            devices.remove(idle.get(i).mac);
            counters.count("devices.evicted");
        }
    }

    Collection<DeviceState> all() {
        return devices.values();
    }

    /** The device a downlink names: one MAC in any accepted form, or every device for {@code null} or {@code *}. */
    Collection<DeviceState> addressed(String mac) {
        if (mac == null || mac.equals("*")) {
            return devices.values();
        }
        String m = FrameDecoder.normalizeMac(mac);
        DeviceState d = m == null ? null : devices.get(m);
        return d == null ? List.of() : List.of(d);
    }

    int size() {
        return devices.size();
    }

    /** Acknowledges a source's readings to its device, counted as {@code acks} when a channel was open. */
    void ack(DeviceState device, String source, long seq) {
        if (device.ack(source, seq)) {
            counters.count("acks");
        }
    }

    List<DeviceStatus> statuses() {
        List<DeviceStatus> ds = new ArrayList<>();
        for (DeviceState d : devices.values()) {
            ds.add(d.status());
        }
        ds.sort(Comparator.comparing(DeviceStatus::deviceId));
        return ds;
    }
}
