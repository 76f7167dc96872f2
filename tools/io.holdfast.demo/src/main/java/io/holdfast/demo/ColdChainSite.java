package io.holdfast.demo;

import io.holdfast.simulator.Faults;
import io.holdfast.simulator.MqttFleet;
import io.holdfast.simulator.SerialDevice;
import io.holdfast.simulator.SimDevice;
import io.holdfast.simulator.TcpFleet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A small cold-chain site, played by the fleet simulator's devices in this process: three ESP32 gateway devices on the
 * gateway's TCP link and one on a serial port (a socat pty pair), each relaying two or three sensor nodes (PT100 and
 * DS18B20 probes, readings with {@code src}, each node with its own seq and acks) and reporting its own signal strength
 * ({@code rssi} readings), and one device running the seed firmware, which publishes to the broker over MQTT. One
 * fridge's node (a DS18B20) drifts from 5 °C to above 8 °C in about half a minute and stays there, so that an alarm
 * rule fires. The backend stores a node's readings under the node's MAC (the reading's {@code source}), so each node is
 * a device there, and the fridge's alarm rule names the node.
 * <p>
 * Every device and node keeps its seq across runs, as firmware keeps it in flash: a run continues each at the next seq
 * the last run saved when it stopped ({@code saved}); without one (a first run, a run that did not stop cleanly) at a
 * seq derived from the wall clock (16 per second since 2023-11-14), higher than anything an earlier run at up to 16
 * readings per second sent, since the seqs of every run grow by at most 16 a second from such a start. Contiguous seqs
 * matter for the nodes: the gateway starts a node's acks where its stored seqs end (a hello names only the device's
 * oldest seq), so a jump would hold the node's acks back until the gateway gives the hole up.
 */
final class ColdChainSite implements AutoCloseable {

    /** The fridge that drifts: a DS18B20 node behind the second TCP device. */
    static final String FRIDGE = SimDevice.mac(0x3C, 1);
    /** The ESP32 gateway device on the serial port. */
    static final String SERIAL = "3C:E9:0E:72:12:4C";
    /** Where the fridge starts, and how fast it warms. */
    static final double FRIDGE_START = 5.0;
    static final double FRIDGE_WARMING_PER_SECOND = 0.1;
    static final double FRIDGE_MAX = 11.0;
    /** The first byte of the TCP devices' MACs (the nodes' is 0x3C, the ids of the probes of earlier demo versions). */
    static final int TCP_PREFIX = 0xA4;
    /** How long {@link #close()} waits for the gateway to acknowledge what the site sent. */
    static final long DRAIN_MS = 20_000;

    private static final long EPOCH_SECONDS = 1_700_000_000L;

    /** One device or node of the site: what it measures, what it is, and its first seq in this run. */
    record Source(SimDevice device, String metric, String what, long first) {
    }

    private final TcpFleet tcp;
    private final SerialDevice serial;
    private final MqttFleet seed;
    private final List<Source> sources = new ArrayList<>();
    private final long startNanos = System.nanoTime();
    private final long clockSeq;
    private final Function<String, Long> saved;

    /**
     * Creates the site.
     *
     * @param host
     *            the gateway's host
     * @param tcpPort
     *            its TCP link
     * @param tty
     *            the device side of the serial pty pair, or {@code null}: no serial device
     * @param broker
     *            the broker the seed device publishes to
     * @param rate
     *            readings per second per device and per node
     * @param saved
     *            the next seq of a device or node (by id) the last run saved, or {@code null}
     */
    ColdChainSite(String host, int tcpPort, Path tty, String broker, double rate, Function<String, Long> saved)
            throws IOException {
        this.saved = saved;
        clockSeq = (System.currentTimeMillis() / 1000 - EPOCH_SECONDS) * 16;
        tcp = new TcpFleet(new TcpFleet.Options(host, tcpPort, 3, rate, SimDevice.Mode.NATIVE, true, 0, Faults.NONE,
                5_000, TCP_PREFIX, System.nanoTime(), null));
        List<SimDevice> d = tcp.devices();
        gateway(d.get(0), "ESP32 gateway device, cold room, TCP");
        node(d.get(0), 0, pt100(() -> 3.5 + wobble(0.4)), "PT100, cold room");
        node(d.get(0), 4, ds18b20(() -> 4.5 + wobble(0.3)), "DS18B20, cold room door");
        node(d.get(0), 5, ds18b20(() -> 3.0 + wobble(0.3)), "DS18B20, cold room rack");
        gateway(d.get(1), "ESP32 gateway device, fridges, TCP");
        node(d.get(1), 1, ds18b20(this::fridge), "DS18B20, the fridge that drifts");
        node(d.get(1), 2, ds18b20(() -> 4.0 + wobble(0.3)), "DS18B20, a fridge at 4 °C");
        gateway(d.get(2), "ESP32 gateway device, freezers, TCP");
        node(d.get(2), 3, pt100(() -> -18.0 + wobble(0.5)), "PT100, freezer");
        node(d.get(2), 6, pt100(() -> -22.0 + wobble(0.5)), "PT100, blast freezer");
        if (tty != null) {
            SimDevice s = new SimDevice(SERIAL, SimDevice.Mode.NATIVE, true, 0, clockSeq, 100_000, 7);
            gateway(s, "ESP32 gateway device, dispatch, serial");
            node(s, 7, ds18b20(() -> 5.0 + wobble(0.3)), "DS18B20, dispatch bay");
            node(s, 8, pt100(() -> 6.0 + wobble(0.4)), "PT100, loading dock");
            serial = new SerialDevice(tty.toString(), s, rate, Faults.NONE);
        } else {
            serial = null;
        }
        seed = new MqttFleet(broker, 1, rate, 0x24);
    }

