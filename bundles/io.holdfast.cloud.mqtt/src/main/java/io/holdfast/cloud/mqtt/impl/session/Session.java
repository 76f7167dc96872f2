package io.holdfast.cloud.mqtt.impl.session;

import java.util.concurrent.Semaphore;

/** One broker session as the sender sees it: the transport and the in-flight window. Ends once. */
public final class Session {
    public final Transport transport;
    public final Semaphore window;
    /** Messages the broker refused, waiting for their retry (each holds a slot of the window). */
    public final Parked parked = new Parked();
    private volatile boolean alive = true;
    private volatile Throwable cause;

    public Session(Transport transport, int window) {
        this.transport = transport;
        this.window = new Semaphore(window);
    }

    public boolean alive() {
        return alive;
    }

    /** Ends the session once; wakes a sender waiting for a free slot, so that it returns at once. */
    public void end(Throwable why) {
        if (alive) {
            cause = why;
            alive = false;
            window.release();
        }
    }

    public Throwable cause() {
        return cause;
    }
}
