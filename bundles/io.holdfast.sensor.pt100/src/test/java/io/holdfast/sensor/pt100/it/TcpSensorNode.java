package io.holdfast.sensor.pt100.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A device with a PT100 loop transmitter on the ESP32 TCP link: says hello, then sends one {@code pt100} reading
 * ({@code {"ma":..}}) per period with consecutive sequence numbers, and records the gateway's cumulative acks.
 */
final class TcpSensorNode implements AutoCloseable {

    private static final Pattern ACK = Pattern.compile("\\{\"t\":\"ack\",\"seq\":(\\d+)");

    final String mac;
    private final double milliamps;
    private final Socket socket;
    private final OutputStream out;
    private final Thread reader;
    private final AtomicLong nextSeq = new AtomicLong(1);
    private final AtomicLong acked = new AtomicLong(0);
    private final Set<String> sent = ConcurrentHashMap.newKeySet();
    private volatile ScheduledFuture<?> sending;
    private boolean stopped; // guarded by this

    TcpSensorNode(String mac, double milliamps, int port) throws IOException {
        this.mac = mac;
        this.milliamps = milliamps;
        this.socket = new Socket("127.0.0.1", port);
        this.out = socket.getOutputStream();
        write("{\"t\":\"hello\",\"mac\":\"" + mac
                + "\",\"fw\":\"it\",\"sensors\":[\"pt100\"],\"uptime\":1000,\"seq\":1}");
        this.reader = new Thread(this::readAcks, "node-" + mac);
        reader.setDaemon(true);
        reader.start();
    }

    private synchronized void write(String frame) throws IOException {
        out.write((frame + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private void readAcks() {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                Matcher m = ACK.matcher(line);
                if (m.find()) {
                    acked.accumulateAndGet(Long.parseLong(m.group(1)), Math::max);
                }
            }
        } catch (IOException e) {
            // closed
        }
    }

    void start(ScheduledExecutorService timer, long periodMillis) {
        sending = timer.scheduleAtFixedRate(this::sendOne, 0, periodMillis, TimeUnit.MILLISECONDS);
    }

    private synchronized void sendOne() {
        if (stopped) {
            return;
        }
        long seq = nextSeq.get();
        try {
            write("{\"t\":\"r\",\"mac\":\"" + mac + "\",\"seq\":" + seq + ",\"uptime\":" + (1000 + seq * 10)
                    + ",\"type\":\"pt100\",\"v\":{\"ma\":" + milliamps + "}}");
            sent.add(mac + "#" + seq);
            nextSeq.incrementAndGet();
        } catch (IOException e) {
            throw new IllegalStateException("node " + mac + " lost its connection", e);
        }
    }

    /** Stops sending; returns once no send is in progress. */
    void stop() {
        ScheduledFuture<?> s = sending;
        if (s != null) {
            s.cancel(false);
        }
        synchronized (this) {
            stopped = true; // a send in progress holds the lock: none follows
        }
    }

    long lastSent() {
        return nextSeq.get() - 1;
    }

    long acked() {
        return acked.get();
    }

    Set<String> sent() {
        return sent;
    }

    @Override
    public void close() throws IOException {
        stop();
        socket.close();
    }
}
