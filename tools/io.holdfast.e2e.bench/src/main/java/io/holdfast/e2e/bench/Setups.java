package io.holdfast.e2e.bench;

import io.holdfast.simulator.TcpFleet;
import io.holdfast.testkit.Mosquitto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/** The measurements of one run, each against the same cloud broker and backend ({@link Stack}). */
final class Setups {

    static final String HOLDFAST = "Holdfast gateway";
    static final String BRIDGE = "Mosquitto bridge";
    static final String PAHO = "bare Paho";
    static final String PI = "Holdfast, 1 core, -Xmx64m";
    private static final Duration SETTLE = Duration.ofMinutes(3);
    private static final Duration QUIET = Duration.ofSeconds(45);

    private final Stack stack;
    private final Results results;
    private final E2eBench o;
    private final Consumer<String> say;

    Setups(Stack stack, Results results, E2eBench options, Consumer<String> say) {
        this.stack = stack;
        this.results = results;
        this.o = options;
        this.say = say;
    }

    /** Cold and warm start of a gateway, and its memory at idle; leaves it running. */
    Results.Gateway startups(String setup, String heap, String cpus) throws IOException, InterruptedException {
        GatewayProcess.Spec spec = stack.newGateway(setup.startsWith("Holdfast,") ? "gw-pi" : "gw", heap, cpus);
        GatewayProcess.Startup cold = stack.start(spec);
        say.accept(setup + ": cold start " + cold);
        TimeUnit.SECONDS.sleep(5); // let the first-start configurations settle before the warm start
        GatewayProcess.Startup warm = stack.start(spec);
        say.accept(setup + ": warm start " + warm);
        TimeUnit.SECONDS.sleep(o.idleSeconds); // idle: no device connected
        Machine.Memory idle = Machine.memory(stack.gateway.pid());
        say.accept(setup + ": idle " + idle);
        return new Results.Gateway(setup, cold, warm, idle, null);
    }

    /**
     * The Holdfast gateway at the configured rate: latency window, memory under load, then SIGKILL, restart on the same
     * data directory, more readings, and the exact set of acked readings against the set stored.
     */
    Machine.Memory holdfast(String setup, int macPrefix, boolean kill) throws IOException, InterruptedException {
        CommitWatcher.Track t = stack.watcher.track(Stack.prefix(macPrefix));
        TcpFleet fleet = stack.fleet(o.devices, o.rate, macPrefix);
        try {
            window(setup, t, fleet::generated, fleet::acked, true);
            Machine.Memory load = Machine.memory(stack.gateway.pid());
            say.accept(setup + ": under load " + load);
            if (!kill) {
                return load;
            }
            TimeUnit.SECONDS.sleep(o.killAfterSeconds);
            stack.gateway.kill();
            long t0 = System.nanoTime();
            GatewayProcess.Startup again = stack.start(stack.gateway.spec);
            double restart = (System.nanoTime() - t0) / 1e9;
            say.accept(setup + ": SIGKILLed, started again " + again);
            TimeUnit.SECONDS.sleep(o.afterKillSeconds);
            fleet.pause();
            Stack.await(() -> fleet.unacked() == 0, SETTLE);
            Set<String> acked = Stack.acked(fleet);
            Stack.awaitStored(t, acked, QUIET, SETTLE);
            Set<String> lost = Results.missing(acked, t.keys);
            results.losses.add(new Results.Loss(setup, "acked to the device (after the gateway's commit)", acked.size(),
                    lost.size(), Results.runs(lost), fleet.unacked(), -1, restart));
            say.accept(setup + ": acked " + acked.size() + ", lost " + lost.size());
            return load;
        } finally {
            fleet.close();
        }
    }

