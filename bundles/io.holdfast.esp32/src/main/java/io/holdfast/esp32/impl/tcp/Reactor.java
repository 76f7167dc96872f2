package io.holdfast.esp32.impl.tcp;

import io.holdfast.api.status.LinkStatus;
import io.holdfast.esp32.impl.wire.FlowControl;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One selector thread serving many connections. Each turn: hold or resume connections by the buffer's water marks
 * ({@link FlowControl}), register new connections, serve the ready ones, write the downlinks other threads queued, and
 * once a second close the connections that sent nothing valid for the idle timeout.
 */
final class Reactor implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Reactor.class);

    final Selector selector;
    final Thread thread;
    final Set<Connection> open = new HashSet<>();
    final List<Connection> paused = new ArrayList<>();
    final FlowControl flow = new FlowControl(TcpServer.PAUSE_AT, TcpServer.RESUME_AT, TcpServer.HOLD_MS,
            FlowControl.MAX_DELAY_MS);
    /**
     * Resumed connections with bytes read but not framed: framed on the next turn, whether the socket is ready or not.
     */
    final ArrayDeque<Connection> heldReady = new ArrayDeque<>();
    private static final int WRITE_EVERY = 16;
    final byte[] readArray = new byte[16 * 1024];
    final ByteBuffer readBuffer = ByteBuffer.wrap(readArray);
    private final TcpServer server;
    private final ConcurrentLinkedQueue<Connection> adopted = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Connection> flushes = new ConcurrentLinkedQueue<>();
    private long lastSweep;

    Reactor(TcpServer server, Selector selector, int index) {
        this.server = server;
        this.selector = selector;
        this.thread = new Thread(this, "esp32-tcp-" + server.state.id + "-" + index);
        thread.setDaemon(true);
    }

    /** Any thread: a new connection for this reactor. */
    void adopt(Connection c) {
        adopted.add(c);
        selector.wakeup();
    }

    /** Any thread: a connection has downlink to write. */
    void flush(Connection c) {
        flushes.add(c);
        if (Thread.currentThread() != thread) {
            selector.wakeup();
        }
    }

    @Override
    public void run() {
        try {
            while (server.running()) {
                if (heldReady.isEmpty()) {
                    selector.select(paused.isEmpty() && !flow.holding() ? 500 : 5);
                } else {
                    selector.selectNow();
                }
                flowControl();
                resumeFull();
                registerAdopted();
                serveReady();
                writeDownlinks();
                closeIdle();
            }
        } catch (IOException | RuntimeException e) {
            server.state.state(LinkStatus.State.ERROR, "reactor failed: " + e);
            LOG.error("TCP reactor {} failed", thread.getName(), e);
        } finally {
            for (Connection c : new ArrayList<>(open)) {
                c.close(null);
            }
            try {
                selector.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    /**
     * Applies the buffer's high and low water marks ({@link FlowControl}): holds every connection above the high mark
     * (no more reads, a hold frame to the device), renews the hold while it lasts, resumes them below the low mark.
     *
     * @return whether connections are held now
     */
    boolean flowControl() {
        switch (flow.update(server.ingest::below, server.ingest.backlogMs(), server.time.monoMillis())) {
        case HOLD -> {
            if (!open.isEmpty()) {
                server.ingest.count("tcp.holds"); // each I/O thread that serves connections counts its own
            }
            for (Connection c : new ArrayList<>(open)) {
                c.holdBack(false);
            }
        }
        case RENEW -> {
            for (Connection c : new ArrayList<>(open)) {
                c.holdBack(true);
            }
        }
        case RESUME -> {
            if (!open.isEmpty()) {
                server.ingest.count("tcp.resumes");
            }
            resumePaused();
        }
        case NONE -> {
            // as it was
        }
        }
        return flow.holding();
    }

    /** Reads again the connections paused because the buffer filled in the middle of their bytes. */
    private void resumeFull() {
        if (!flow.holding() && !paused.isEmpty() && server.ingest.room() > 0) {
            resumePaused();
        }
    }

    private void resumePaused() {
        List<Connection> resumed = new ArrayList<>(paused);
        paused.clear();
        for (Connection p : resumed) {
            p.resume();
        }
    }

    private void registerAdopted() {
        Connection c;
        while ((c = adopted.poll()) != null) {
            try {
                c.key = c.ch.register(selector, SelectionKey.OP_READ, c);
                open.add(c);
                if (c.tls()) {
                    c.writeOut();
                }
            } catch (IOException e) {
                c.close("register failed");
            }
        }
    }

    /**
     * Reads the connections resumed with bytes held, then the ready ones; the downlinks queued meanwhile (acks) are
     * written after every {@value #WRITE_EVERY} connections served, so that a long turn of reads (1 000 devices, a
     * buffer that just fell below its low mark) does not hold the acks back until it ends.
     */
    private void serveReady() {
        int served = 0;
        for (int n = heldReady.size(); n > 0; n--) {
            heldReady.poll().read();
            if (++served % WRITE_EVERY == 0) {
                writeDownlinks();
            }
        }
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
            SelectionKey k = it.next();
            it.remove();
            try {
                if (!k.isValid()) {
                    continue;
                }
                if (k.isAcceptable()) {
                    server.accept();
                    continue;
                }
                Connection conn = (Connection) k.attachment();
                if (k.isReadable()) {
                    conn.read();
                    if (++served % WRITE_EVERY == 0) {
                        writeDownlinks();
                    }
                }
                if (k.isValid() && k.isWritable()) {
                    conn.writeOut();
                }
            } catch (CancelledKeyException e) {
                // closed meanwhile
            }
        }
    }

    private void writeDownlinks() {
        Connection c;
        while ((c = flushes.poll()) != null) {
            c.flushDownlink();
        }
    }

    private void closeIdle() {
        long now = server.time.monoMillis();
        if (now - lastSweep < 1_000) {
            return;
        }
        lastSweep = now;
        long idleMs = server.settings.idleTimeoutMs();
        for (Connection conn : new ArrayList<>(open)) {
            if (conn.paused) {
                // held back by the gateway, not silent
                conn.session.lastValidMono = now;
            } else if (now - conn.session.lastValidMono > idleMs) {
                server.ingest.count("tcp.idle.closed");
                conn.close("no valid frame for " + idleMs / 1000 + " s");
            }
        }
    }
}
