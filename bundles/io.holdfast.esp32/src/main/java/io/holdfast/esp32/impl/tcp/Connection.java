package io.holdfast.esp32.impl.tcp;

import io.holdfast.esp32.impl.ingest.Session;
import io.holdfast.esp32.impl.wire.Decoded;
import io.holdfast.esp32.impl.wire.DownlinkQueue;
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
    /** No frame carries a reading in fewer bytes (a batch item without source is at least this long). */
    private static final int MIN_BYTES_PER_READING = 30;
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
    private volatile boolean open = true;
    private boolean closeAfterRead;
    private ByteBuffer out = ByteBuffer.allocate(1024); // plaintext waiting to be written (write mode)

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
        framer.feed(b, off, len, this);
    }

    @Override
    public void closed() {
        close(null);
    }

    void read() {
        if (!server.ingest.below(TcpServer.PAUSE_AT)) {
            // back-pressure: the device keeps its readings until the buffer has room again
            pause();
            return;
        }
        // read no more than the buffer can take, shared with the other reactors: a device held back keeps its
        // readings, one read past the buffer's room would make the driver drop them
        long budget = Math.min(READ_BUDGET, (long) server.ingest.room() / server.reactors() * MIN_BYTES_PER_READING);
        if (budget < MIN_BYTES_PER_READING) {
            pause();
            return;
        }
        try {
            int total = 0;
            while (total < budget && open && !closeAfterRead) {
                int n;
                if (tls == null) {
                    reactor.readBuffer.clear();
                    reactor.readBuffer.limit((int) Math.min(reactor.readBuffer.capacity(), budget - total));
                    n = ch.read(reactor.readBuffer);
                    if (n > 0) {
                        framer.feed(reactor.readArray, 0, n, this);
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
            }
        } catch (IOException e) {
            close(e.getMessage());
        }
    }

    private void pause() {
        paused = true;
        reactor.paused.add(this);
        key.interestOps(key.interestOps() & ~SelectionKey.OP_READ);
        server.ingest.count("tcp.paused");
    }

    /** Reads again after a pause. */
    void resume() {
        paused = false;
        if (open && key != null && key.isValid()) {
            key.interestOps(key.interestOps() | SelectionKey.OP_READ);
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