    /**
     * Waits for the devices' first readings in the backend and a warm-up, records the latency window, and a few seconds
     * for its last readings to commit.
     */
    private void window(String setup, CommitWatcher.Track t, LongSupplier generated, LongSupplier acked,
            boolean gateway) throws InterruptedException {
        if (!Stack.await(() -> t.stored() > 0, Duration.ofMinutes(3))) {
            throw new IllegalStateException(setup + ": no reading reached the backend in 3 minutes");
        }
        TimeUnit.SECONDS.sleep(o.warmupSeconds);
        // steady state: at most one second of readings waiting at the devices (a start leaves a backlog there)
        if (acked.getAsLong() >= 0
                && !Stack.await(() -> generated.getAsLong() - acked.getAsLong() <= o.rate, Duration.ofMinutes(2))) {
            results.notes.add(setup + ": the devices still had " + (generated.getAsLong() - acked.getAsLong())
                    + " readings waiting 2 minutes after the warm-up; the window was measured anyway");
        }
        long from = System.currentTimeMillis();
        long to = from + o.seconds * 1000L;
        t.window(from, to);
        long acked0 = acked.getAsLong();
        TimeUnit.MILLISECONDS.sleep(to - System.currentTimeMillis());
        long acked1 = acked.getAsLong();
        double ackedRate = acked0 < 0 ? -1 : (acked1 - acked0) / (double) o.seconds;
        long atDevices = acked1 < 0 ? -1 : generated.getAsLong() - acked1;
        long backlog = gateway ? stack.gateway.backlog() : -1;
        double stored = t.rate(from, to);
        // the window's readings may still be on their way: wait for them (or 2 minutes, or 10 s without one more)
        long expected = (long) (o.rate * o.seconds * 0.999);
        Stack.awaitGrowth(t::windowCount, expected, Duration.ofSeconds(10), Duration.ofMinutes(2));
        stack.watcher.check();
        Results.Run r = new Results.Run(setup, o.rate, stored, ackedRate, atDevices, backlog,
                Results.Latency.of(t.commitCopy()), Results.Latency.of(t.ingestCopy()), t.commitCopy());
        results.runs.add(r);
        say.accept(setup + ": " + String.format("%.0f", r.stored()) + " readings/s stored, "
                + String.format("%.0f", ackedRate) + "/s acked to the devices, at the devices " + atDevices
                + ", gateway backlog " + backlog + ", commit " + r.commit() + ", ingest " + r.ingest());
    }

    /**
     * A local Mosquitto with persistence bridging to the cloud broker at QoS 1, one Paho client per device publishing
     * to it; SIGKILL of the local broker and the devices' PUBACKed set against the set stored.
     */
    void bridge() throws Exception {
        int port = stackFreeBroker();
        Mosquitto local = new Mosquitto("allow_anonymous true\npersistence true\npersistence_location @DIR@/\n"
                + "max_inflight_messages 20\nmax_queued_messages 1000\n" // back to Mosquitto's defaults
                + "connection cloud\naddress 127.0.0.1:" + port + "\ntopic bench/# out 1\ncleansession false\n"
                + "clientid e2e-bridge\n");
        local.start();
        int prefix = 0xC1;
        CommitWatcher.Track t = stack.watcher.track(Stack.prefix(prefix));
        Set<String> published = ConcurrentHashMap.newKeySet();
        Set<String> acked = ConcurrentHashMap.newKeySet();
        try (ReadingPublisher devices = new ReadingPublisher(local.url(), "bridge", o.devices, o.devices,
                o.rate / o.devices, prefix, 0, new ReadingPublisher.Listener() {
                    @Override
                    public void published(String device, long seq) {
                        published.add(device + "#" + seq);
                    }

                    @Override
                    public void acked(String device, long seq) {
                        acked.add(device + "#" + seq);
                    }
                })) {
            window(BRIDGE, t, devices::generated, () -> acked.size(), false);
            TimeUnit.SECONDS.sleep(o.killAfterSeconds);
            local.kill();
            long t0 = System.nanoTime();
            local.start();
            double restart = (System.nanoTime() - t0) / 1e9;
            TimeUnit.SECONDS.sleep(o.afterKillSeconds);
            devices.pause();
            Stack.await(() -> devices.queued() == 0, SETTLE);
            Stack.await(() -> acked.size() == published.size(), Duration.ofSeconds(30));
            Set<String> a = Set.copyOf(acked);
            Stack.awaitStored(t, a, QUIET, SETTLE);
            Set<String> lost = Results.missing(a, t.keys);
            results.losses.add(new Results.Loss(BRIDGE, "PUBACK from the local broker", a.size(), lost.size(),
                    Results.runs(lost), published.size() - a.size(), -1, restart));
            say.accept(BRIDGE + ": acked " + a.size() + ", lost " + lost.size() + " " + Results.runs(lost));
        } finally {
            local.close();
        }
        results.notes.add("Mosquitto bridge: a local Mosquitto 2 with `persistence true` and otherwise its defaults "
                + "(`autosave_interval 1800`: the in-memory store reaches the disk every 30 minutes or at a clean "
                + "stop, so never before this SIGKILL; `max_inflight_messages 20`, `max_queued_messages 1000`), "
                + "`connection cloud`, `topic bench/# out 1`, `cleansession false`; one Paho client per device.");
    }

