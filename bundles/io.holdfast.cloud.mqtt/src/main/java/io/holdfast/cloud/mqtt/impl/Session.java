package io.holdfast.cloud.mqtt.impl;

import java.util.concurrent.Semaphore;

/** One broker session as the sender sees it: the transport and the in-flight window. Ends once. */
final class Session {
    final Transport transport;
    final Semaphore window;
    private volatile boolean alive = true;
    private volatile Throwable cause;

    Session(Transport transport, int window) {
        this.transport = transport;
        this.window = new Semaphore(window);
    }

    boolean alive() {
        return alive;
    }

    void end(Throwable why) {
        if (alive) {
            cause = why;
            alive = false;
        }
    }

    Throwable cause() {
        return cause;
    }
}
