package io.holdfast.e2e.bench;

import io.holdfast.simulator.Faults;
import io.holdfast.simulator.SimDevice;
import io.holdfast.simulator.TcpFleet;
import io.holdfast.testkit.HoldfastOptions;
import io.holdfast.testkit.JarProcess;
import io.holdfast.testkit.Mosquitto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The processes of a run: the cloud broker (the test kit's Mosquitto, with persistence so that the backend's
 * subscription survives a planned outage), the backend jar on SQLite subscribed to it, the commit watcher on the
 * backend's database, and the gateway jar now running.
 */
final class Stack implements AutoCloseable {

    final Path dir;
    final Path gatewayJar;
    final Mosquitto cloud;
    final JarProcess backend;
    final CommitWatcher watcher;
    final Path passwordFile;
    final String password = "e2e-" + UUID.randomUUID();
    GatewayProcess gateway;
    private int gateways;
    /** Times the cloud broker was found stopped by something else than this benchmark (and started again). */
    final List<String> incidents = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean outage;
    private volatile boolean closed;
    private final Thread watchdog;

    Stack(Path dir, Path gatewayJar, Path backendJar, long pollMicros) throws IOException {
        this.dir = dir;
        this.gatewayJar = gatewayJar;
        System.setProperty("holdfast.build.directory", dir.toString()); // the test kit's Mosquitto folders
        passwordFile = dir.resolve("console-password.txt");
        Files.writeString(passwordFile, password + "\n");
        cloud = new Mosquitto("allow_anonymous true\npersistence true\npersistence_location @DIR@/\n").start();
        Path data = dir.resolve("backend/data");
        backend = JarProcess.start("backend", backendJar, dir.resolve("backend"), "512m",
                List.of("--data", data.toString(), "--port", Integer.toString(HoldfastOptions.freePort()), "--host",
                        "127.0.0.1", "--broker", cloud.url()));
        backend.awaitOutput("backend ingest: connected to", Duration.ofMinutes(4));
        watcher = new CommitWatcher(data.resolve("backend/holdfast.db"), pollMicros);
        watchdog = new Thread(this::guardCloud, "e2e-cloud-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /**
     * The machine is shared: a process outside this benchmark once stopped its cloud broker (SIGTERM). Every second
     * outside a planned outage, a broker found gone is noted and started again.
     */
    private void guardCloud() {
        while (!closed) {
            try {
                TimeUnit.SECONDS.sleep(1);
                synchronized (this) {
                    if (!closed && !outage && children(cloud.dir.toString()).isEmpty()) {
                        incidents.add(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                                + ": the cloud broker was found stopped by something outside the benchmark "
                                + "(see its log " + cloud.log() + "); started again");
                        E2eBench.say(incidents.get(incidents.size() - 1));
                        cloud.start();
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                E2eBench.say("the cloud broker watchdog: " + e);
            }
        }
    }

    /** A planned outage of the cloud broker: SIGTERM (it saves its sessions). */
    synchronized void stopCloud() {
        outage = true;
        cloud.stop();
    }

    /** The end of the planned outage. */
    synchronized void startCloud() {
        cloud.start();
        outage = false;
    }

    /** A gateway on a new data directory (cold), not started yet. */
    GatewayProcess.Spec newGateway(String name, String heap, String cpus) {
        return new GatewayProcess.Spec(gatewayJar, dir.resolve(name).resolve("data"), heap, cpus, cloud.url(),
                HoldfastOptions.freePort(), HoldfastOptions.freePort(), passwordFile, password);
    }

    /** Starts a gateway (stopping the one running) and waits until its console answers. */
    GatewayProcess.Startup start(GatewayProcess.Spec spec) throws IOException, InterruptedException {
        if (gateway != null) {
            gateway.close();
        }
        gateway = GatewayProcess.start(spec, "gateway-" + (++gateways));
        return gateway.awaitStarted(Duration.ofMinutes(3));
    }

    /** Simulated ESP32 devices over TCP to the running gateway, stamping readings with the wall clock (ts). */
    TcpFleet fleet(int devices, double rate, int macPrefix) throws IOException {
        TcpFleet f = new TcpFleet(new TcpFleet.Options("127.0.0.1", gateway.spec.tcpPort(), devices, rate / devices,
                SimDevice.Mode.NATIVE_TS, false, 0, Faults.NONE, 5_000, macPrefix, macPrefix, null));
        f.start();
        return f;
    }

    /** The (device, seq) every device of the fleet was acked for, as {@code device#seq}. */
    static Set<String> acked(TcpFleet fleet) {
        Set<String> out = new HashSet<>();
        for (SimDevice d : fleet.devices()) {
            long next = d.nextSeq();
            for (long s = next - d.generated(); s < next - d.unacked(); s++) {
                out.add(d.mac() + "#" + (s & 0xFFFF_FFFFL));
            }
        }
        return out;
    }

    /** The device-id prefix of {@link SimDevice#mac} for a first byte. */
    static String prefix(int macPrefix) {
        return SimDevice.mac(macPrefix, 0).substring(0, 6);
    }

    /** Waits until the condition holds or the time is up; whether it holds. */
    static boolean await(BooleanSupplier condition, Duration atMost) throws InterruptedException {
        long end = System.nanoTime() + atMost.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(100); // polling a condition of other processes
        }
        return true;
    }

    /**
     * Waits until the backend stored every key of {@code acked}, or nothing new arrived for {@code quiet}; whether it
     * has them all.
     */
    static boolean awaitStored(CommitWatcher.Track t, Set<String> acked, Duration quiet, Duration atMost)
            throws InterruptedException {
        long end = System.nanoTime() + atMost.toNanos();
        long last = -1;
        long lastChange = System.nanoTime();
        while (!t.keys.containsAll(acked)) {
            long n = t.stored();
            if (n != last) {
                last = n;
                lastChange = System.nanoTime();
            }
            if (System.nanoTime() > end || System.nanoTime() - lastChange > quiet.toNanos()) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(100); // polling the watcher
        }
        return true;
    }

    /** Waits until {@code count} reaches {@code target}, or stays the same for {@code quiet}, or the time is up. */
    static void awaitGrowth(java.util.function.LongSupplier count, long target, Duration quiet, Duration atMost)
            throws InterruptedException {
        long end = System.nanoTime() + atMost.toNanos();
        long last = -1;
        long lastChange = System.nanoTime();
        while (count.getAsLong() < target && System.nanoTime() < end
                && System.nanoTime() - lastChange < quiet.toNanos()) {
            long n = count.getAsLong();
            if (n != last) {
                last = n;
                lastChange = System.nanoTime();
            }
            TimeUnit.MILLISECONDS.sleep(100); // polling the watcher
        }
    }

    /** This JVM's child processes whose command line contains {@code text}. */
    static List<ProcessHandle> children(String text) {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().map(c -> c.contains(text)).orElse(false)).toList();
    }

    @Override
    public void close() throws Exception {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        watchdog.interrupt();
        if (gateway != null) {
            gateway.close();
        }
        watcher.close();
        backend.close();
        cloud.close();
    }
}
