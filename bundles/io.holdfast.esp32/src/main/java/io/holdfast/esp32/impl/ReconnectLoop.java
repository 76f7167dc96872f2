package io.holdfast.esp32.impl;

import io.holdfast.api.status.LinkStatus;
import io.holdfast.esp32.impl.ingest.LinkState;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread of a link that connects (opens a port, connects to a broker), serves until the connection fails, and
 * connects again after a back-off that starts at one second and doubles up to a maximum. The link's state shows each
 * step: CONNECTING, UP, ERROR with the failure, DOWN once stopped.
 */
final class ReconnectLoop {

    private static final Logger LOG = LoggerFactory.getLogger(ReconnectLoop.class);
    private static final long FIRST_BACKOFF_MS = 1_000;

    /** One connection: connect, call {@link ReconnectLoop#connected()}, serve until it fails or the loop stops. */
    interface Connection {
        void run(ReconnectLoop loop) throws Exception;
    }

    private final String what;
    private final LinkState state;
    private final long maxBackoffMs;
    private final Connection connection;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;
    private long backoff = FIRST_BACKOFF_MS;

    /**
     * @param what
     *            the link in log lines ("Serial link", "MQTT ingest link")
     */
    ReconnectLoop(String what, String threadName, LinkState state, long maxBackoffMs, Connection connection) {
        this.what = what;
        this.state = state;
        this.maxBackoffMs = Math.max(FIRST_BACKOFF_MS, maxBackoffMs);
        this.connection = connection;
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Stops the loop and waits for the thread to leave (at most the given time). */
    void stop(long joinMs) {
        stop.countDown();
        thread.interrupt();
        try {
            thread.join(joinMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        state.state(LinkStatus.State.DOWN, null);
    }

    boolean stopping() {
        return stop.getCount() == 0;
    }

    /** Called by the connection once it is up: the state says so and the back-off starts over. */
    void connected() {
        state.state(LinkStatus.State.UP, null);
        state.reconnects.incrementAndGet();
        backoff = FIRST_BACKOFF_MS;
    }

    private void run() {
        while (!stopping()) {
            try {
                state.state(LinkStatus.State.CONNECTING, null);
                connection.run(this);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                if (!stopping()) {
                    String why = e.getMessage() != null ? e.getMessage() : e.toString();
                    state.state(LinkStatus.State.ERROR, why);
                    LOG.warn("{} {}: {}; reconnecting in {} ms", what, state.id, why, backoff);
                }
            }
            try {
                if (stop.await(backoff, TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
            backoff = Math.min(backoff * 2, maxBackoffMs);
        }
    }
}
