package io.holdfast.faults;

import static org.awaitility.Awaitility.await;

import io.holdfast.simulator.Faults;
import io.holdfast.simulator.SimDevice;
import io.holdfast.simulator.TcpFleet;
import io.holdfast.testkit.JarProcess;
import io.holdfast.testkit.Mosquitto;
import io.holdfast.testkit.Ports;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The whole chain as an operator runs it: the simulated devices (in this process) -> the gateway jar (a process) -> the
 * {@link Proxy} -> Mosquitto (a process, persistence on) -> the backend jar (a process, SQLite), and an
 * {@link Observer} on the broker. Every wait has a limit and fails with a {@link FaultsException} naming what did not
 * happen.
 */
final class Rig implements AutoCloseable {

    static final String ACCOUNT = "holdfast";
    static final String CLIENT = "faults-gw";
    static final Duration START = Duration.ofMinutes(3);
    /**
     * Mosquitto 2.0 keeps nothing on disk by default and queues at most 1 000 QoS 1 messages per offline client
     * ({@code max_queued_messages 1000}), 20 in flight: here persistence is on (saved every second and at exit) and the
     * queue is unlimited, so the backend's persistent session loses nothing while the backend is down.
     */
    static final String BROKER_CONFIG = "allow_anonymous true\npersistence true\npersistence_location @DIR@/\n"
            + "autosave_interval 1\nmax_queued_messages 0\nmax_inflight_messages 0\n";

    private final Settings settings;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String password = "faults-" + java.util.UUID.randomUUID();
    final Path dir;
    final Mosquitto broker;
    final Proxy proxy;
    final int tcpPort = Ports.free();
    final int consolePort = Ports.free();
    final int apiPort = Ports.free();
    final Ledger ledger;
    private final List<Closeable> extra = new ArrayList<>();
    private final List<Closeable> atEnd = new ArrayList<>();
    private Path gatewayHome;
    private Path gatewayData;
    private JarProcess gateway;
    private JarProcess backend;
    private int gatewayStarts;
    private int backendStarts;
    TcpFleet fleet;
    Observer observer;
    /** Where the last scenario ended (the devices paused and drained): where the next one starts. */
    private Ledger.Mark lastMark;
    /** Cleared while the suite itself has a process down: then its death is no failure. */
    private volatile boolean gatewayUp;
    private volatile boolean backendUp;
    private volatile boolean brokerUp;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    interface Closeable {
        void close() throws Exception;
    }

    Rig(Settings settings, PrintStream out) throws IOException {
        this.settings = settings;
        this.out = out;
        this.dir = settings.out().toAbsolutePath();
        Files.createDirectories(dir);
        this.broker = new Mosquitto(dir.resolve("mosquitto"), BROKER_CONFIG);
        this.proxy = new Proxy(Ports.free(), "127.0.0.1", broker.port);
        this.ledger = new Ledger(dir.resolve("backend/data/backend/holdfast.db"));
        this.gatewayHome = dir.resolve("gateway");
        this.gatewayData = gatewayHome.resolve("data");
    }

    /** Starts everything, the devices last. */
    void start() throws Exception {
        startBroker();
        say("mosquitto on " + broker.url() + " (persistence on, unlimited queue), proxy on " + proxy.start().url());
        startBackend();
        observer = new Observer(broker.url(), ACCOUNT);
        startGateway(true);
        fleet = new TcpFleet(new TcpFleet.Options("127.0.0.1", tcpPort, settings.devices(), settings.rate(),
                SimDevice.Mode.NATIVE, false, 0, Faults.NONE, 5_000, 0x3C, settings.seed(), null));
        lastMark = Ledger.mark(fleet, observer);
        fleet.start();
        say("fleet: " + settings.devices() + " devices x " + settings.rate() + " readings/s on the gateway's TCP port "
                + tcpPort);
    }

    /** Starts Mosquitto (again) on its port. */
    void startBroker() {
        broker.start();
        brokerUp = true;
    }

    /** Stops Mosquitto: SIGKILL or SIGTERM. */
    void stopBroker(boolean kill) {
        brokerUp = false;
        if (kill) {
            broker.kill();
        } else {
            broker.stop();
        }
    }

    /** Fails at once when a process the suite did not stop has ended: someone else stopped it, or it crashed. */
    void health() {
        if (gatewayUp && !gateway.process().isAlive()) {
            throw new FaultsException("the gateway exited by itself with " + gateway.process().exitValue()
                    + " (its output: " + gateway.outputFile() + ")");
        }
        if (backendUp && !backend.process().isAlive()) {
            throw new FaultsException("the backend exited by itself with " + backend.process().exitValue()
                    + " (its output: " + backend.outputFile() + ")");
        }
        if (brokerUp && !broker.running()) {
            throw new FaultsException("mosquitto exited, not stopped by the suite (its log: " + broker.log() + ")");
        }
    }