    private int stackFreeBroker() {
        return stack.cloud.port;
    }

    /** One Paho client process publishing to the cloud broker; SIGKILLed and started again. */
    void paho(Path selfClassPath) throws Exception {
        int prefix = 0xC2;
        CommitWatcher.Track t = stack.watcher.track(Stack.prefix(prefix));
        Path log = stack.dir.resolve("paho/acks.log");
        Files.createDirectories(log.getParent());
        Files.deleteIfExists(log);
        Process p = pahoProcess(selfClassPath, prefix, 0, 0, log, "paho-1.out");
        try {
            window(PAHO, t, () -> -1, () -> -1, false);
            TimeUnit.SECONDS.sleep(o.killAfterSeconds);
            p.destroyForcibly();
            p.waitFor();
            long t0 = System.nanoTime();
            p = pahoProcess(selfClassPath, prefix, 1_000_000, o.afterKillSeconds, log, "paho-2.out");
            double restart = (System.nanoTime() - t0) / 1e9;
            if (!p.waitFor(o.afterKillSeconds + 120L, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the Paho process did not end: see " + log.getParent());
            }
            PahoGateway.Log l = PahoGateway.Log.read(log);
            Stack.awaitStored(t, l.published(), QUIET, SETTLE);
            Set<String> lostPublished = Results.missing(l.published(), t.keys);
            Set<String> lostAcked = Results.missing(l.acked(), t.keys);
            results.losses.add(new Results.Loss(PAHO, "publish() returned (PUBACK: see the next columns)",
                    l.published().size(), lostPublished.size(), Results.runs(lostPublished), l.acked().size(),
                    lostAcked.size(), restart));
            say.accept(PAHO + ": published " + l.published().size() + ", lost " + lostPublished.size() + "; PUBACKed "
                    + l.acked().size() + ", lost " + lostAcked.size());
        } finally {
            p.destroyForcibly();
        }
    }

    private Process pahoProcess(Path cp, int prefix, long firstSeq, int seconds, Path log, String out)
            throws IOException, InterruptedException {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", cp.toString(), E2eBench.class.getName(), "paho-gateway", "--broker", stack.cloud.url(),
                "--devices", Integer.toString(o.devices), "--rate", Double.toString(o.rate / o.devices), "--mac-prefix",
                Integer.toString(prefix), "--first-seq", Long.toString(firstSeq), "--seconds",
                Integer.toString(seconds), "--log", log.toString());
        Path outFile = log.getParent().resolve(out);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(outFile.toFile()).start();
        if (!Stack.await(() -> !p.isAlive() || read(outFile).contains("publishing"), Duration.ofSeconds(60))
                || !p.isAlive()) {
            throw new IllegalStateException("the Paho process did not start: " + read(outFile));
        }
        return p;
    }

