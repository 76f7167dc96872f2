package io.holdfast.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * One simulated ESP32 device: its uptime clock (with drift, restarting at reboots), its sequence counter (kept across
 * reboots, as in flash), and the readings it keeps until the gateway acknowledges them (bounded like its flash; the
 * oldest are lost when it is full). Produces frames as lines without the newline. Thread safe.
 */
public final class SimDevice {

    /** How the device stamps and numbers its readings. */
    public enum Mode {
        /** ESP32-LINK.md: {@code seq} and {@code uptime}. */
        NATIVE,
        /** ESP32-LINK.md with a synchronised clock: {@code seq} and {@code ts}. */
        NATIVE_TS,
        /** The seed firmware: {@code {"macAddress":..,"timestamp":uptime,"temperature":..}}, no seq, no acks. */
        SEED
    }

    private final String mac;
    private final Mode mode;
    private final boolean crc;
    private final double driftPpm;
    private final int flash;
    private final Random random;
    private final TreeMap<Long, String> unacked = new TreeMap<>(); // unwrapped seq -> item JSON
    private long seq;
    private long bootNanos;
    private long generated;
    private long acked;
    private long lost;
    private long reboots;
    private long lastAckProgressNanos = System.nanoTime();
    private Supplier<String> payload;

    /**
     * Creates a device.
     *
     * @param mac
     *            its MAC address
     * @param mode
     *            how it stamps readings
     * @param crc
     *            whether its frames carry the CRC suffix
     * @param driftPpm
     *            how fast its clock runs, in parts per million
     * @param firstSeq
     *            its first sequence number
     * @param flash
     *            how many unacknowledged readings it can keep
     * @param seed
     *            random seed for its values
     */
    public SimDevice(String mac, Mode mode, boolean crc, double driftPpm, long firstSeq, int flash, long seed) {
        this.mac = mac;
        this.mode = mode;
        this.crc = crc;
        this.driftPpm = driftPpm;
        this.seq = firstSeq;
        this.flash = flash;
        this.random = new Random(seed);
        this.bootNanos = System.nanoTime();
    }

    /**
     * A MAC address for device number {@code i} of a fleet.
     *
     * @param prefix
     *            first byte
     * @param i
     *            index
     *
     * @return the MAC
     */
    public static String mac(int prefix, int i) {
        return String.format("%02X:%02X:%02X:%02X:%02X:%02X", prefix, 0x5E, (i >> 24) & 0xFF, (i >> 16) & 0xFF,
                (i >> 8) & 0xFF, i & 0xFF);
    }

    /**
     * Starts the sequence at {@code first}, before the first reading (a device keeps its seq across runs: a demo that
     * runs again on the same data continues from a higher seq).
     *
     * @param first
     *            the next sequence number
     */
    public synchronized void startAt(long first) {
        if (generated > 0) {
            throw new IllegalStateException("startAt after the first reading");
        }
        seq = first;
    }

    /**
     * What each native reading carries after its seq and time, such as {@code "type":"ds18b20","src":"<node
     * MAC>","v":{"c":5.2}} (a node behind this device); {@code null}: a {@code temperature} of 4 to 8 °C.
     *
     * @param p
     *            the supplier, asked once per reading
     */
    public synchronized void payload(Supplier<String> p) {
        this.payload = p;
    }

    /** @return the MAC address */
    public String mac() {
        return mac;
    }

    /** @return the mode */
    public Mode mode() {
        return mode;
    }

    /** @return the uptime in ms, drifting */
    public synchronized long uptime() {
        return (long) ((System.nanoTime() - bootNanos) / 1e6 * (1 + driftPpm / 1e6));
    }

    /** Reboots: the uptime restarts from 0; the sequence counter and unacknowledged readings survive (flash). */
    public synchronized void reboot() {
        bootNanos = System.nanoTime();
        reboots++;
    }

    /** @return the hello frame */
    public synchronized String hello() {
        return hello(null);
    }

    /**
     * The hello frame with a device token.
     *
     * @param token
     *            the token, or {@code null}
     *
     * @return the frame
     */
    public synchronized String hello(String token) {
        return frame("{\"t\":\"hello\",\"mac\":\"" + mac + "\",\"fw\":\"0.3.1\",\"chip\":\"ESP32-WROOM\","
                + "\"sensors\":[\"temperature\",\"rssi\"],\"uptime\":" + uptime()
                + (mode == Mode.SEED ? "" : ",\"seq\":" + (oldest() & 0xFFFF_FFFFL))
                + (token == null ? "" : ",\"token\":\"" + token + "\"") + "}");
    }

