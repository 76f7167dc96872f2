package io.holdfast.simulator;

import java.util.HashMap;
import java.util.Map;

/**
 * The fleet simulator's command line.
 *
 * <pre>
 * java -jar holdfast-simulator.jar tcp    [--host 127.0.0.1] [--port 7420] [--devices 100] [--rate 1] [--seconds 60]
 *                                         [--mode native|native-ts] [--crc] [--drift-ppm 50] [--garbage 0.01]
 *                                         [--bad-crc 0.01] [--disconnects 0.001] [--reboots 0.001]
 * java -jar holdfast-simulator.jar serial --tty /dev/pts/5 [--rate 1] [--seconds 60] [--crc] [--garbage p] [--bad-crc p]
 * java -jar holdfast-simulator.jar mqtt   [--broker tcp://127.0.0.1:1883] [--devices 10] [--rate 1] [--seconds 60]
 * </pre>
 *
 * Prints what the devices sent and what the gateway acknowledged, every second.
 */
public final class Main {

    private Main() {
    }

    /**
     * Runs the simulator.
     *
     * @param args
     *            see the class comment
     *
     * @throws Exception
     *             on failure
     */
    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help")) {
            System.out.println(
                    "usage: (tcp|serial|mqtt) [--option value]...; see the README of tools/io.holdfast.simulator");
            return;
        }
        Map<String, String> o = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            String k = args[i];
            if (!k.startsWith("--")) {
                throw new IllegalArgumentException("expected an option, got " + k);
            }
            boolean flag = i + 1 >= args.length || args[i + 1].startsWith("--");
            o.put(k.substring(2), flag ? "true" : args[++i]);
        }
        long seconds = Long.parseLong(o.getOrDefault("seconds", "60"));
        double rate = Double.parseDouble(o.getOrDefault("rate", "1"));
        boolean crc = Boolean.parseBoolean(o.getOrDefault("crc", "false"));
        Faults faults = new Faults(Double.parseDouble(o.getOrDefault("garbage", "0")),
                Double.parseDouble(o.getOrDefault("bad-crc", "0")),
                Double.parseDouble(o.getOrDefault("disconnects", "0")),
                Double.parseDouble(o.getOrDefault("reboots", "0")));
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        switch (args[0]) {
        case "tcp" -> {
            SimDevice.Mode mode = o.getOrDefault("mode", "native").equals("native-ts") ? SimDevice.Mode.NATIVE_TS
                    : SimDevice.Mode.NATIVE;
            TcpFleet.Options opts = new TcpFleet.Options(o.getOrDefault("host", "127.0.0.1"),
                    Integer.parseInt(o.getOrDefault("port", "7420")),
                    Integer.parseInt(o.getOrDefault("devices", "100")), rate, mode, crc,
                    Double.parseDouble(o.getOrDefault("drift-ppm", "0")), faults, 5_000, 0x3C, 1, null);
            try (TcpFleet fleet = new TcpFleet(opts)) {
                fleet.start();
                long lastAcked = 0;
                while (System.nanoTime() < end) {
                    Thread.sleep(1_000);
                    long acked = fleet.acked();
                    System.out.printf("connected %d, generated %d, sent %d, acked %d (%d/s), unacked %d%n",
                            fleet.connected(), fleet.generated(), fleet.framesSent(), acked, acked - lastAcked,
                            fleet.unacked());
                    lastAcked = acked;
                }
            }
        }
        case "serial" -> {
            SimDevice d = new SimDevice(o.getOrDefault("mac", "3C:E9:0E:72:12:4C"), SimDevice.Mode.NATIVE, crc, 0, 0,
                    100_000, 1);
            try (SerialDevice s = new SerialDevice(o.get("tty"), d, rate, faults)) {
                s.start();
                while (System.nanoTime() < end) {
                    Thread.sleep(1_000);
                    System.out.printf("sent %d, acked %d, unacked %d%n", s.framesSent(), d.acked(), d.unacked());
                }
            }
        }
        case "mqtt" -> {
            try (MqttFleet f = new MqttFleet(o.getOrDefault("broker", "tcp://127.0.0.1:1883"),
                    Integer.parseInt(o.getOrDefault("devices", "10")), rate, 0x40)) {
                f.start();
                while (System.nanoTime() < end) {
                    Thread.sleep(1_000);
                    System.out.printf("published %d, failures %d%n", f.published(), f.failures());
                }
            }
        }
        default -> throw new IllegalArgumentException("unknown transport " + args[0]);
        }
    }
}
