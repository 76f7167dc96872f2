package io.holdfast.esp32.impl.ingest;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/** The driver's counters by name (the README's Status section lists them), and the rates sampled from two of them. */
final class Counters {

    static final String READINGS_IN = "readings.in";
    static final String READINGS_PUBLISHED = "readings.published";

    private final ConcurrentMap<String, LongAdder> counters = new ConcurrentHashMap<>();
    // rates: written by the housekeeping thread only
    private long lastRateMono;
    private long lastIn;
    private long lastPublished;
    private volatile double rateIn;
    private volatile double ratePublished;

    void count(String name) {
        counters.computeIfAbsent(name, k -> new LongAdder()).increment();
    }

    long get(String name) {
        LongAdder a = counters.get(name);
        return a == null ? 0 : a.sum();
    }

    /** Every counter, sorted by name. */
    Map<String, Long> snapshot() {
        Map<String, Long> m = new TreeMap<>();
        counters.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    /** Whether the rates are due for a new sample (every 5 s). */
    boolean rateDue(long nowMono) {
        return nowMono - lastRateMono >= 5_000;
    }

    /** Samples {@code readings.in} and {@code readings.published} per second since the previous sample. */
    void sampleRates(long nowMono) {
        long in = get(READINGS_IN);
        long pub = get(READINGS_PUBLISHED);
        if (lastRateMono != 0) {
            double dt = (nowMono - lastRateMono) / 1000.0;
            rateIn = (in - lastIn) / dt;
            ratePublished = (pub - lastPublished) / dt;
        }
        lastIn = in;
        lastPublished = pub;
        lastRateMono = nowMono;
    }

    double rateIn() {
        return rateIn;
    }

    double ratePublished() {
        return ratePublished;
    }
}