    private long first(String id) {
        Long s = saved.apply(id);
        return s != null ? s : clockSeq;
    }

    private void gateway(SimDevice device, String what) {
        long first = first(device.mac());
        device.startAt(first);
        device.payload(() -> "\"type\":\"rssi\",\"v\":{\"dbm\":" + (-55 - (int) (Math.random() * 15)) + "}");
        sources.add(new Source(device, "rssi", what, first));
    }

    private void node(SimDevice gateway, int i, Supplier<String> payload, String what) {
        String mac = SimDevice.mac(0x3C, i);
        long first = first(mac);
        SimDevice n = gateway.relay(mac, first);
        n.payload(payload);
        sources.add(new Source(n, "temperature", what + ", node of " + gateway.mac(), first));
    }

    private static Supplier<String> pt100(DoubleSupplier celsius) {
        // IEC 60751 near 0 °C: R = 100 Ω * (1 + 3.9083e-3 * t)
        return () -> String.format(Locale.ROOT, "\"type\":\"pt100\",\"v\":{\"ohm\":%.3f}",
                100 * (1 + 3.9083e-3 * celsius.getAsDouble()));
    }

    private static Supplier<String> ds18b20(DoubleSupplier celsius) {
        return () -> String.format(Locale.ROOT, "\"type\":\"ds18b20\",\"v\":{\"c\":%.2f}", celsius.getAsDouble());
    }

    private static double wobble(double amplitude) {
        return (Math.random() * 2 - 1) * amplitude;
    }

    private double fridge() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        return Math.min(FRIDGE_MAX, FRIDGE_START + FRIDGE_WARMING_PER_SECOND * seconds) + wobble(0.05);
    }

    /** @return the next seq of every ESP32 gateway device and node, by id: what the next run continues from */
    Map<String, Long> nextSeqs() {
        Map<String, Long> m = new LinkedHashMap<>();
        sources.forEach(s -> m.put(s.device().mac(), s.device().nextSeq()));
        return m;
    }

    /** @return how many devices and nodes continue the seq the last run saved */
    long continued() {
        return sources.stream().filter(s -> saved.apply(s.device().mac()) != null).count();
    }

    /** @return how many ESP32 gateway devices and nodes the site has */
    String shape() {
        long devices = sources.stream().filter(s -> s.device().relayedBy() == null).count();
        return devices + " ESP32 gateway devices (3 over TCP" + (serial == null ? "" : ", 1 over serial (socat pty)")
                + ") relaying " + (sources.size() - devices) + " PT100 and DS18B20 nodes, 1 seed-firmware device over "
                + "MQTT";
    }

    void start() {
        tcp.start();
        if (serial != null) {
            serial.start();
        }
        seed.start();
    }

    /** One line: what the devices sent and the gateway acknowledged. */
    String summary() {
        long generated = 0;
        long acked = 0;
        long unacked = 0;
        for (Source s : sources) {
            generated += s.device().generated();
            acked += s.device().acked();
            unacked += s.device().unacked();
        }
        return String.format(Locale.ROOT,
                "site: %d readings from the ESP32 devices and their nodes, %d acknowledged by the gateway (%d waiting); "
                        + "%d seed MQTT messages; fridge %s at %.1f °C",
                generated, acked, unacked, seed.published(), FRIDGE, fridge());
    }

    /** Stops taking readings: what the devices and nodes keep still goes out, and acks still come in. */
    void pause() {
        tcp.pause();
        if (serial != null) {
            serial.pause();
        }
    }

    /**
     * Waits (at most {@code ms}) until the gateway acknowledged every reading the devices and nodes keep.
     *
     * @return whether none is left unacknowledged
     */
    boolean drain(long ms) throws InterruptedException {
        long end = System.nanoTime() + ms * 1_000_000L;
        while (sources.stream().anyMatch(s -> s.device().unacked() > 0)) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.sleep(100); // polling the devices' flash, as the summary does
        }
        return true;
    }

    /**
     * What each device and node sent in this run: {@code <id> <metric> seq <first> to <last>, <n> unacknowledged
     * (<what>)}, or that it sent nothing.
     */
    List<String> report() {
        List<String> lines = new ArrayList<>();
        for (Source s : sources) {
            SimDevice d = s.device();
            long next = d.nextSeq();
            lines.add(next == s.first() ? d.mac() + " " + s.metric() + " no readings (" + s.what() + ")"
                    : String.format(Locale.ROOT, "%s %s seq %d to %d, %d unacknowledged (%s)", d.mac(), s.metric(),
                            s.first(), next - 1, d.unacked(), s.what()));
        }
        return lines;
    }

    @Override
    public void close() {
        tcp.close();
        if (serial != null) {
            serial.close();
        }
        seed.close();
    }
}