    void startBackend() {
        backendStarts++;
        long t0 = System.nanoTime();
        backend = JarProcess.start("backend-" + backendStarts, settings.backendJar(), dir.resolve("backend"), "384m",
                List.of("--data", dir.resolve("backend/data").toString(), "--port", Integer.toString(apiPort), "--host",
                        "127.0.0.1", "--broker", broker.url(), "--client-id", "faults-backend"));
        awaitOutput(backend, "backend ingest: connected to", "the backend's ingest connected to the broker");
        backendUp = true;
        say("backend started (" + ms(t0) + " ms, pid " + backend.process().pid() + ")");
    }

    /** SIGKILL of the backend: nothing it had not committed is acknowledged to the broker. */
    void killBackend() throws InterruptedException {
        backendUp = false;
        backend.process().destroyForcibly().waitFor();
    }

    /**
     * Starts the gateway on its data directory. The first start on a directory gives it the proxy as its broker and the
     * TCP port, and configures through the web console what the suite needs: the cloud connection's client id and
     * simple JSON (read by the observer and by DEPLOY-V2), no seed MQTT link, the package server's URL prefix.
     */
    void startGateway(boolean first) throws Exception {
        gatewayStarts++;
        long t0 = System.nanoTime();
        Path home = gatewayHome;
        Files.createDirectories(home);
        Path passwordFile = home.resolve("console-password");
        Files.writeString(passwordFile, password + "\n");
        List<String> args = new ArrayList<>(List.of("--data", gatewayData.toString(), "--port",
                Integer.toString(consolePort), "--host", "127.0.0.1", "--no-shell", "--console-password-file",
                passwordFile.toString(), "--broker", proxy.url(), "--tcp-port", Integer.toString(tcpPort)));
        gateway = JarProcess.start("gateway-" + gatewayStarts, settings.gatewayJar(), home, "256m", args);
        awaitOutput(gateway, "holdfast: gateway started in", "the gateway started");
        gatewayUp = true;
        if (first) {
            configureGateway();
        }
        say("gateway started (" + ms(t0) + " ms, pid " + gateway.process().pid() + ")");
    }

    private void configureGateway() {
        awaitTrue("the gateway's web console took the cloud connection's configuration",
                () -> console("io.holdfast.cloud.mqtt.MqttCloudEndpoint~holdfast-cloud",
                        Map.of("kura.service.pid", "holdfast-cloud", "broker.url", proxy.url(), "account.name", ACCOUNT,
                                "client.id", CLIENT, "payload.encoding", "SIMPLE_JSON", "DurableQueue.target",
                                "(holdfast.queue.name=default)")) < 400);
        awaitTrue("the gateway's web console deleted the seed MQTT link",
                () -> post("/system/console/configMgr/io.holdfast.esp32.MqttIngestLink~esp32-seed-mqtt",
                        "apply=true&delete=true") < 400);
    }

    /** Configures a PID through the web console's Configuration page; every other property goes to its default. */
    int console(String pid, Map<String, String> properties) throws IOException, InterruptedException {
        String form = "apply=true&action=ajaxConfigManager&propertylist="
                + URLEncoder.encode(String.join(",", properties.keySet()), StandardCharsets.UTF_8) + "&"
                + properties.entrySet().stream()
                        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                        .collect(Collectors.joining("&"));
        return post("/system/console/configMgr/" + pid, form);
    }

