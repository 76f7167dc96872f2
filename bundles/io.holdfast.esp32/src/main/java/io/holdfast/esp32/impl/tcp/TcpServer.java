package io.holdfast.esp32.impl.tcp;

import io.holdfast.api.status.LinkStatus;
import io.holdfast.esp32.impl.ingest.Ingest;
import io.holdfast.esp32.impl.ingest.LinkState;
import io.holdfast.esp32.impl.ingest.TimeSource;
import io.holdfast.esp32.impl.wire.FlowControl;
import io.holdfast.esp32.impl.wire.FrameDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;

/**
 * The TCP listener for ESP32 devices on WiFi: non-blocking I/O on a few {@link Reactor} threads, each serving many
 * {@link Connection}s, so a slow, silent or flooding device never holds up another. Each read takes at most a fixed
 * budget of bytes from one connection before the reactor moves on; writes never block (acks are coalesced per source,
 * and a device that does not read its downlink is disconnected). Optional TLS ({@link TlsSession}) and per-device
 * tokens (the first frame must be a hello with the device's token).
 */
public final class TcpServer {

    /**
     * The high water mark: connections stop being read, and their devices are told to hold, when the buffer is this
     * full; they are read again, and told to resume, below the low water mark {@link #RESUME_AT}.
     */
    static final double PAUSE_AT = FlowControl.HIGH_WATER;
    static final double RESUME_AT = FlowControl.LOW_WATER;
    /**
     * Framing stops at this fill even in the middle of a read (the rest is held for later): the places above it are for
     * the frames the other I/O threads add between their check and their offer, which a full buffer would drop.
     */
    static final double FULL_AT = 0.95;
    /** The {@code ms} of a hold frame; renewed every half of it while the buffer stays above the low mark. */
    static final long HOLD_MS = FlowControl.HOLD_MS;

    /** Settings of one listener. */
    public record Settings(String bindAddress, int port, int maxConnections, long idleTimeoutMs, int ioThreads) {
    }

    final Settings settings;
    final Ingest ingest;
    final LinkState state;
    final Map<String, String> tokens;
    final TimeSource time;
    private final SSLContext tls;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Reactor> reactors = new ArrayList<>();
    private ServerSocketChannel server;
    private volatile boolean running;
    private int nextReactor;

    public TcpServer(Settings settings, Ingest ingest, LinkState state, SSLContext tls, Map<String, String> tokens,
            TimeSource time) {
        this.settings = settings;
        this.ingest = ingest;
        this.state = state;
        this.tls = tls;
        this.tokens = tokens;
        this.time = time;
    }

    /** Binds and starts the reactors; throws if the port cannot be bound. */
    public synchronized void start() throws IOException {
        server = ServerSocketChannel.open();
        server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        server.bind(new InetSocketAddress(settings.bindAddress(), settings.port()), 4096);
        server.configureBlocking(false);
        running = true;
        int n = settings.ioThreads() > 0 ? settings.ioThreads()
                : Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
        for (int i = 0; i < n; i++) {
            reactors.add(new Reactor(this, Selector.open(), i));
        }
        server.register(reactors.get(0).selector, SelectionKey.OP_ACCEPT);
        for (Reactor r : reactors) {
            r.thread.start();
        }
        state.state(LinkStatus.State.UP, null);
    }

    /** The port actually bound (for port 0). */
    public int port() {
        return server.socket().getLocalPort();
    }

    public int connections() {
        return connections.get();
    }

    boolean running() {
        return running;
    }

    public void stop() {
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

    /** On the first reactor's thread: takes every pending connection and hands it to a reactor, round robin. */
    void accept() {
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
                ingest.count("tcp.refused");
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
                r.adopt(new Connection(this, ch, r, engine));
            } catch (IOException e) {
                closeQuietly(ch);
            }
        }
    }

    /** A connection closed. */
    void closed() {
        connections.decrementAndGet();
    }

    static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    /** A server TLS context with the key store's key. */
    public static SSLContext tlsContext(Path keystore, String type, String password)
            throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance(type);
        char[] pw = password == null ? new char[0] : password.toCharArray();
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, pw);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pw);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    /** Reads {@code MAC=token} pairs separated by commas, semicolons or new lines. */
    public static Map<String, String> parseTokens(String text) {
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
