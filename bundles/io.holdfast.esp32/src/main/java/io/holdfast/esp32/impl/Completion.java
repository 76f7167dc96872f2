package io.holdfast.esp32.impl;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a callback once every reading of one frame is resolved (published, or known to need no publishing): how the MQTT
 * link acknowledges a message to its broker only after the readings in it are stored.
 */
final class Completion {

    static final Completion NONE = new Completion(null);

    private final Runnable callback;
    private final AtomicInteger open = new AtomicInteger(1);

    Completion(Runnable callback) {
        this.callback = callback;
    }

    void add() {
        if (callback != null) {
            open.incrementAndGet();
        }
    }

    void done() {
        if (callback != null && open.decrementAndGet() == 0) {
            callback.run();
        }
    }
}
