package io.holdfast.esp32.impl.tcp;

import io.holdfast.esp32.impl.ingest.Session;
import io.holdfast.esp32.impl.wire.Decoded;
import io.holdfast.esp32.impl.wire.DownlinkQueue;
import io.holdfast.esp32.impl.wire.FrameEncoder;
import io.holdfast.esp32.impl.wire.LineFramer;
import io.holdfast.esp32.impl.wire.RejectReason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One device connection. Its reactor thread does all its I/O: reads at most a budget per turn and frames lines into the
 * pipeline, and writes the downlink without blocking. Other threads only queue downlink frames.
 */
final class Connection implements LineFramer.Sink, TlsSession.Peer {

    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    private static final int READ_BUDGET = 64 * 1024;
    private static final int MAX_PENDING_OUT = 64 * 1024;
    /** Downlink frames (not acks) kept for a connection that has not been written to yet. */
    private static final int MAX_QUEUED_FRAMES = Integer.MAX_VALUE;

    final TcpServer server;
    final SocketChannel ch;
    final Reactor reactor;
    final Session session;
    final DownlinkQueue downlink;
    final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final TlsSession tls;
    private final LineFramer framer = new LineFramer();
    SelectionKey key;
    boolean paused;
    /** A hold frame was sent and no resume since. */
    private boolean holdSent;
    private volatile boolean open = true;
    private boolean closeAfterRead;
    /** The device sent a valid frame (so a TLS handshake is done). */
    private boolean spoke;
    private ByteBuffer out = ByteBuffer.allocate(1024); // plaintext waiting to be written (write mode)
    /** Bytes read but not yet framed because the buffer filled: framed first when the connection is read again. */
    private byte[] held = new byte[0];

    Connection(TcpServer server, SocketChannel ch, Reactor reactor, SSLEngine ssl) {
        this.server = server;
        this.ch = ch;
        this.reactor = reactor;
        this.tls = ssl == null ? null : new TlsSession(ssl);
        this.downlink = new DownlinkQueue(MAX_QUEUED_FRAMES, this::scheduleFlush);
        this.session = new Session(server.state.id, downlink, server.tokens, false, server.time.monoMillis());
    }

    boolean isOpen() {
        return open;
    }

    boolean tls() {
        return tls != null;
    }

    /** Any thread: the downlink has something; the reactor writes it on its next turn. */
    private void scheduleFlush() {
        if (flushScheduled.compareAndSet(false, true)) {
            reactor.flush(this);
        }
    }

    // ------------------------------------------------ reactor thread

    @Override
    public void line(byte[] buf, int off, int len) {
        Decoded d = server.ingest.receive(session, buf, off, len);
        server.state.counted(d);
        if (d.accepted()) {
            spoke = true;
        }
        if (d.reason() == RejectReason.UNAUTHORIZED) {
            closeAfterRead = true;
        }
    }

    @Override
    public void tooLong() {
        server.ingest.tooLong(session);
        server.state.frames.incrementAndGet();
        server.state.rejects.incrementAndGet();
    }

    @Override
    public void plaintext(byte[] b, int off, int len) {
        frame(b, off, len);
    }

    /**
     * Frames bytes until the buffer is nearly full ({@link TcpServer#FULL_AT}); the rest is held, the connection
     * paused.
     */
    private void frame(byte[] b, int off, int len) {
        int used = framer.feed(b, off, len, this,
                () -> server.ingest.below(TcpServer.FULL_AT) && server.ingest.room() > 0);
        if (used < len) {
            byte[] rest = new byte[held.length + len - used];
            System.arraycopy(held, 0, rest, 0, held.length);
            System.arraycopy(b, off + used, rest, held.length, len - used);
            held = rest;
        }
    }

    @Override
    public void closed() {
        close(null);
    }