    private int post(String path, String form) throws IOException, InterruptedException {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + consolePort + path))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization",
                        "Basic " + Base64.getEncoder()
                                .encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        return http.send(r, HttpResponse.BodyHandlers.discarding()).statusCode(); // a good form: 302, not followed
    }

    /** SIGKILL of the gateway: no bundle is stopped, nothing is flushed. */
    void killGateway() throws InterruptedException {
        gatewayUp = false;
        gateway.process().destroyForcibly().waitFor();
    }

    /** SIGTERM of the gateway, waiting for it to stop its bundles. */
    void stopGateway() {
        gatewayUp = false;
        gateway.close();
    }

    JarProcess gateway() {
        return gateway;
    }

    JarProcess backend() {
        return backend;
    }

    /**
     * Moves the gateway to another data directory (a new gateway: the next start is a first start), its output and
     * temporary files to another folder.
     */
    void gatewayData(Path home, Path data) {
        this.gatewayHome = home;
        this.gatewayData = data;
    }

    /** @return the gateway's data directory */
    Path gatewayData() {
        return gatewayData;
    }

    /** Something to do after every process was stopped (unmount a file system). */
    void atEnd(Closeable c) {
        atEnd.add(c);
    }

    /**
     * Pauses the devices and waits until none holds an unacked reading and the backend stored everything acked since
     * {@code from}: nothing is left in the gateway's store (the devices stay paused).
     */
    void drain(Ledger.Mark from, String what) {
        fleet.pause();
        awaitTrue("the devices have no unacked reading left (" + what + ")", () -> fleet.unacked() == 0);
        Ledger.Mark to = Ledger.mark(fleet, observer);
        java.util.Set<String> acked = Ledger.acked(from, to);
        awaitTrue("the backend stored every acked reading (" + what + ")",
                () -> ledger.stored(from, to).keySet().containsAll(acked));
    }

    /** Something to close with the rig (before the processes). */
    void closeLater(Closeable c) {
        extra.add(c);
    }

    /** Waits until the devices got {@code n} more acks: the gateway takes, stores and acknowledges readings. */
    void awaitAcks(long n, String what) {
        long from = fleet.acked();
        awaitTrue(n + " more readings acked to the devices (" + what + ")", () -> fleet.acked() >= from + n);
    }

    /** Waits until the backend stored {@code n} more readings of the devices. */
    void awaitStored(long n, String what) throws Exception {
        Ledger.Mark m = Ledger.mark(fleet, observer);
        awaitTrue(n + " more readings stored by the backend (" + what + ")", () -> {
            Ledger.Mark now = Ledger.mark(fleet, observer);
            return ledger.exists() && ledger.stored(m, now).size() >= n;
        });
    }

    /**
     * Ends a scenario: pauses the devices, waits until none holds an unacked reading and until the backend stored every
     * acked one (each with its limit), counts, resumes the devices.
     */
    Ledger.Tally account(String name, Ledger.Mark from, String notes) throws Exception {
        fleet.pause();
        boolean drained = awaitQuietly(Duration.ofSeconds(settings.drainSeconds()), () -> fleet.unacked() == 0);
        long held = fleet.unacked();
        if (!drained) {
            say(name + ": the devices still hold " + held + " unacked readings after " + settings.drainSeconds()
                    + " s (reported as still held by devices)");
        }
        Ledger.Mark to = Ledger.mark(fleet, observer);
        java.util.Set<String> acked = Ledger.acked(from, to);
        boolean stored = awaitQuietly(Duration.ofSeconds(settings.drainSeconds()),
                () -> ledger.stored(from, to).keySet().containsAll(acked));
        if (!stored) {
            say(name + ": the backend has not stored every acked reading after " + settings.drainSeconds() + " s");
        }
        Ledger.Tally t = ledger.tally(name, from, to, held, notes);
        lastMark = to;
        fleet.resume();
        return t;
    }

    /** @return where the last scenario ended, or the fleet started: where the next one starts counting */
    Ledger.Mark lastMark() {
        return lastMark;
    }

    /** Waits for a condition; a {@link FaultsException} naming it when the time is up. */
    void awaitTrue(String what, Callable<Boolean> condition) {
        try {
            await().atMost(START).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptionsMatching(e -> !(e instanceof FaultsException)).until(() -> {
                        health();
                        return condition.call();
                    });
        } catch (ConditionTimeoutException e) {
            throw new FaultsException("not within " + START.toSeconds() + " s: " + what);
        }
    }

    private boolean awaitQuietly(Duration atMost, Callable<Boolean> condition) {
        try {
            await().atMost(atMost).pollInterval(Duration.ofMillis(500))
                    .ignoreExceptionsMatching(e -> !(e instanceof FaultsException)).until(() -> {
                        health();
                        return condition.call();
                    });
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    private void awaitOutput(JarProcess p, String text, String what) {
        try {
            await().atMost(START).pollInterval(Duration.ofMillis(100)).until(() -> {
                if (!p.process().isAlive()) {
                    throw new FaultsException(what + ": no, it exited " + p.process().exitValue() + " (its output: "
                            + p.outputFile() + ")");
                }
                return p.output().contains(text);
            });
        } catch (ConditionTimeoutException e) {
            throw new FaultsException(
                    "not within " + START.toSeconds() + " s: " + what + " (its output: " + p.outputFile() + ")");
        }
    }

    void say(String line) {
        out.println("faults: " + line);
        out.flush();
    }

    static long ms(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    /** Stops the devices, the gateway, the backend, the proxy and the broker; kills what does not stop. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        gatewayUp = false;
        backendUp = false;
        brokerUp = false;
        if (fleet != null) {
            fleet.close();
        }
        for (Closeable c : extra) {
            try {
                c.close();
            } catch (Exception e) {
                say("closing: " + e);
            }
        }
        if (gateway != null) {
            gateway.close();
        }
        if (observer != null) {
            try {
                observer.close();
            } catch (Exception e) {
                say("closing the observer: " + e);
            }
        }
        if (backend != null) {
            backend.close();
        }
        proxy.close();
        broker.close();
        for (Closeable c : atEnd) {
            try {
                c.close();
            } catch (Exception e) {
                say("at the end: " + e);
            }
        }
    }
}
