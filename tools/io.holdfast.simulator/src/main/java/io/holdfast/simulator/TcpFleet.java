package io.holdfast.simulator;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * N devices over TCP, each with its own connection, driven by one non-blocking thread. Each device takes readings at
 * its rate into its flash and sends them in order as the socket takes them; it says hello on connect and re-sends what
 * was not acknowledged, re-sends again only when acks stop advancing for its back-off time
 * ({@link SimDevice#resendDue()}), holds while the gateway asks it to ({@code {"t":"hold","ms":N}} /
 * {@code {"t":"resume"}}), reconnects after a disconnect, and injects the configured faults. A device may relay sensor
 * nodes ({@link SimDevice#relay(String, long)}, added before {@link #start()}): each takes readings at the device's
 * rate, and their frames share the device's connection, taken in turn, each node with its own acks and re-send
 * back-off.
 */
public final class TcpFleet implements AutoCloseable {

    /**
     * What the fleet does.
     *
     * @param host
     *            gateway host
     * @param port
     *            gateway port
     * @param devices
     *            number of devices
     * @param ratePerDevice
     *            readings per second of each device
     * @param mode
     *            how devices stamp readings
     * @param crc
     *            whether frames carry CRCs
     * @param driftPpm
     *            clock drift, each device gets a random drift up to this
     * @param faults
     *            faults to inject
     * @param resendAfterMs
     *            re-send unacked readings when acks did not move for this long (the back-off, doubling while they still
     *            do not)
     * @param macPrefix
     *            first byte of the devices' MACs (to tell fleets apart)
     * @param seed
     *            random seed
     * @param tokens
     *            a device's token by MAC, or {@code null}
     */
    public record Options(String host, int port, int devices, double ratePerDevice, SimDevice.Mode mode, boolean crc,
            double driftPpm, Faults faults, long resendAfterMs, int macPrefix, long seed,
            Function<String, String> tokens) {

        /**
         * Plain devices: native frames, no CRC, no faults.
         *
         * @param host
         *            gateway host
         * @param port
         *            gateway port
         * @param devices
         *            number of devices
         * @param rate
         *            readings per second per device
         *
         * @return the options
         */
        public static Options simple(String host, int port, int devices, double rate) {
            return new Options(host, port, devices, rate, SimDevice.Mode.NATIVE, false, 0, Faults.NONE, 5_000, 0x3C, 1,
                    null);
        }
    }

    private static final int MAX_OUT = 16 * 1024;

    private final Options options;
    private final List<Conn> conns = new ArrayList<>();
    private final Random random;
    private final Selector selector;
    private final Thread thread;
    private volatile boolean running;
    private volatile boolean paused;
    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong framesSent = new AtomicLong();
    private final AtomicLong garbageSent = new AtomicLong();
    private final AtomicLong badCrcSent = new AtomicLong();
    private final AtomicLong disconnects = new AtomicLong();
    private final AtomicLong stallResends = new AtomicLong();

    /**
     * Creates the fleet; {@link #start()} connects it.
     *
     * @param options
     *            what it does
     *
     * @throws IOException
     *             if no selector can be opened
     */
    public TcpFleet(Options options) throws IOException {
        this.options = options;
        this.random = new Random(options.seed());
        this.selector = Selector.open();
        for (int i = 0; i < options.devices(); i++) {
            double drift = options.driftPpm() == 0 ? 0 : (random.nextDouble() * 2 - 1) * options.driftPpm();
            conns.add(new Conn(new SimDevice(SimDevice.mac(options.macPrefix(), i), options.mode(), options.crc(),
                    drift, random.nextInt(1_000_000), 100_000, options.seed() + i, options.resendAfterMs())));
        }
        this.thread = new Thread(this::run, "sim-tcp-fleet");
        thread.setDaemon(true);
    }

    /** Connects every device and starts sending. */
    public void start() {
        running = true;
        thread.start();
    }

    /** Stops taking readings (devices stay connected): for tests that need the flow to end. */
    public void pause() {
        paused = true;
    }

    /** Takes readings again. */
    public void resume() {
        paused = false;
    }

    /** @return the devices */
    public List<SimDevice> devices() {
        List<SimDevice> l = new ArrayList<>();
        conns.forEach(c -> l.add(c.dev));
        return l;
    }

    /** @return connections made, reconnects included */
    public long connects() {
        return connects.get();
    }

    /** @return devices connected now */
    public long connected() {
        return conns.stream().filter(c -> c.connected).count();
    }

    /** @return readings taken by all devices and the nodes they relay */
    public long generated() {
        return sources().mapToLong(SimDevice::generated).sum();
    }

    /** @return readings acknowledged to all devices and the nodes they relay */
    public long acked() {
        return sources().mapToLong(SimDevice::acked).sum();
    }

    /** @return readings waiting for an ack, at the devices and the nodes they relay */
    public long unacked() {
        return sources().mapToLong(SimDevice::unacked).sum();
    }

    private Stream<SimDevice> sources() {
        return conns.stream().flatMap(c -> c.dev.sources().stream());
    }

    /** @return frames sent (replays included, garbage excluded) */
    public long framesSent() {
        return framesSent.get();
    }

    /** @return garbage lines sent */
    public long garbageSent() {
        return garbageSent.get();
    }

    /** @return frames sent with a wrong CRC */
    public long badCrcSent() {
        return badCrcSent.get();
    }

    /** @return how often a device re-sent because its acks stopped advancing for its back-off time */
    public long stallResends() {
        return stallResends.get();
    }

    /** @return readings sent again (after reconnects and stalls), by the devices and the nodes they relay */
    public long resends() {
        return sources().mapToLong(SimDevice::resends).sum();
    }

    /** @return hold frames the devices received */
    public long holds() {
        return conns.stream().mapToLong(c -> c.dev.holds()).sum();
    }

    /** @return disconnects injected */
    public long disconnects() {
        return disconnects.get();
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Conn c : conns) {
            c.disconnect();
        }
        try {
            selector.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private void run() {
        long last = System.nanoTime();
        long lastSecond = last;
        while (running) {
            try {
                selector.select(2);
                for (SelectionKey k : selector.selectedKeys()) {
                    Conn c = (Conn) k.attachment();
                    try {
                        if (k.isValid() && k.isConnectable()) {
                            c.finishConnect();
                        }
                        if (k.isValid() && k.isReadable()) {
                            c.read();
                        }
                        if (k.isValid() && k.isWritable()) {
                            c.write();
                        }
                    } catch (IOException e) {
                        c.disconnect();
                    }
                }
                selector.selectedKeys().clear();
                long now = System.nanoTime();
                double dt = (now - last) / 1e9;
                last = now;
                boolean second = now - lastSecond >= 1_000_000_000L;
                if (second) {
                    lastSecond = now;
                }
                for (Conn c : conns) {
                    try {
                        c.tick(now, dt, second);
                    } catch (IOException e) {
                        c.disconnect();
                    }
                }
            } catch (IOException e) {
                // keep going: a failing selector round is not the end of the fleet
            }
        }
    }

    private final class Conn {
        final SimDevice dev;
        SocketChannel ch;
        SelectionKey key;
        boolean connected;
        long reconnectAt;
        double due;
        final ByteBuffer out = ByteBuffer.allocate(MAX_OUT * 2);
        final ByteBuffer in = ByteBuffer.allocate(8 * 1024);

        Conn(SimDevice dev) {
            this.dev = dev;
        }

        void tick(long now, double dt, boolean second) throws IOException {
            if (ch == null) {
                if (now >= reconnectAt) {
                    connect();
                }
                return;
            }
            if (!connected) {
                return;
            }
            if (second) {
                Faults f = options.faults();
                if (f.disconnectPerSecond() > 0 && random.nextDouble() < f.disconnectPerSecond()) {
                    disconnects.incrementAndGet();
                    disconnect();
                    return;
                }
                if (f.rebootPerSecond() > 0 && random.nextDouble() < f.rebootPerSecond()) {
                    dev.reboot();
                    send(dev.hello(token()));
                }
                stallResends.addAndGet(dev.rewindStalled()); // the device's and each node's, on its own acks

            }
            if (!paused) {
                due += options.ratePerDevice() * dt;
                while (due >= 1) {
                    due--;
                    for (SimDevice s : dev.sources()) {
                        s.take(); // kept in flash; sent below, in order, when the gateway and the socket let it
                    }
                }
            }
            sendFromFlash();
            write();
        }

        /**
         * Sends kept readings in seq order while the gateway does not hold the device and the socket takes them: a
         * backed-up socket leaves them in flash (TCP back-pressure), never makes a hole.
         */
        void sendFromFlash() {
            Faults f = options.faults();
            while (!dev.held() && out.position() + 1200 <= MAX_OUT) {
                String frame = dev.nextOfAll(6);
                if (frame == null) {
                    return;
                }
                if (f.garbage() > 0 && random.nextDouble() < f.garbage()) {
                    out.put(Faults.garbageLine(random, 60)).put((byte) '\n');
                    garbageSent.incrementAndGet();
                }
                if (f.badCrc() > 0 && options.crc() && random.nextDouble() < f.badCrc()) {
                    // lost to the gateway: acks stop at it until the device re-sends after its back-off
                    send(dev.corrupt(frame));
                    badCrcSent.incrementAndGet();
                    framesSent.decrementAndGet();
                    continue;
                }
                send(frame);
            }
        }

        String token() {
            return options.tokens() == null ? null : options.tokens().apply(dev.mac());
        }

        boolean send(String frame) {
            byte[] b = frame.getBytes(StandardCharsets.UTF_8);
            if (out.position() + b.length + 1 > MAX_OUT) {
                return false;
            }
            out.put(b).put((byte) '\n');
            framesSent.incrementAndGet();
            return true;
        }

        void connect() throws IOException {
            ch = SocketChannel.open();
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            out.clear();
            in.clear();
            if (ch.connect(new InetSocketAddress(options.host(), options.port()))) {
                key = ch.register(selector, SelectionKey.OP_READ, this);
                connected();
            } else {
                key = ch.register(selector, SelectionKey.OP_CONNECT, this);
            }
        }

        void finishConnect() throws IOException {
            if (ch.finishConnect()) {
                key.interestOps(SelectionKey.OP_READ);
                connected();
            }
        }

        void connected() {
            connected = true;
            connects.incrementAndGet();
            dev.resume(); // a hold was for the old connection
            send(dev.hello(token()));
            dev.rewindAll(); // re-send what is unacked, from the oldest (the hello says where the device's is)
            sendFromFlash();
        }

        void read() throws IOException {
            int n = ch.read(in);
            if (n < 0) {
                disconnect();
                return;
            }
            in.flip();
            int start = in.position();
            for (int i = in.position(); i < in.limit(); i++) {
                if (in.get(i) == '\n') {
                    dev.downlink(new String(in.array(), start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            in.position(start);
            in.compact();
            if (!in.hasRemaining()) {
                in.clear();
            }
        }

        void write() throws IOException {
            if (out.position() == 0 || !connected) {
                return;
            }
            out.flip();
            try {
                ch.write(out);
            } finally {
                out.compact();
            }
            if (key != null && key.isValid()) {
                key.interestOps(
                        out.position() > 0 ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
            }
        }

        void disconnect() {
            connected = false;
            if (key != null) {
                key.cancel();
            }
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
            ch = null;
            key = null;
            out.clear();
            reconnectAt = System.nanoTime() + 1_000_000_000L;
        }
    }
}