    void read() {
        if (!open || paused) {
            return;
        }
        if (reactor.flowControl()) {
            // back-pressure: the device keeps its readings until the buffer is below its low water mark
            holdBack(false);
            return;
        }
        if (held.length > 0) {
            // what was read before the buffer filled comes first; a device held back keeps its readings
            byte[] h = held;
            held = new byte[0];
            frame(h, 0, h.length);
            if (held.length > 0) {
                pause();
                return;
            }
        }
        try {
            int total = 0;
            while (total < READ_BUDGET && open && !closeAfterRead && held.length == 0) {
                int n;
                if (tls == null) {
                    reactor.readBuffer.clear();
                    n = ch.read(reactor.readBuffer);
                    if (n > 0) {
                        frame(reactor.readArray, 0, n);
                    }
                } else {
                    n = tls.read(ch, this, this::isOpen);
                }
                if (n < 0) {
                    close(null);
                    return;
                }
                if (n == 0) {
                    break;
                }
                total += n;
            }
            if (closeAfterRead) {
                close("device not authorised");
            } else if (held.length > 0 && open) {
                pause();
            }
        } catch (IOException e) {
            close(e.getMessage());
        }
    }

    /**
     * Stops reading this connection and tells the device to hold ({@code {"t":"hold","ms":N}}): a device that knows the
     * frame stops sending and does not take the missing acks for a stall; one that does not ignores it and is held back
     * by TCP alone. A TLS connection that has not sent a valid frame yet gets no frame (its handshake may be
     * unfinished).
     *
     * @param renew
     *            send the frame again even if it was sent for this hold
     */
    void holdBack(boolean renew) {
        if (!open) {
            return;
        }
        if (!paused) {
            pause();
        }
        if ((renew || !holdSent) && (tls == null || spoke)) {
            holdSent = true;
            downlink.send(FrameEncoder.hold(reactor.flow.holdMs()));
        }
    }

    private void pause() {
        paused = true;
        reactor.paused.add(this);
        key.interestOps(key.interestOps() & ~SelectionKey.OP_READ);
        server.ingest.count("tcp.paused");
    }

    /**
     * Reads again after a pause (what was held first, on the next turn), and tells the device to resume if it was held.
     */
    void resume() {
        paused = false;
        if (!open) {
            return;
        }
        if (holdSent) {
            holdSent = false;
            downlink.send(FrameEncoder.resume());
        }
        if (key != null && key.isValid()) {
            key.interestOps(key.interestOps() | SelectionKey.OP_READ);
        }
        if (held.length > 0) {
            // the device may send nothing more until these are acked: do not wait for the socket to become readable
            reactor.heldReady.add(this);
        }
    }

    /** Turns the queued downlink into bytes and writes what it can. */
    void flushDownlink() {
        flushScheduled.set(false);
        if (open) {
            downlink.drain(session.deviceUsesCrc, this::append);
            writeOut();
        }
    }

    private void append(byte[] line) {
        if (!open) {
            return;
        }
        if (out.remaining() < line.length) {
            if (out.position() + line.length > MAX_PENDING_OUT) {
                server.ingest.count("tcp.slow.closed");
                close("device does not read its downlink");
                return;
            }
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(out.capacity() * 2, out.position() + line.length));
            out.flip();
            bigger.put(out);
            out = bigger;
        }
        out.put(line);
    }

    /** Writes what it can without blocking; asks for OP_WRITE when the socket is full. */
    @Override
    public void writeOut() {
        if (!open) {
            return;
        }
        try {
            boolean done;
            if (tls == null) {
                out.flip();
                ch.write(out);
                done = !out.hasRemaining();
                out.compact();
            } else {
                done = tls.write(ch, out, this);
            }
            if (key != null && key.isValid()) {
                int read = paused ? 0 : SelectionKey.OP_READ;
                key.interestOps(done ? read : read | SelectionKey.OP_WRITE);
            }
        } catch (IOException e) {
            close(e.getMessage());
        }
    }

    void close(String why) {
        if (!open) {
            return;
        }
        open = false;
        downlink.close();
        reactor.open.remove(this);
        server.closed();
        if (why != null) {
            LOG.debug("Closing {} on {}: {}", remote(), server.state.id, why);
        }
        if (tls != null) {
            tls.closeOutbound();
        }
        if (key != null) {
            key.cancel();
        }
        TcpServer.closeQuietly(ch);
    }

    private String remote() {
        try {
            return String.valueOf(ch.getRemoteAddress());
        } catch (IOException e) {
            return "?";
        }
    }
}
