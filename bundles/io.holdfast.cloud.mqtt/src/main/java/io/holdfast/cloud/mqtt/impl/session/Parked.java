package io.holdfast.cloud.mqtt.impl.session;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Messages of one session that the broker refused, each waiting for its retry. A parked message keeps its slot of the
 * in-flight window, so refusals cannot pile up beyond the window; it stays in flight in the store, and a new session
 * sends it again from there.
 */
public final class Parked {
    /** A refused message and how often it was refused in a row. */
    public record Retry(Outgoing message, int refusals, long dueNanos) {
    }

    private final PriorityQueue<Retry> waiting = new PriorityQueue<>((a, b) -> Long.compare(a.dueNanos, b.dueNanos));

    public synchronized void park(Retry r) {
        waiting.add(r);
    }

    /** Takes the messages whose retry time has come. */
    public synchronized List<Retry> due(long nowNanos) {
        List<Retry> out = new ArrayList<>();
        while (!waiting.isEmpty() && waiting.peek().dueNanos - nowNanos <= 0) {
            out.add(waiting.poll());
        }
        return out;
    }

    public synchronized int size() {
        return waiting.size();
    }
}
