package io.holdfast.cloud.mqtt.impl;

import io.holdfast.api.status.LinkStatus;
import io.holdfast.cloud.mqtt.impl.session.Backoff;
import io.holdfast.cloud.mqtt.impl.session.Failures;
import io.holdfast.cloud.mqtt.impl.session.Session;
import io.holdfast.cloud.mqtt.impl.transport.MqttLink;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.eclipse.kura.KuraConnectException;
import org.eclipse.kura.KuraDisconnectException;
import org.eclipse.kura.cloudconnection.listener.CloudConnectionListener;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection's state machine, on its own thread: DOWN (not wanted) or CONNECTING, ERROR (cannot connect: back-off
 * with jitter, then again), UP (a session: started, then drained until it ends), and back. Connection listeners hear of
 * each change.
 */
final class Connection {
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    /** A session that lasted this long counts as a success: the back-off starts over. */
    private static final long STABLE_SESSION_MS = 10_000;

    /** What happens inside a session. */
    interface SessionWork {
        /** Once connected, before the session counts as up: requeue, subscribe, birth. */
        void start(MqttLink client) throws Exception;

        /** The session's work, until it ends or {@code keepGoing} turns false. */
        void drain(Session session, BooleanSupplier keepGoing) throws InterruptedException;
    }

    private final String pid;
    private final String broker;
    private final String username;
    private final int window;
    private final Connector connector;
    private final Backoff backoff;
    private final SessionWork work;
    private final BiConsumer<String, byte[]> inbound;
    private final List<CloudConnectionListener> listeners = new CopyOnWriteArrayList<>();
    private final Thread thread;
    /** When the connection was created (the component activated): the first session reports its time from here. */
    private final long createdAt = System.nanoTime();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private volatile boolean running = true;
    private volatile boolean wanted;
    private volatile MqttLink client;
    private volatile Session session;
    private volatile LinkStatus.State state = LinkStatus.State.DOWN;
    private volatile Instant since = Instant.now();
    private volatile String lastError;
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong attempts = new AtomicLong();

