package io.holdfast.demo;

import io.holdfast.simulator.Faults;
import io.holdfast.simulator.MqttFleet;
import io.holdfast.simulator.SerialDevice;
import io.holdfast.simulator.SimDevice;
import io.holdfast.simulator.TcpFleet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * A small cold-chain site, played by the fleet simulator's devices in this process: four ESP32 gateway devices on the
 * gateway's TCP link and one on a serial port (a socat pty pair), each with a PT100 or DS18B20 probe, and one device
 * running the seed firmware, which publishes to the broker over MQTT. One fridge (a DS18B20) drifts from 5 °C to above
 * 8 °C in about half a minute and stays there, so that an alarm rule fires.
 * <p>
 * The probes are wired to the devices themselves (readings without {@code src}): the simulator acknowledges a device's
 * own seq only, so sensor nodes relayed by a device are not played.
 * <p>
 * A device keeps its seq across runs: every run starts each device at a seq derived from the wall clock (16 per second
 * since 2023-11-14), higher than anything an earlier run at up to 16 readings per second and device sent.
 */
final class ColdChainSite implements AutoCloseable {

    /** The fridge that drifts: the second TCP device, with a DS18B20. */
    static final String FRIDGE = SimDevice.mac(0x3C, 1);
    /** The device on the serial port. */
    static final String SERIAL = "3C:E9:0E:72:12:4C";
    /** Where the fridge starts, and how fast it warms. */
    static final double FRIDGE_START = 5.0;
    static final double FRIDGE_WARMING_PER_SECOND = 0.1;
    static final double FRIDGE_MAX = 11.0;

    private static final long EPOCH_SECONDS = 1_700_000_000L;

    private final TcpFleet tcp;
    private final SerialDevice serial;
    private final MqttFleet seed;
    private final long startNanos = System.nanoTime();

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
     *            readings per second per device
     */
    ColdChainSite(String host, int tcpPort, Path tty, String broker, double rate) throws IOException {
        long first = (System.currentTimeMillis() / 1000 - EPOCH_SECONDS) * 16;
        tcp = new TcpFleet(new TcpFleet.Options(host, tcpPort, 4, rate, SimDevice.Mode.NATIVE, true, 0, Faults.NONE,
                5_000, 0x3C, System.nanoTime(), null));
        List<SimDevice> d = tcp.devices();
        probe(d.get(0), first, pt100(() -> 3.5 + wobble(0.4))); // cold room
        probe(d.get(1), first, ds18b20(this::fridge)); // the fridge that drifts
        probe(d.get(2), first, ds18b20(() -> 4.0 + wobble(0.3))); // a fridge that holds 4 °C
        probe(d.get(3), first, pt100(() -> -18.0 + wobble(0.5))); // freezer
        if (tty != null) {
            SimDevice s = new SimDevice(SERIAL, SimDevice.Mode.NATIVE, true, 0, first, 100_000, 7);
            probe(s, first, ds18b20(() -> 5.0 + wobble(0.3))); // dispatch bay
            serial = new SerialDevice(tty.toString(), s, rate, Faults.NONE);
        } else {
            serial = null;
        }
        seed = new MqttFleet(broker, 1, rate, 0x24);
    }

    private static void probe(SimDevice device, long first, Supplier<String> payload) {
        device.startAt(first);
        device.payload(payload);
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

    void start() {
        tcp.start();
        if (serial != null) {
            serial.start();
        }
        seed.start();
    }

    /** One line: what the devices sent and the gateway acknowledged. */
    String summary() {
        long generated = tcp.generated();
        long acked = tcp.acked();
        if (serial != null) {
            generated += serial.device().generated();
            acked += serial.device().acked();
        }
        return String.format(Locale.ROOT,
                "site: %d readings from the ESP32 devices, %d acknowledged by the gateway; %d seed MQTT messages; "
                        + "fridge %s at %.1f °C",
                generated, acked, seed.published(), FRIDGE, fridge());
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
