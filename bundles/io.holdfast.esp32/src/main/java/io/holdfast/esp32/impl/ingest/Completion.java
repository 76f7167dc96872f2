package io.holdfast.esp32.impl.ingest;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a callback once every reading of one frame is resolved (published, or known to need no publishing): how the MQTT
 * link acknowledges a message to its broker only after the readings in it are stored.
 */
public final class Completion {

    public static final Completion NONE = new Completion(null);

    private final Runnable callback;
    private final AtomicInteger open = new AtomicInteger(1);

    public Completion(Runnable callback) {
        this.callback = callback;
    }

    public void add() {
        if (callback != null) {
            open.incrementAndGet();
        }
    }

    public void done() {
        if (callback != null && open.decrementAndGet() == 0) {
            callback.run();
        }
    }
}
