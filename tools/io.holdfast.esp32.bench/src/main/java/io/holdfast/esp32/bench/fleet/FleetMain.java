package io.holdfast.esp32.bench.fleet;

import io.holdfast.simulator.Faults;
import io.holdfast.simulator.SimDevice;
import io.holdfast.simulator.TcpFleet;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The benchmark's fleet, in a process of its own (the agent starts it): simulated ESP32 devices on TCP, one NIO thread.
 * It connects, warms up, measures, stops generating and waits until every reading is acked, and writes what it saw as
 * lines on stdout that the agent reads:
 * <ul>
 * <li>{@code CONNECTED <n>}, {@code START}, then each second {@code SEC <i> <acked in that second> <generated in that
 * second> <unacked>},</li>
 * <li>{@code END <acked> <generated> <seconds> <fleet cpu ms in the measured interval> <longest ack stall ms>},</li>
 * <li>{@code DRAINED <backlog at the stop> <ms until all acked, or -1> <unacked left>}, and
 * {@code TOTAL <generated> <acked> <frames sent> <connects> <fleet cpu ms> <hold frames received> <re-sends after an
 * ack stall> <readings re-sent>}.</li>
 * </ul>
 * A stall is the longest time, polled every 10 ms, that the acked count did not move while readings were unacked.
 */
@Command(name = "esp32-bench-fleet", mixinStandardHelpOptions = true, description = "The esp32-bench fleet process.")
public final class FleetMain implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "127.0.0.1")
    String host;

    @Option(names = "--port", required = true)
    int port;

    @Option(names = "--devices", defaultValue = "1000")
    int devices;

    @Option(names = "--rate", defaultValue = "100")
    double rate;

    @Option(names = "--warmup", defaultValue = "10")
    int warmup;

    @Option(names = "--seconds", defaultValue = "30")
    int seconds;

    @Option(names = "--drain-timeout", defaultValue = "300")
    int drainTimeout;

    @Option(names = "--resend-ms", defaultValue = "5000")
    long resendMs;

    private FleetMain() {
    }

    /**
     * Runs the fleet.
     *
     * @param args
     *            see {@code --help}
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new FleetMain()).execute(args));
    }

    private static long cpuMs() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
    }

    @Override
    public Integer call() throws Exception {
        TcpFleet.Options o = new TcpFleet.Options(host, port, devices, rate, SimDevice.Mode.NATIVE, false, 0,
                Faults.NONE, resendMs, 0x3C, 1, null);
        try (TcpFleet fleet = new TcpFleet(o)) {
            fleet.start();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (fleet.connected() < devices && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            System.out.printf(Locale.ROOT, "CONNECTED %d%n", fleet.connected());
            Thread.sleep(warmup * 1000L);
            long a0 = fleet.acked();
            long g0 = fleet.generated();
            long cpu0 = cpuMs();
            long t0 = System.nanoTime();
            System.out.println("START");
            long lastA = a0;
            long lastG = g0;
            long lastMove = t0;
            long prevPoll = a0;
            long stall = 0;
            long nextSecond = t0 + 1_000_000_000L;
            int sec = 0;
            while (sec < seconds) {
                Thread.sleep(10);
                long now = System.nanoTime();
                long a = fleet.acked();
                if (a != prevPoll || fleet.unacked() == 0) {
                    prevPoll = a;
                    lastMove = now;
                } else {
                    stall = Math.max(stall, (now - lastMove) / 1_000_000);
                }
                if (now >= nextSecond) {
                    long g = fleet.generated();
                    sec++;
                    System.out.printf(Locale.ROOT, "SEC %d %d %d %d%n", sec, a - lastA, g - lastG, fleet.unacked());
                    lastA = a;
                    lastG = g;
                    nextSecond += 1_000_000_000L;
                }
            }
            long a1 = fleet.acked();
            long g1 = fleet.generated();
            double dt = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "END %d %d %.3f %d %d%n", a1 - a0, g1 - g0, dt, cpuMs() - cpu0, stall);
            fleet.pause();
            long backlog = fleet.unacked();
            long p0 = System.nanoTime();
            long drainDeadline = p0 + drainTimeout * 1_000_000_000L;
            while (fleet.unacked() > 0 && System.nanoTime() < drainDeadline) {
                Thread.sleep(5);
            }
            long left = fleet.unacked();
            System.out.printf(Locale.ROOT, "DRAINED %d %d %d%n", backlog,
                    left == 0 ? (System.nanoTime() - p0) / 1_000_000 : -1, left);
            System.out.printf(Locale.ROOT, "TOTAL %d %d %d %d %d %d %d %d%n", fleet.generated(), fleet.acked(),
                    fleet.framesSent(), fleet.connects(), cpuMs(), fleet.holds(), fleet.stallResends(),
                    fleet.resends());
        }
        return 0;
    }
}