    Connection(String pid, MqttCloudEndpointConfig config, Connector connector, Backoff backoff, SessionWork work,
            BiConsumer<String, byte[]> inbound) {
        this.pid = pid;
        this.broker = config.broker_url();
        this.username = config.username();
        this.window = config.inflight_window();
        this.connector = connector;
        this.backoff = backoff;
        this.work = work;
        this.inbound = inbound;
        this.wanted = config.connect_auto();
        this.thread = new Thread(this::loop, "holdfast-cloud " + pid);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Stops: disconnects cleanly when connected, and ends the thread. */
    void close() {
        running = false;
        signal();
        Session s = session;
        if (s != null) {
            s.end(null);
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void connect(long timeoutMs) throws KuraConnectException {
        wanted = true;
        signal();
        if (!awaitState(LinkStatus.State.UP, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs))) {
            throw new KuraConnectException("cloud connection " + pid + " is not connected"
                    + (lastError == null ? "" : ": " + lastError) + " (still trying in the background)");
        }
    }

    void disconnect() throws KuraDisconnectException {
        wanted = false;
        signal();
        Session s = session;
        if (s != null) {
            s.end(null);
        }
        if (!awaitState(LinkStatus.State.DOWN, System.nanoTime() + TimeUnit.SECONDS.toNanos(10))) {
            throw new KuraDisconnectException("cloud connection " + pid + " did not disconnect within 10 s");
        }
    }

    LinkStatus.State state() {
        return state;
    }

    Instant since() {
        return since;
    }

    String lastError() {
        return lastError;
    }

    long reconnects() {
        return reconnects.get();
    }

    long attempts() {
        return attempts.get();
    }

    /** The client of the session that is up, or null. */
    MqttLink upClient() {
        MqttLink c = client;
        return c != null && state == LinkStatus.State.UP ? c : null;
    }

    void register(CloudConnectionListener l) {
        listeners.add(l);
    }

    void unregister(CloudConnectionListener l) {
        listeners.remove(l);
    }

    private void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void setState(LinkStatus.State s, String error) {
        lock.lock();
        try {
            if (s != state) {
                since = Instant.now();
            }
            state = s;
            if (error != null || s == LinkStatus.State.UP) {
                lastError = error;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private boolean awaitState(LinkStatus.State s, long deadline) {
        lock.lock();
        try {
            while (state != s) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the delay passed, or something changed that makes waiting pointless. */
    private void pause(long millis, boolean whileWanted) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        lock.lock();
        try {
            while (running && wanted == whileWanted) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** Lets the Paho callback find the session that is created after the client. */
    private static final class SessionHolder {
        volatile Session session;

        void lost(Throwable cause) {
            Session s = session;
            if (s != null) {
                s.end(cause);
            }
        }
    }

    private void loop() {
        while (running) {
            if (!wanted) {
                setState(LinkStatus.State.DOWN, null);
                pause(Long.MAX_VALUE / 4, false);
                continue;
            }
            setState(connects.get() == 0 ? LinkStatus.State.CONNECTING : state, null);
            SessionHolder holder = new SessionHolder();
            attempts.incrementAndGet();
            long attemptAt = System.nanoTime();
            MqttLink c;
            try {
                c = connector.connect(holder::lost, inbound);
            } catch (Exception e) {
                String why = Failures.describe(e, broker, username);
                long delay = backoff.nextDelayMillis();
                setState(LinkStatus.State.ERROR, why);
                LOG.warn("Cloud connection {}: cannot connect: {}; retrying in {} ms", pid, why, delay);
                pause(delay, true);
                continue;
            }
            runSession(c, holder, attemptAt);
        }
        setState(LinkStatus.State.DOWN, null);
    }

    private void runSession(MqttLink c, SessionHolder holder, long attemptAt) {
        long connackAt = System.nanoTime();
        Session s = new Session(c, Math.min(window, c.publishWindow()));
        holder.session = s;
        if (!c.isConnected()) {
            s.end(new MqttException(MqttException.REASON_CODE_CONNECTION_LOST));
        }
        long upAt = System.nanoTime();
        boolean first = connects.getAndIncrement() == 0;
        if (!first) {
            reconnects.incrementAndGet();
        }
        client = c;
        session = s;
        try {
            work.start(c);
            setState(LinkStatus.State.UP, null);
            // the times of the hand-over when the bundle is updated: activation, CONNACK, session start
            long now = System.nanoTime();
            LOG.info("Cloud connection {}: connected to {} as {} (CONNACK {} ms, session start {} ms{})", pid, broker,
                    connector.clientId(), (connackAt - attemptAt) / 1_000_000, (now - connackAt) / 1_000_000,
                    first ? ", " + (now - createdAt) / 1_000_000 + " ms after activation" : "");
            notifyListeners(CloudConnectionListener::onConnectionEstablished);
            work.drain(s, () -> running && wanted);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } catch (Exception e) {
            s.end(e);
        }
        session = null;
        if (running && wanted) {
            Throwable cause = s.cause();
            String why = cause == null ? "session ended" : Failures.describe(cause, broker, username);
            connector.close(c, false);
            client = null;
            if (System.nanoTime() - upAt >= TimeUnit.MILLISECONDS.toNanos(STABLE_SESSION_MS)) {
                backoff.reset();
            }
            long delay = backoff.nextDelayMillis();
            setState(LinkStatus.State.CONNECTING, why);
            LOG.warn("Cloud connection {}: {}; reconnecting in {} ms", pid, why, delay);
            notifyListeners(CloudConnectionListener::onConnectionLost);
            pause(delay, true);
        } else {
            connector.close(c, true);
            client = null;
            setState(LinkStatus.State.DOWN, null);
            LOG.info("Cloud connection {}: disconnected from {}", pid, broker);
            notifyListeners(CloudConnectionListener::onDisconnected);
        }
    }

    private void notifyListeners(Consumer<CloudConnectionListener> event) {
        for (CloudConnectionListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                LOG.warn("Cloud connection {}: a connection listener failed", pid, e);
            }
        }
    }
}
