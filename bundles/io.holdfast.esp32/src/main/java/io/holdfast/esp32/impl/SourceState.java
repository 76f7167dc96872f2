package io.holdfast.esp32.impl;

import java.util.LinkedHashSet;
import java.util.Map;

/**
 * What the gateway keeps for one source of readings (the device itself or a node it relays): its clock mapping, its
 * sequence numbers, and the recent identities of readings that came without sequence numbers. Guarded by its own
 * monitor.
 */
final class SourceState {

    private static final int RECENT_KEYS = 64;

    final String id;
    final ClockMapper clock;
    final SeqTracker seqs = new SeqTracker();
    private final LinkedHashSet<String> recentKeys = new LinkedHashSet<>();
    long readings;
    long lastReAckMono = Long.MIN_VALUE / 2;

    SourceState(String id, long clockWindowMs, long clockJumpMs) {
        this.id = id;
        this.clock = new ClockMapper(clockWindowMs, clockJumpMs);
    }

    /**
     * Remembers the identity of a reading without sequence number.
     *
     * @return {@code false} if it was seen recently (a duplicate)
     */
    boolean rememberKey(String key) {
        if (recentKeys.contains(key)) {
            return false;
        }
        recentKeys.add(key);
        if (recentKeys.size() > RECENT_KEYS) {
            var it = recentKeys.iterator();
            it.next();
            it.remove();
        }
        return true;
    }

    /** The identity of a reading without sequence number: its type, the boot it came from and its time. */
    static String key(String type, long boot, Long uptime, Long ts, Map<String, Object> values) {
        return type + '/' + boot + '/' + (uptime != null ? "u" + uptime : "t" + ts);
    }
}
