package io.holdfast.esp32.impl.tcp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;

/**
 * The TLS state machine of one non-blocking connection: unwraps what the socket delivered into plaintext, advances the
 * handshake, and wraps plaintext for the socket. Runs on the connection's reactor thread only; delegated tasks run
 * inline.
 */
final class TlsSession {

    /** What the session hands up and asks of its connection. */
    interface Peer {
        /** Plaintext from the device. */
        void plaintext(byte[] b, int off, int len);

        /** The handshake wants to send: write out now. */
        void writeOut();

        /** The peer closed the TLS session. */
        void closed();
    }

    private final SSLEngine engine;
    private ByteBuffer netIn;
    private ByteBuffer appIn;
    private final ByteBuffer netOut;

    TlsSession(SSLEngine engine) {
        this.engine = engine;
        int packet = engine.getSession().getPacketBufferSize();
        netIn = ByteBuffer.allocate(packet);
        appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        netOut = ByteBuffer.allocate(packet);
        netOut.flip();
    }

    /**
     * Reads from the socket and unwraps what arrived.
     *
     * @return the bytes read from the socket, -1 at its end
     */
    int read(SocketChannel ch, Peer peer, java.util.function.BooleanSupplier open) throws IOException {
        int n = ch.read(netIn);
        if (n > 0 || netIn.position() > 0) {
            unwrap(peer, open);
        }
        return n;
    }

    private void unwrap(Peer peer, java.util.function.BooleanSupplier open) throws IOException {
        netIn.flip();
        try {
            while (open.getAsBoolean()) {
                SSLEngineResult r = engine.unwrap(netIn, appIn);
                if (appIn.position() > 0) {
                    peer.plaintext(appIn.array(), 0, appIn.position());
                    appIn.clear();
                }
                switch (r.getStatus()) {
                case BUFFER_UNDERFLOW:
                    if (netIn.limit() == netIn.capacity() && netIn.position() == 0) {
                        ByteBuffer bigger = ByteBuffer.allocate(netIn.capacity() * 2);
                        bigger.put(netIn);
                        netIn = bigger;
                        netIn.flip();
                    }
                    return;
                case BUFFER_OVERFLOW:
                    appIn = ByteBuffer.allocate(appIn.capacity() * 2);
                    continue;
                case CLOSED:
                    peer.closed();
                    return;
                default:
                    break;
                }
                if (!handshake(peer)) {
                    return;
                }
                if (!netIn.hasRemaining()) {
                    return;
                }
            }
        } finally {
            netIn.compact();
        }
    }

    /** Advances the handshake; false when it waits for the peer. */
    private boolean handshake(Peer peer) {
        while (true) {
            switch (engine.getHandshakeStatus()) {
            case NEED_TASK:
                runTasks();
                break;
            case NEED_WRAP:
                peer.writeOut();
                if (engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
                    return false;
                }
                break;
            case NEED_UNWRAP:
                return netIn.hasRemaining();
            default:
                return true;
            }
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    /**
     * Wraps plaintext (read mode is switched inside; {@code out} is in write mode before and after) and writes what it
     * can.
     *
     * @return whether everything, handshake included, was written
     */
    boolean write(SocketChannel ch, ByteBuffer out, Peer peer) throws IOException {
        while (true) {
            if (netOut.hasRemaining()) {
                ch.write(netOut);
                if (netOut.hasRemaining()) {
                    return false;
                }
            }
            boolean handshaking = engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP;
            if (out.position() == 0 && !handshaking) {
                return true;
            }
            out.flip();
            netOut.clear();
            SSLEngineResult r;
            try {
                r = engine.wrap(out, netOut);
            } finally {
                out.compact();
                netOut.flip();
            }
            if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                peer.closed();
                return true;
            }
            if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                runTasks();
            }
            if (r.bytesProduced() == 0 && r.bytesConsumed() == 0) {
                return !netOut.hasRemaining();
            }
        }
    }

    void closeOutbound() {
        engine.closeOutbound();
    }
}
