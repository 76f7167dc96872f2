package io.holdfast.simulator;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The fleet simulator's command line (picocli): {@code tcp}, {@code serial} and {@code mqtt}, each with its options;
 * {@code --help} lists them with their defaults. Prints what the devices sent and what the gateway acknowledged, every
 * second. A bad command line is one line on stderr and exit code 2.
 */
@Command(name = "holdfast-simulator", mixinStandardHelpOptions = true, subcommands = { Main.Tcp.class,
        Main.Serial.class, Main.Mqtt.class }, description = "Plays ESP32 devices against a Holdfast gateway.")
public final class Main implements Runnable {

    /**
     * Runs the simulator.
     *
     * @param args
     *            {@code --help} says
     */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("holdfast-simulator: " + e.getMessage());
            return 2;
        });
        return cl;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** What every transport shares. */
    static final class Common {
        @Option(names = "--rate", defaultValue = "1", description = "readings per second per device (default: ${DEFAULT-VALUE})")
        double rate;

        @Option(names = "--seconds", defaultValue = "60", description = "how long to run (default: ${DEFAULT-VALUE})")
        long seconds;

        long end() {
            return System.nanoTime() + seconds * 1_000_000_000L;
        }
    }

    /** Faults of the native protocol. */
    static final class FaultOptions {
        @Option(names = "--crc", description = "send the CRC-16 suffix (default: false)")
        boolean crc;

        @Option(names = "--garbage", defaultValue = "0", description = "probability of a garbage line (default: ${DEFAULT-VALUE})")
        double garbage;

        @Option(names = "--bad-crc", defaultValue = "0", description = "probability of a bad CRC (default: ${DEFAULT-VALUE})")
        double badCrc;

        Faults faults(double disconnects, double reboots) {
            return new Faults(garbage, badCrc, disconnects, reboots);
        }
    }

    @Command(name = "tcp", mixinStandardHelpOptions = true, description = "Devices on WiFi: one TCP connection each.")
    static final class Tcp implements Callable<Integer> {
        @Mixin
        Common common = new Common();
        @Mixin
        FaultOptions faults = new FaultOptions();

        @Option(names = "--host", defaultValue = "127.0.0.1", description = "the gateway (default: ${DEFAULT-VALUE})")
        String host;

        @Option(names = "--port", defaultValue = "7420", description = "its TCP link (default: ${DEFAULT-VALUE})")
        int port;

        @Option(names = "--devices", defaultValue = "100", description = "devices (default: ${DEFAULT-VALUE})")
        int devices;

        @Option(names = "--mode", defaultValue = "native", description = "native or native-ts (default: ${DEFAULT-VALUE})")
        String mode;

        @Option(names = "--drift-ppm", defaultValue = "0", description = "clock drift (default: ${DEFAULT-VALUE})")
        double driftPpm;

        @Option(names = "--disconnects", defaultValue = "0", description = "probability of a disconnect per reading (default: ${DEFAULT-VALUE})")
        double disconnects;

        @Option(names = "--reboots", defaultValue = "0", description = "probability of a reboot per reading (default: ${DEFAULT-VALUE})")
        double reboots;

        @Option(names = "--nodes", defaultValue = "0", description = "sensor nodes each device relays (src), each with its own seq, at the device's rate (default: ${DEFAULT-VALUE})")
        int nodes;

        @Option(names = "--resend-ms", defaultValue = "5000", description = "re-send what is unacked when acks did not advance for this long, doubling while they still do not (default: ${DEFAULT-VALUE})")
        long resendMs;

        @Override
        public Integer call() throws Exception {
            if (resendMs <= 0) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--resend-ms must be positive");
            }
            if (nodes < 0 || nodes > 64) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--nodes is 0 to 64, not " + nodes);
            }
            if (!mode.equals("native") && !mode.equals("native-ts")) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "--mode is native or native-ts, not " + mode);
            }
            SimDevice.Mode m = mode.equals("native-ts") ? SimDevice.Mode.NATIVE_TS : SimDevice.Mode.NATIVE;
            TcpFleet.Options opts = new TcpFleet.Options(host, port, devices, common.rate, m, faults.crc, driftPpm,
                    faults.faults(disconnects, reboots), resendMs, 0x3C, 1, null);
            long end = common.end();
            try (TcpFleet fleet = new TcpFleet(opts)) {
                List<SimDevice> ds = fleet.devices();
                for (int i = 0; i < ds.size(); i++) {
                    for (int j = 0; j < nodes; j++) {
                        ds.get(i).relay(SimDevice.mac(0x40, i * nodes + j), 0);
                    }
                }
                fleet.start();
                long lastAcked = 0;
                while (System.nanoTime() < end) {
                    Thread.sleep(1_000);
                    long acked = fleet.acked();
                    System.out.printf(
                            "connected %d, generated %d, sent %d, acked %d (%d/s), unacked %d, holds %d, stall re-sends %d%n",
                            fleet.connected(), fleet.generated(), fleet.framesSent(), acked, acked - lastAcked,
                            fleet.unacked(), fleet.holds(), fleet.stallResends());
                    lastAcked = acked;
                }
            }
            return 0;
        }
    }

    @Command(name = "serial", mixinStandardHelpOptions = true, description = "One device on a serial port (a socat pty).")
    static final class Serial implements Callable<Integer> {
        @Mixin
        Common common = new Common();
        @Mixin
        FaultOptions faults = new FaultOptions();

        @Option(names = "--tty", required = true, description = "the device side of the port")
        String tty;

        @Option(names = "--mac", defaultValue = "3C:E9:0E:72:12:4C", description = "the device (default: ${DEFAULT-VALUE})")
        String mac;

        @Override
        public Integer call() throws Exception {
            SimDevice d = new SimDevice(mac, SimDevice.Mode.NATIVE, faults.crc, 0, 0, 100_000, 1);
            long end = common.end();
            try (SerialDevice s = new SerialDevice(tty, d, common.rate, faults.faults(0, 0))) {
                s.start();
                while (System.nanoTime() < end) {
                    Thread.sleep(1_000);
                    System.out.printf("sent %d, acked %d, unacked %d%n", s.framesSent(), d.acked(), d.unacked());
                }
            }
            return 0;
        }
    }

    @Command(name = "mqtt", mixinStandardHelpOptions = true, description = "Seed firmware devices publishing to a broker.")
    static final class Mqtt implements Callable<Integer> {
        @Mixin
        Common common = new Common();

        @Option(names = "--broker", defaultValue = "tcp://127.0.0.1:1883", description = "the broker (default: ${DEFAULT-VALUE})")
        String broker;

        @Option(names = "--devices", defaultValue = "10", description = "devices (default: ${DEFAULT-VALUE})")
        int devices;

        @Override
        public Integer call() throws Exception {
            long end = common.end();
            try (MqttFleet f = new MqttFleet(broker, devices, common.rate, 0x40)) {
                f.start();
                while (System.nanoTime() < end) {
                    Thread.sleep(1_000);
                    System.out.printf("published %d, failures %d%n", f.published(), f.failures());
                }
            }
            return 0;
        }
    }
}
