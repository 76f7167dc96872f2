package io.holdfast.esp32.impl.ingest;

import io.holdfast.api.codec.SensorCodec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sensor codecs that are registered now, by sensor type; the highest ranking wins. Lookups read an immutable
 * snapshot (no lock on the receive path); codecs come and go at any time.
 */
public final class CodecRegistry {

    /** One registered codec with what ranks it. */
    public record Entry(SensorCodec codec, Collection<String> types, int ranking, long serviceId) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private volatile Map<String, SensorCodec> byType = Map.of();

    public synchronized void add(Entry e) {
        entries.add(e);
        rebuild();
    }

    public synchronized void remove(SensorCodec codec) {
        entries.removeIf(e -> e.codec() == codec);
        rebuild();
    }

    private void rebuild() {
        Map<String, Entry> best = new TreeMap<>();
        for (Entry e : entries) {
            for (String t : e.types()) {
                Entry cur = best.get(t);
                if (cur == null || e.ranking() > cur.ranking()
                        || e.ranking() == cur.ranking() && e.serviceId() < cur.serviceId()) {
                    best.put(t, e);
                }
            }
        }
        Map<String, SensorCodec> m = new HashMap<>();
        best.forEach((t, e) -> m.put(t, e.codec()));
        byType = Map.copyOf(m);
    }

    public SensorCodec get(String type) {
        return byType.get(type);
    }

    /** The types of a {@code holdfast.sensor.type} property: a String, a String[] or a collection. */
    public static List<String> types(Object property) {
        List<String> out = new ArrayList<>();
        if (property instanceof String s) {
            out.add(s);
        } else if (property instanceof String[] a) {
            out.addAll(List.of(a));
        } else if (property instanceof Collection<?> c) {
            c.forEach(x -> out.add(String.valueOf(x)));
        }
        return out;
    }
}