    private static String read(Path f) {
        try {
            return Files.exists(f) ? Files.readString(f) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Steps the offered rate up until the gateway no longer keeps up: each step runs a new fleet for
     * {@code stepSeconds}, then waits until everything is stored.
     */
    void steps(String setup, List<Integer> rates, int firstPrefix) throws IOException, InterruptedException {
        int i = 0;
        for (int rate : rates) {
            int prefix = firstPrefix + i++;
            CommitWatcher.Track t = stack.watcher.track(Stack.prefix(prefix));
            TcpFleet fleet = stack.fleet(o.devices, rate, prefix);
            try {
                long start = System.currentTimeMillis();
                long from = start + o.stepSeconds * 1000L / 3;
                long to = start + o.stepSeconds * 1000L;
                t.window(from, to);
                TimeUnit.MILLISECONDS.sleep(to - System.currentTimeMillis());
                long lag = fleet.generated() - t.stored();
                double stored = t.rate(from, to);
                boolean ok = Sustainable.judge(rate, stored, lag);
                fleet.pause();
                boolean settled = Stack.await(() -> fleet.unacked() == 0, SETTLE)
                        && Stack.awaitStored(t, Stack.acked(fleet), QUIET, SETTLE);
                Results.Step s = new Results.Step(setup, rate, stored, lag, ok, Results.Latency.of(t.commitCopy()),
                        t.commitCopy());
                results.steps.add(s);
                say.accept(setup + ": offered " + rate + "/s, stored " + String.format("%.0f", stored) + "/s, lag "
                        + lag + ", " + (ok ? "sustainable" : "NOT sustainable") + ", commit " + s.commit()
                        + (settled ? "" : " (did not settle)"));
                if (!ok || !settled) {
                    return;
                }
            } finally {
                fleet.close();
            }
        }
    }

    /**
     * The cloud broker stopped (SIGTERM, it saves the backend's session) while the devices send at the configured rate
     * for {@code outageSeconds}; then the devices stop, the broker starts, and the backlog (console) and the backend's
     * rows are followed until both are done.
     */
    void drain() throws IOException, InterruptedException {
        int prefix = 0xD1;
        CommitWatcher.Track t = stack.watcher.track(Stack.prefix(prefix));
        TcpFleet fleet = stack.fleet(o.devices, o.rate, prefix);
        List<double[]> curve = new ArrayList<>();
        try {
            TimeUnit.SECONDS.sleep(3);
            stack.stopCloud();
            long outageStart = System.nanoTime();
            say.accept("drain: cloud broker stopped for " + o.outageSeconds + " s");
            while (System.nanoTime() - outageStart < TimeUnit.SECONDS.toNanos(o.outageSeconds)) {
                TimeUnit.SECONDS.sleep(5);
                curve.add(new double[] { -(o.outageSeconds - (System.nanoTime() - outageStart) / 1e9),
                        stack.gateway.backlog(), t.stored() });
            }
            fleet.pause();
            Stack.await(() -> fleet.unacked() == 0, Duration.ofMinutes(1));
            long backlog = stack.gateway.backlog();
            long storedBefore = t.stored();
            stack.startCloud();
            long t0 = System.nanoTime();
            say.accept("drain: cloud broker started again, backlog " + backlog);
            Set<String> acked = Stack.acked(fleet);
            double reconnect = -1;
            double zero = -1;
            double all = -1;
            long end = t0 + TimeUnit.MINUTES.toNanos(15);
            while (System.nanoTime() < end && (zero < 0 || all < 0)) {
                TimeUnit.MILLISECONDS.sleep(250);
                double s = (System.nanoTime() - t0) / 1e9;
                long b = stack.gateway.backlog();
                long n = t.stored();
                curve.add(new double[] { s, b, n });
                if (reconnect < 0 && (b >= 0 && b < backlog || n > storedBefore)) {
                    reconnect = s;
                }
                if (zero < 0 && b == 0) {
                    zero = s;
                }
                if (all < 0 && n >= acked.size() && t.keys.containsAll(acked)) {
                    all = s;
                }
            }
            Set<String> lost = Results.missing(acked, t.keys);
            results.drain = new Results.Drain(o.outageSeconds, backlog, reconnect, zero, all, acked.size(), lost.size(),
                    curve);
            say.accept("drain: reconnect " + reconnect + " s, backlog 0 after " + zero + " s, backend all after " + all
                    + " s, lost " + lost.size());
        } finally {
            fleet.close();
        }
    }
}
