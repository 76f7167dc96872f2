package io.holdfast.esp32.impl;

import io.holdfast.api.status.LinkStatus;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TCP listener for ESP32 devices on WiFi: non-blocking I/O on a few reactor threads, each serving many connections,
 * so a slow, silent or flooding device never holds up another. Each read takes at most a fixed budget of bytes from one
 * connection before the reactor moves on; writes never block (acks are coalesced per source, and a device that does not
 * read its downlink is disconnected). Optional TLS (an {@link SSLEngine} per connection) and per-device tokens (the
 * first frame must be a hello with the device's token).
 */
final class TcpServer {

    private static final Logger LOG = LoggerFactory.getLogger(TcpServer.class);
    private static final int READ_BUDGET = 64 * 1024;
    private static final int MAX_PENDING_OUT = 64 * 1024;
    /** Connections stop being read when the buffer is this full, and are read again below {@link #RESUME_AT}. */
    private static final double PAUSE_AT = 0.9;
    private static final double RESUME_AT = 0.5;

    /** Settings of one listener. */
    record Settings(String bindAddress, int port, int maxConnections, long idleTimeoutMs, int ioThreads) {
    }

    private final Settings settings;
    private final Pipeline pipeline;
    private final LinkState state;
    private final SSLContext tls;
    private final Map<String, String> tokens;
    private final TimeSource time;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Reactor> reactors = new ArrayList<>();
    private ServerSocketChannel server;
    private volatile boolean running;
    private int nextReactor;

    TcpServer(Settings settings, Pipeline pipeline, LinkState state, SSLContext tls, Map<String, String> tokens,
            TimeSource time) {
        this.settings = settings;
        this.pipeline = pipeline;
        this.state = state;
        this.tls = tls;
        this.tokens = tokens;
        this.time = time;
    }

    /** Binds and starts the reactors; throws if the port cannot be bound. */
    synchronized void start() throws IOException {
        server = ServerSocketChannel.open();
        server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        server.bind(new InetSocketAddress(settings.bindAddress(), settings.port()), 4096);
        server.configureBlocking(false);
        running = true;
        int n = settings.ioThreads() > 0 ? settings.ioThreads()
                : Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
        for (int i = 0; i < n; i++) {
            Reactor r = new Reactor(Selector.open(), i);
            reactors.add(r);
        }
        server.register(reactors.get(0).selector, SelectionKey.OP_ACCEPT);
        for (Reactor r : reactors) {
            r.thread.start();
        }
        state.state(LinkStatus.State.UP, null);
    }

    /** The port actually bound (for port 0). */
    int port() {
        return server.socket().getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    void stop() {
        running = false;
        for (Reactor r : reactors) {
            r.selector.wakeup();
        }
        for (Reactor r : reactors) {
            try {
                r.thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            if (server != null) {
                server.close();
            }
        } catch (IOException e) {
            // closing anyway
        }
        state.state(LinkStatus.State.DOWN, null);
    }

    private void accept() {
        while (true) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                state.state(LinkStatus.State.UP, "accept failed: " + e.getMessage());
                return;
            }
            if (ch == null) {
                return;
            }
            if (connections.get() >= settings.maxConnections()) {
                pipeline.count("tcp.refused");
                closeQuietly(ch);
                continue;
            }
            try {
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ch.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
                SSLEngine engine = null;
                if (tls != null) {
                    engine = tls.createSSLEngine();
                    engine.setUseClientMode(false);
                    engine.beginHandshake();
                }
                Reactor r = reactors.get(nextReactor++ % reactors.size());
                connections.incrementAndGet();
                state.reconnects.incrementAndGet();
                r.adopt(new Connection(ch, r, engine));
            } catch (IOException e) {
                closeQuietly(ch);
            }
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    /** One selector thread. */
    private final class Reactor implements Runnable {
        final Selector selector;
        final Thread thread;
        final ConcurrentLinkedQueue<Connection> adopted = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Connection> flushes = new ConcurrentLinkedQueue<>();
        final Set<Connection> open = new HashSet<>();
        final List<Connection> paused = new ArrayList<>();
        final byte[] readArray = new byte[16 * 1024];
        final ByteBuffer readBuffer = ByteBuffer.wrap(readArray);
        long lastSweep;

        Reactor(Selector selector, int index) {
            this.selector = selector;
            this.thread = new Thread(this, "esp32-tcp-" + state.id + "-" + index);
            thread.setDaemon(true);
        }

        void adopt(Connection c) {
            adopted.add(c);
            selector.wakeup();
        }

        void flush(Connection c) {
            flushes.add(c);
            if (Thread.currentThread() != thread) {
                selector.wakeup();
            }
        }

        @Override
        public void run() {
            try {
                while (running) {
                    selector.select(paused.isEmpty() ? 500 : 5);
                    if (!paused.isEmpty() && pipeline.below(RESUME_AT)) {
                        for (Connection p : paused) {
                            p.paused = false;
                            if (p.open && p.key != null && p.key.isValid()) {
                                p.key.interestOps(p.key.interestOps() | SelectionKey.OP_READ);
                            }
                        }
                        paused.clear();
                    }
                    Connection c;
                    while ((c = adopted.poll()) != null) {
                        try {
                            c.key = c.ch.register(selector, SelectionKey.OP_READ, c);
                            open.add(c);
                            if (c.ssl != null) {
                                c.writeOut();
                            }
                        } catch (IOException e) {
                            c.close("register failed");
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
                                accept();
                                continue;
                            }
                            Connection conn = (Connection) k.attachment();
                            if (k.isReadable()) {
                                conn.read();
                            }
                            if (k.isValid() && k.isWritable()) {
                                conn.writeOut();
                            }
                        } catch (CancelledKeyException e) {
                            // closed meanwhile
                        }
                    }
                    while ((c = flushes.poll()) != null) {
                        c.flushScheduled.set(false);
                        if (c.isOpen()) {
                            c.prepareDownlink();
                            c.writeOut();
                        }
                    }
                    long now = time.monoMillis();
                    if (now - lastSweep >= 1_000) {
                        lastSweep = now;
                        for (Connection conn : new ArrayList<>(open)) {
                            if (conn.paused) {
                                // held back by the gateway, not silent
                                conn.session.lastValidMono = now;
                            } else if (now - conn.session.lastValidMono > settings.idleTimeoutMs()) {
                                pipeline.count("tcp.idle.closed");
                                conn.close("no valid frame for " + settings.idleTimeoutMs() / 1000 + " s");
                            }
                        }
                    }
                }
            } catch (IOException | ClosedSelectorException e) {
                state.state(LinkStatus.State.ERROR, "reactor failed: " + e);
                LOG.error("TCP reactor {} failed", thread.getName(), e);
            } catch (RuntimeException e) {
                state.state(LinkStatus.State.ERROR, "reactor failed: " + e);
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
    }

    /** One device connection; its reactor thread does all its I/O. */
    private final class Connection implements DeviceChannel, LineFramer.Sink {
        final SocketChannel ch;
        final Reactor reactor;
        final SSLEngine ssl;
        final Session session;
        final LineFramer framer = new LineFramer();
        final ConcurrentHashMap<String, Long> acks = new ConcurrentHashMap<>();
        final ConcurrentLinkedQueue<String> sends = new ConcurrentLinkedQueue<>();
        final AtomicBoolean flushScheduled = new AtomicBoolean();
        SelectionKey key;
        volatile boolean open = true;
        boolean closeAfterRead;
        boolean paused;
        ByteBuffer out = ByteBuffer.allocate(1024); // plaintext waiting to be written (write mode)
        ByteBuffer netIn;
        ByteBuffer appIn;
        ByteBuffer netOut;

        Connection(SocketChannel ch, Reactor reactor, SSLEngine ssl) {
            this.ch = ch;
            this.reactor = reactor;
            this.ssl = ssl;
            this.session = new Session(state.id, this, tokens, false, time.monoMillis());
            if (ssl != null) {
                int packet = ssl.getSession().getPacketBufferSize();
                netIn = ByteBuffer.allocate(packet);
                appIn = ByteBuffer.allocate(ssl.getSession().getApplicationBufferSize());
                netOut = ByteBuffer.allocate(packet);
                netOut.flip();
            }
        }

        // ------------------------------------------------ DeviceChannel (any thread)

        @Override
        public void ack(String source, long seq) {
            acks.merge(source == null ? "" : source, seq, (a, b) -> (int) (b - a) > 0 ? b : a);
            schedule();
        }

        @Override
        public void send(String json) {
            sends.add(json);
            schedule();
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        private void schedule() {
            if (flushScheduled.compareAndSet(false, true)) {
                reactor.flush(this);
            }
        }

        // ------------------------------------------------ reactor thread

        @Override
        public void line(byte[] buf, int off, int len) {
            Decoded d = pipeline.receive(session, buf, off, len);
            state.counted(d);
            if (d.reason() == RejectReason.UNAUTHORIZED) {
                closeAfterRead = true;
            }
        }

        @Override
        public void tooLong() {
            pipeline.tooLong(session);
            state.frames.incrementAndGet();
            state.rejects.incrementAndGet();
        }

        void read() {
            if (!pipeline.below(PAUSE_AT)) {
                // back-pressure: the device keeps its readings until the buffer has room again
                paused = true;
                reactor.paused.add(this);
                key.interestOps(key.interestOps() & ~SelectionKey.OP_READ);
                pipeline.count("tcp.paused");
                return;
            }
            try {
                int total = 0;
                while (total < READ_BUDGET && open && !closeAfterRead) {
                    int n;
                    if (ssl == null) {
                        reactor.readBuffer.clear();
                        n = ch.read(reactor.readBuffer);
                        if (n > 0) {
                            framer.feed(reactor.readArray, 0, n, this);
                        }
                    } else {
                        n = ch.read(netIn);
                        if (n > 0 || netIn.position() > 0) {
                            unwrap();
                        }
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

        private void unwrap() throws IOException {
            netIn.flip();
            try {
                while (open) {
                    SSLEngineResult r = ssl.unwrap(netIn, appIn);
                    if (appIn.position() > 0) {
                        framer.feed(appIn.array(), 0, appIn.position(), this);
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
                        close(null);
                        return;
                    default:
                        break;
                    }
                    if (!handshake()) {
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

        /** Advances a TLS handshake; false when it waits for the peer. */
        private boolean handshake() throws IOException {
            while (true) {
                switch (ssl.getHandshakeStatus()) {
                case NEED_TASK:
                    Runnable task;
                    while ((task = ssl.getDelegatedTask()) != null) {
                        task.run();
                    }
                    break;
                case NEED_WRAP:
                    writeOut();
                    if (ssl.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
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

        /** Turns coalesced acks and queued frames into bytes. */
        void prepareDownlink() {
            for (Map.Entry<String, Long> e : acks.entrySet()) {
                String src = e.getKey();
                Long seq = acks.remove(src);
                if (seq == null) {
                    continue;
                }
                String json = src.isEmpty() ? "{\"t\":\"ack\",\"seq\":" + seq + "}"
                        : "{\"t\":\"ack\",\"src\":" + Json.quote(src) + ",\"seq\":" + seq + "}";
                append(json);
            }
            String s;
            while ((s = sends.poll()) != null) {
                append(s);
            }
        }

        private void append(String json) {
            byte[] b = json.getBytes(StandardCharsets.UTF_8);
            String suffix = session.deviceUsesCrc ? Crc16.suffix(b) : "";
            int need = b.length + suffix.length() + 1;
            if (out.remaining() < need) {
                if (out.position() + need > MAX_PENDING_OUT) {
                    pipeline.count("tcp.slow.closed");
                    close("device does not read its downlink");
                    return;
                }
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(out.capacity() * 2, out.position() + need));
                out.flip();
                bigger.put(out);
                out = bigger;
            }
            out.put(b);
            out.put(suffix.getBytes(StandardCharsets.US_ASCII));
            out.put((byte) '\n');
        }

        /** Writes what it can without blocking; asks for OP_WRITE when the socket is full. */
        void writeOut() {
            if (!open) {
                return;
            }
            try {
                boolean done;
                if (ssl == null) {
                    out.flip();
                    ch.write(out);
                    done = !out.hasRemaining();
                    out.compact();
                } else {
                    done = tlsWrite();
                }
                if (key != null && key.isValid()) {
                    int read = paused ? 0 : SelectionKey.OP_READ;
                    key.interestOps(done ? read : read | SelectionKey.OP_WRITE);
                }
            } catch (IOException e) {
                close(e.getMessage());
            }
        }

        private boolean tlsWrite() throws IOException {
            while (true) {
                if (netOut.hasRemaining()) {
                    ch.write(netOut);
                    if (netOut.hasRemaining()) {
                        return false;
                    }
                }
                boolean handshaking = ssl.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP;
                if (out.position() == 0 && !handshaking) {
                    return true;
                }
                out.flip();
                netOut.clear();
                SSLEngineResult r;
                try {
                    r = ssl.wrap(out, netOut);
                } finally {
                    out.compact();
                    netOut.flip();
                }
                if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                    close(null);
                    return true;
                }
                if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                    Runnable task;
                    while ((task = ssl.getDelegatedTask()) != null) {
                        task.run();
                    }
                }
                if (r.bytesProduced() == 0 && r.bytesConsumed() == 0) {
                    return !netOut.hasRemaining();
                }
            }
        }

        void close(String why) {
            if (!open) {
                return;
            }
            open = false;
            reactor.open.remove(this);
            connections.decrementAndGet();
            if (why != null) {
                LOG.debug("Closing {} on {}: {}", remote(), state.id, why);
            }
            if (ssl != null) {
                ssl.closeOutbound();
            }
            if (key != null) {
                key.cancel();
            }
            closeQuietly(ch);
        }

        private String remote() {
            try {
                return String.valueOf(ch.getRemoteAddress());
            } catch (IOException e) {
                return "?";
            }
        }
    }

    /** Reads {@code MAC=token} pairs separated by commas, semicolons or new lines. */
    static Map<String, String> parseTokens(String text) {
        Map<String, String> m = new ConcurrentHashMap<>();
        if (text == null) {
            return m;
        }
        for (String pair : text.split("[,;\\n]")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String mac = FrameDecoder.normalizeMac(pair.substring(0, eq).trim());
            String token = pair.substring(eq + 1).trim();
            if (mac != null && !token.isEmpty()) {
                m.put(mac, token);
            }
        }
        return m;
    }
}