    /** The oldest sequence number kept, or the next one when none is kept. */
    private long oldest() {
        return unacked.isEmpty() ? seq : unacked.firstKey();
    }

    /** @return a status frame */
    public synchronized String status() {
        return frame("{\"t\":\"st\",\"mac\":\"" + mac + "\",\"rssi\":" + (-40 - random.nextInt(40)) + ",\"heap\":"
                + (80_000 + random.nextInt(5_000)) + "}");
    }

    /**
     * Takes a reading: it is kept until acknowledged (seq modes) and returned as a frame to send now.
     *
     * @return the frame
     */
    public synchronized String read() {
        generated++;
        double t = 4 + random.nextInt(400) / 100.0;
        String value = String.format(Locale.ROOT, "%.2f", t);
        if (mode == Mode.SEED) {
            return "{\"macAddress\":\"" + mac + "\", \"timestamp\":" + uptime() + ", \"temperature\":" + value + "}";
        }
        long s = seq++;
        String time = mode == Mode.NATIVE_TS ? "\"ts\":" + System.currentTimeMillis() : "\"uptime\":" + uptime();
        String item = "\"seq\":" + (s & 0xFFFF_FFFFL) + "," + time + ","
                + (payload != null ? payload.get() : "\"type\":\"temperature\",\"v\":{\"temperature\":" + value + "}");
        unacked.put(s, item);
        if (unacked.size() > flash) {
            unacked.pollFirstEntry();
            lost++;
        }
        return frame("{\"t\":\"r\",\"mac\":\"" + mac + "\"," + item + "}");
    }

    /** The seed firmware's other payload: RSSI in percent, for /readings/gateway/MAC. */
    public synchronized String seedRssi() {
        return "{\"macAddress\":\"" + mac + "\", \"timestamp\":" + uptime() + ", \"rssi\":" + (40 + random.nextInt(50))
                + "}";
    }

    /**
     * The gateway acknowledged everything up to a sequence number.
     *
     * @param ackSeq
     *            the acknowledged number (unsigned 32-bit)
     */
    public synchronized void ack(long ackSeq) {
        if (unacked.isEmpty()) {
            return;
        }
        long first = unacked.firstKey();
        long u = first + (int) (ackSeq - (first & 0xFFFF_FFFFL));
        Map<Long, String> head = unacked.headMap(u, true);
        if (!head.isEmpty()) {
            acked += head.size();
            head.clear();
            lastAckProgressNanos = System.nanoTime();
        }
    }

    /**
     * Replay batches of every unacknowledged reading (after a reconnect or when acks stall), oldest first.
     *
     * @param perBatch
     *            items per batch (a frame must stay under 1024 bytes: 6 is safe)
     *
     * @return the frames
     */
    public synchronized List<String> replay(int perBatch) {
        List<String> frames = new ArrayList<>();
        List<String> items = new ArrayList<>();
        for (String item : unacked.values()) {
            items.add("{" + item + "}");
            if (items.size() == perBatch) {
                frames.add(frame("{\"t\":\"rb\",\"mac\":\"" + mac + "\",\"items\":[" + String.join(",", items) + "]}"));
                items.clear();
            }
        }
        if (!items.isEmpty()) {
            frames.add(frame("{\"t\":\"rb\",\"mac\":\"" + mac + "\",\"items\":[" + String.join(",", items) + "]}"));
        }
        lastAckProgressNanos = System.nanoTime();
        return frames;
    }

    /** @return whether acks have not moved for this long while readings wait */
    public synchronized boolean stalled(long ms) {
        return !unacked.isEmpty() && System.nanoTime() - lastAckProgressNanos > ms * 1_000_000L;
    }

    private String frame(String json) {
        return crc ? Crc.suffixed(json) : json;
    }

    /** A frame with a wrong CRC. */
    public synchronized String corrupt(String frame) {
        String json = frame.contains("\t") ? frame.substring(0, frame.indexOf('\t')) : frame;
        int good = Crc.of(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return json + String.format("\t%04X", good ^ 0x5A5A);
    }

    /** @return readings taken */
    public synchronized long generated() {
        return generated;
    }

    /** @return readings acknowledged */
    public synchronized long acked() {
        return acked;
    }

    /** @return readings kept, waiting for an ack */
    public synchronized int unacked() {
        return unacked.size();
    }

    /** @return readings lost because the flash was full */
    public synchronized long lost() {
        return lost;
    }

    /** @return reboots */
    public synchronized long reboots() {
        return reboots;
    }

    /** @return the next sequence number */
    public synchronized long nextSeq() {
        return seq;
    }
}
