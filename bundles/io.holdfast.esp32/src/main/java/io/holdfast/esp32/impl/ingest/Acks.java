package io.holdfast.esp32.impl.ingest;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** The newest acknowledgement of each source of a batch, sent once the batch is stored. */
final class Acks {
    private final DeviceRegistry devices;
    private final Map<SourceState, Publishing.Entry> entries = new LinkedHashMap<>();
    private final Map<SourceState, Long> acks = new HashMap<>();

    Acks(DeviceRegistry devices) {
        this.devices = devices;
    }

    void put(Publishing.Entry e, long ack) {
        entries.put(e.source(), e);
        acks.merge(e.source(), ack, Math::max);
    }

    void send() {
        entries.forEach((source, e) -> devices.ack(e.device(), source.id, acks.get(source)));
    }
}
