package io.holdfast.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * One simulated ESP32 device: its uptime clock (with drift, restarting at reboots), its sequence counter (kept across
 * reboots, as in flash), and the readings it keeps until the gateway acknowledges them (bounded like its flash; the
 * oldest are lost when it is full). Produces frames as lines without the newline. Thread safe.
 * <p>
 * A device may relay sensor nodes ({@link #relay(String, long)}): each node is a {@code SimDevice} of its own, with its
 * own sequence counter, flash, send window and re-send back-off, whose frames carry the relaying device's MAC and the
 * node's {@code src} in each item; the gateway acknowledges it with {@code {"t":"ack","src":"<node>","seq":N}}, which
 * {@link #downlink(String)} hands to that node. The relaying device and its nodes share the link: a hold holds them
 * all, a reconnect re-sends what each of them keeps unacknowledged ({@link #rewindAll()}), and {@link #nextOfAll(int)}
 * takes their frames in turn.
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

    /**
     * Readings a device sends beyond its oldest unacknowledged one, as firmware with a small TCP send buffer does (lwIP
     * holds a few KiB): what waits for an ack, and what a stall re-sends, stays bounded (2.5 s at 100 readings/s).
     */
    public static final int WINDOW = 256;

    private final String mac;
    /** The MAC of the device that relays this node, or {@code null} for a device on its own link. */
    private final String relayedBy;
    private final List<SimDevice> nodes = new CopyOnWriteArrayList<>();
    /** Whose turn it is in {@link #nextOfAll(int)}: 0 this device, i its node i - 1. */
    private int turn;
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
    /** Unwrapped seq of the next kept reading to send: readings are sent in order from flash, never skipped. */
    private long cursor;
    /** One past the highest seq ever sent: below it a send is a re-send (an {@code rb} replay). */
    private long sentHigh;
    /** When acks last advanced, or the wait for them last (re)started; see {@link #resendDue()}. */
    private long lastAckProgressNanos = System.nanoTime();
    private final long backoffBaseMs;
    private long backoffMs;
    /** Until when the gateway asked the device to hold ({@code {"t":"hold","ms":N}}); 0 when not held. */
    private long heldUntilNanos;
    private long holds;
    private long resends;
    private Supplier<String> payload;

    /**
     * Creates a device that re-sends after 5 s without ack progress: see
     * {@link #SimDevice(String, Mode, boolean, double, long, int, long, long)}.
     */
    public SimDevice(String mac, Mode mode, boolean crc, double driftPpm, long firstSeq, int flash, long seed) {
        this(mac, mode, crc, driftPpm, firstSeq, flash, seed, 5_000);
    }

    /**
     * Creates a device with its re-send back-off.
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
     * @param resendAfterMs
     *            re-send what is unacked when acks did not advance for this long (the back-off doubles, up to 8 times
     *            this, while they still do not)
     */
    public SimDevice(String mac, Mode mode, boolean crc, double driftPpm, long firstSeq, int flash, long seed,
            long resendAfterMs) {
        this(mac, null, mode, crc, driftPpm, firstSeq, flash, seed, resendAfterMs);
    }

    private SimDevice(String mac, String relayedBy, Mode mode, boolean crc, double driftPpm, long firstSeq, int flash,
            long seed, long resendAfterMs) {
        this.mac = mac;
        this.relayedBy = relayedBy;
        this.mode = mode;
        this.crc = crc;
        this.driftPpm = driftPpm;
        this.seq = firstSeq;
        this.cursor = firstSeq;
        this.sentHigh = firstSeq;
        this.backoffBaseMs = Math.max(1, resendAfterMs);
        this.backoffMs = backoffBaseMs;
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
     * Adds a sensor node behind this device (a mesh node it relays): its readings go out on this device's link with
     * {@code "mac"} this device's and {@code "src"} the node's, numbered by the node's own counter from
     * {@code firstSeq}, kept in the node's own flash (as large as this device's) and re-sent by the node's own rule
     * (same back-off). The node takes readings when the link's driver calls {@link #take()} on it (the fleets do, for
     * every node at the device's rate). Add nodes before the link starts.
     *
     * @param nodeMac
     *            the node's MAC (or another id of up to 40 characters of {@code [A-Za-z0-9_.:-]})
     * @param firstSeq
     *            its first sequence number
     *
     * @return the node
     */
    public SimDevice relay(String nodeMac, long firstSeq) {
        if (mode == Mode.SEED || relayedBy != null) {
            throw new IllegalStateException(
                    mac + " cannot relay nodes: " + (relayedBy != null ? "it is a node" : "seed"));
        }
        SimDevice node = new SimDevice(nodeMac, mac, mode, crc, driftPpm, firstSeq, flash,
                random.nextLong() ^ nodeMac.hashCode(), backoffBaseMs);
        nodes.add(node);
        return node;
    }

    /** @return the nodes this device relays, in the order they were added */
    public List<SimDevice> nodes() {
        return List.copyOf(nodes);
    }

    /** @return this device and the nodes it relays: what takes readings and keeps them on this device's link */
    public List<SimDevice> sources() {
        List<SimDevice> l = new ArrayList<>(nodes.size() + 1);
        l.add(this);
        l.addAll(nodes);
        return l;
    }

    /** @return the MAC of the device that relays this node, or {@code null} for a device on its own link */
    public String relayedBy() {
        return relayedBy;
    }

    /**
     * Starts the sequence at {@code first}, before the first reading (a demo run again on its data continues higher).
     *
     * @param first
     *            the next sequence number
     */
    public synchronized void startAt(long first) {
        if (generated > 0) {
            throw new IllegalStateException("startAt after the first reading");
        }
        seq = cursor = sentHigh = first;
    }

    /**
     * What each native reading carries after its seq and time, such as {@code "type":"ds18b20","v":{"c":5.2}};
     * {@code null}: a {@code temperature} of 4 to 8 °C. (A node's {@code src} is not part of it: see
     * {@link #relay(String, long)}.)
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
        if (mode == Mode.SEED) {
            return seedReading();
        }
        String item = takeItem();
        markSent(seq);
        return frame("{\"t\":\"r\",\"mac\":\"" + linkMac() + "\"," + item + "}");
    }

    /**
     * Takes a reading into flash, to be sent by {@link #next(int)} in order (seq modes).
     */
    public synchronized void take() {
        takeItem();
    }

    private String takeItem() {
        generated++;
        double t = 4 + random.nextInt(400) / 100.0;
        String value = String.format(Locale.ROOT, "%.2f", t);
        long s = seq++;
        String time = mode == Mode.NATIVE_TS ? "\"ts\":" + System.currentTimeMillis() : "\"uptime\":" + uptime();
        String item = (relayedBy == null ? "" : "\"src\":\"" + mac + "\",") + "\"seq\":" + (s & 0xFFFF_FFFFL) + ","
                + time + ","
                + (payload != null ? payload.get() : "\"type\":\"temperature\",\"v\":{\"temperature\":" + value + "}");
        unacked.put(s, item);
        if (unacked.size() > flash) {
            unacked.pollFirstEntry();
            lost++;
            cursor = Math.max(cursor, unacked.firstKey());
        }
        return item;
    }

    /**
     * The next frame to send from flash, in seq order, or {@code null} when everything kept was sent or {@link #WINDOW}
     * readings wait for an ack: a reading sent for the first time as an {@code r} frame, re-sends (after
     * {@link #rewind()}) as {@code rb} batches.
     *
     * @param perBatch
     *            items per re-send batch (a frame must stay under 1024 bytes: 6 is safe)
     *
     * @return the frame, or {@code null}
     */
    public synchronized String next(int perBatch) {
        Map.Entry<Long, String> e = unacked.ceilingEntry(cursor);
        if (e == null || e.getKey() - unacked.firstKey() >= WINDOW) {
            return null;
        }
        if (e.getKey() >= sentHigh) {
            markSent(e.getKey() + 1);
            return frame("{\"t\":\"r\",\"mac\":\"" + linkMac() + "\"," + e.getValue() + "}");
        }
        List<String> items = new ArrayList<>();
        long last = e.getKey();
        for (Map.Entry<Long, String> x : unacked.tailMap(e.getKey(), true).entrySet()) {
            if (x.getKey() >= sentHigh || items.size() == perBatch) {
                break;
            }
            items.add("{" + x.getValue() + "}");
            last = x.getKey();
        }
        resends += items.size();
        markSent(last + 1);
        return batch(items);
    }

    /**
     * The next frame of this device or of one of the nodes it relays, taking turns ({@link #next(int)} of each), or
     * {@code null} when none of them has one to send now: what a relaying device's link sends.
     *
     * @param perBatch
     *            items per re-send batch
     *
     * @return the frame, or {@code null}
     */
    public String nextOfAll(int perBatch) {
        if (nodes.isEmpty()) {
            return next(perBatch);
        }
        List<SimDevice> all = sources();
        int start;
        synchronized (this) {
            start = turn;
            turn = (turn + 1) % all.size();
        }
        for (int i = 0; i < all.size(); i++) {
            String f = all.get((start + i) % all.size()).next(perBatch);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    /**
     * The link (re)connected: this device and each node it relays send again from their oldest unacknowledged reading.
     */
    public void rewindAll() {
        for (SimDevice s : sources()) {
            s.rewind();
        }
    }

    /**
     * The firmware re-send rule for this device and each node it relays, each on its own acks and back-off:
     * {@link #rewind()} each one whose {@link #resendDue()} says so.
     *
     * @return how many of them re-send
     */
    public int rewindStalled() {
        int n = 0;
        for (SimDevice s : sources()) {
            if (s.resendDue()) {
                s.rewind();
                n++;
            }
        }
        return n;
    }

    /**
     * A line from the gateway, read as firmware does ({@link Acks}): an ack of this device's own readings, an ack with
     * {@code src} for the node it names (ignored when this device relays no such node), hold and resume (for this
     * device and its nodes); anything else is ignored.
     *
     * @param line
     *            the downlink line, without the newline
     */
    public void downlink(String line) {
        long own = Acks.seq(line);
        if (own >= 0) {
            ack(own);
            return;
        }
        Acks.NodeAck n = Acks.node(line);
        if (n != null) {
            for (SimDevice node : nodes) {
                if (node.mac.equalsIgnoreCase(n.src())) {
                    node.ack(n.seq());
                }
            }
            return;
        }
        long hold = Acks.holdMs(line);
        if (hold >= 0) {
            hold(hold);
        } else if (Acks.isResume(line)) {
            resume();
        }
    }

    /** Everything below {@code end} was sent; the ack clock starts when the first of it waits. */
    private void markSent(long end) {
        if (!outstanding()) {
            lastAckProgressNanos = System.nanoTime();
        }
        cursor = Math.max(cursor, end);
        sentHigh = Math.max(sentHigh, end);
    }

    /** Whether readings were sent and are not acked yet. */
    private boolean outstanding() {
        return !unacked.isEmpty() && unacked.firstKey() < cursor;
    }

    /**
     * Sends again from the oldest unacked reading: after a reconnect, or when {@link #resendDue()}.
     */
    public synchronized void rewind() {
        cursor = oldest();
        lastAckProgressNanos = System.nanoTime();
    }

    /**
     * What real firmware does: re-send only when readings were sent, acks have not advanced for the back-off time, and
     * the gateway did not ask to hold; each such re-send doubles the back-off (up to 8 times the base), acks moving
     * again reset it. Never on a per-reading timer while acks flow.
     *
     * @return whether to {@link #rewind()} now; the back-off grows when it returns {@code true}
     */
    public synchronized boolean resendDue() {
        if (held() || !outstanding() || System.nanoTime() - lastAckProgressNanos < backoffMs * 1_000_000L) {
            return false;
        }
        backoffMs = Math.min(backoffMs * 2, backoffBaseMs * 8);
        return true;
    }

    /**
     * The gateway asked to hold: send nothing for {@code ms} (or until {@link #resume()}); readings are still taken and
     * kept, and waiting for acks does not count as a stall meanwhile.
     *
     * @param ms
     *            how long
     */
    public void hold(long ms) {
        synchronized (this) {
            heldUntilNanos = System.nanoTime() + Math.max(1, ms) * 1_000_000L;
            holds++;
        }
        for (SimDevice n : nodes) {
            n.hold(ms); // the link is held: the nodes it relays too
        }
    }

    /** The gateway said resume (or the connection is new): send again (the nodes this device relays too). */
    public void resume() {
        resumeSelf();
        for (SimDevice n : nodes) {
            n.resume();
        }
    }

    private synchronized void resumeSelf() {
        if (heldUntilNanos != 0) {
            heldUntilNanos = 0;
            lastAckProgressNanos = System.nanoTime();
        }
    }

    /** @return whether the device holds back its readings now, as the gateway asked */
    public synchronized boolean held() {
        if (heldUntilNanos != 0 && System.nanoTime() - heldUntilNanos >= 0) {
            resumeSelf(); // each node's hold ends by its own clock (they were held together)
        }
        return heldUntilNanos != 0;
    }

    private String seedReading() {
        generated++;
        double t = 4 + random.nextInt(400) / 100.0;
        String value = String.format(Locale.ROOT, "%.2f", t);
        return "{\"macAddress\":\"" + mac + "\", \"timestamp\":" + uptime() + ", \"temperature\":" + value + "}";
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
            backoffMs = backoffBaseMs;
            cursor = Math.max(cursor, u + 1);
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
                frames.add(batch(items));
                items.clear();
            }
        }
        if (!items.isEmpty()) {
            frames.add(batch(items));
        }
        resends += unacked.size();
        markSent(seq);
        lastAckProgressNanos = System.nanoTime();
        return frames;
    }

    /** @return whether acks have not moved for this long while sent readings wait (and the device is not held) */
    public synchronized boolean stalled(long ms) {
        return !held() && outstanding() && System.nanoTime() - lastAckProgressNanos > ms * 1_000_000L;
    }

    private String batch(List<String> items) {
        return frame("{\"t\":\"rb\",\"mac\":\"" + linkMac() + "\",\"items\":[" + String.join(",", items) + "]}");
    }

    /** The {@code mac} of this device's frames: its own, or for a node the relaying device's. */
    private String linkMac() {
        return relayedBy == null ? mac : relayedBy;
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

    /** @return hold frames received */
    public synchronized long holds() {
        return holds;
    }

    /** @return readings sent again (replays after a reconnect or a stall) */
    public synchronized long resends() {
        return resends;
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
