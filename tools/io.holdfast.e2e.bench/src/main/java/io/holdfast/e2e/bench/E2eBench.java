package io.holdfast.e2e.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar holdfast-e2e-bench.jar [options]}: simulated ESP32 TCP devices (in this process) through the gateway
 * jar, Mosquitto and the backend jar (SQLite), beside a Mosquitto bridge with persistence and a bare Paho client, in
 * one run; writes {@code e2e.md} and its PNG charts. {@code --help} lists the options; the module's README says what
 * each figure means.
 */
@Command(name = "holdfast-e2e-bench", mixinStandardHelpOptions = true, subcommands = PahoGateway.class, description = "End-to-end benchmark: devices -> gateway -> Mosquitto -> backend, against a Mosquitto bridge "
        + "and bare Paho; writes a Markdown report and PNG charts.")
public final class E2eBench implements Callable<Integer> {

    @Option(names = "--gateway-jar", defaultValue = "kura-deploy/target/holdfast-gateway.jar", description = "the gateway jar (default: ${DEFAULT-VALUE})")
    Path gatewayJar;

    @Option(names = "--backend-jar", defaultValue = "backend-bundles/io.holdfast.backend.runtime/target/holdfast-backend.jar", description = "the backend jar (default: ${DEFAULT-VALUE})")
    Path backendJar;

    @Option(names = "--dir", defaultValue = "tools/io.holdfast.e2e.bench/target/e2e-run", description = "working directory, emptied first (default: ${DEFAULT-VALUE})")
    Path dir;

    @Option(names = "--out", defaultValue = "docs/benchmarks", description = "where e2e.md and the charts go (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--devices", defaultValue = "50", description = "simulated devices (default: ${DEFAULT-VALUE})")
    int devices;

    @Option(names = "--rate", defaultValue = "1000", description = "readings/s of all devices together (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--seconds", defaultValue = "60", description = "latency window of each setup at --rate (default: ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--warmup-seconds", defaultValue = "10", description = "before each window (default: ${DEFAULT-VALUE})")
    int warmupSeconds;

    @Option(names = "--kill-after-seconds", defaultValue = "5", description = "from the window's end to the SIGKILL (default: ${DEFAULT-VALUE})")
    int killAfterSeconds;

    @Option(names = "--after-kill-seconds", defaultValue = "15", description = "readings taken after the restart (default: ${DEFAULT-VALUE})")
    int afterKillSeconds;

    @Option(names = "--rates", split = ",", defaultValue = "1000,2000,3000,4000,6000,8000,12000,16000,24000", description = "offered rates of the steps to the maximum sustainable rate (default: ${DEFAULT-VALUE})")
    List<Integer> rates;

    @Option(names = "--pi-rates", split = ",", defaultValue = "1000,2000,3000,4000,6000", description = "the same on one core with -Xmx64m (default: ${DEFAULT-VALUE})")
    List<Integer> piRates;

    @Option(names = "--step-seconds", defaultValue = "20", description = "length of each step (default: ${DEFAULT-VALUE})")
    int stepSeconds;

    @Option(names = "--outage-seconds", defaultValue = "600", description = "how long the cloud broker is down for the drain (default: ${DEFAULT-VALUE}, 10 minutes)")
    int outageSeconds;

    @Option(names = "--idle-seconds", defaultValue = "10", description = "after a start, before the idle memory (default: ${DEFAULT-VALUE})")
    int idleSeconds;

    @Option(names = "--poll-micros", defaultValue = "1000", description = "pause between two looks at the backend's database (default: ${DEFAULT-VALUE})")
    long pollMicros;

    @Option(names = "--skip", split = ",", defaultValue = "", description = "parts to leave out: bridge, paho, steps, drain, pi (default: none)")
    List<String> skip = new ArrayList<>();

    private final List<String> args;

    E2eBench(List<String> args) {
        this.args = args;
    }

    /**
     * Runs the benchmark.
     *
     * @param args
     *            {@code --help} says
     */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(new CommandLine(new E2eBench(List.of(args))).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        for (Path jar : List.of(gatewayJar, backendJar)) {
            if (!Files.isRegularFile(jar)) {
                System.err.println("holdfast-e2e-bench: " + jar + " is not built (mvn -B -q -DskipTests package)");
                return 2;
            }
        }
        Results r = new Results();
        List<String> jvm = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments();
        r.command = String
                .join(" ", List.of("java", String.join(" ", jvm),
                        "-jar tools/io.holdfast.e2e.bench/target/holdfast-e2e-bench.jar", String.join(" ", args)))
                .replaceAll(" +", " ").trim();
        r.machine = Machine.describe();
        r.loadStart = Machine.loadAverage();
        r.started = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        r.devices = devices;
        r.rate = rate;
        r.seconds = seconds;
        r.pollMicros = pollMicros;
        Path work = dir.toAbsolutePath();
        deleteTree(work);
        Files.createDirectories(work);
        Path classPath = Path.of(System.getProperty("java.class.path")).toAbsolutePath();
        Stack created = new Stack(work, gatewayJar.toAbsolutePath(), backendJar.toAbsolutePath(), pollMicros);
        Thread hook = new Thread(() -> {
            try {
                created.close(); // Ctrl-C or SIGTERM: no gateway, backend or broker left running
            } catch (Exception e) {
                System.err.println("holdfast-e2e-bench: stopping: " + e);
            }
        }, "e2e-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try (Stack stack = created) {
            Setups s = new Setups(stack, r, this, E2eBench::say);
            Results.Gateway g = s.startups(Setups.HOLDFAST, "256m", null);
            Machine.Memory load = s.holdfast(Setups.HOLDFAST, 0xA1, true);
            r.gateways.add(new Results.Gateway(g.setup(), g.cold(), g.warm(), g.idle(), load));
            if (!skip.contains("bridge")) {
                s.bridge();
            }
            if (!skip.contains("paho")) {
                s.paho(classPath);
            }
            if (!skip.contains("steps")) {
                s.steps(Setups.HOLDFAST, rates, 0xB0);
            }
            if (!skip.contains("drain")) {
                s.drain();
            }
            if (!skip.contains("pi")) {
                pi(stack, s, r);
            }
        } finally {
            r.notes.addAll(created.incidents);
            r.loadEnd = Machine.loadAverage();
            r.finished = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
            Files.createDirectories(out);
            Report.write(r, out);
            say("report: " + out.resolve("e2e.md"));
        }
        return 0;
    }

    /** The gateway under {@code taskset -c 0} with {@code -Xmx64m}, everything else of this run moved to core 1. */
    private void pi(Stack stack, Setups s, Results r) throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        if (cores < 2) {
            r.notes.add("Pi stand-in skipped: fewer than 2 cores");
            return;
        }
        Machine.pin(ProcessHandle.current().pid(), "1");
        Machine.pin(stack.backend.process().pid(), "1");
        for (ProcessHandle p : Stack.children(stack.cloud.dir.toString())) {
            Machine.pin(p.pid(), "1");
        }
        Results.Gateway g = s.startups(Setups.PI, "64m", "0");
        Machine.Memory load = s.holdfast(Setups.PI, 0xE1, false);
        r.gateways.add(new Results.Gateway(g.setup(), g.cold(), g.warm(), g.idle(), load));
        if (!skip.contains("steps")) {
            s.steps(Setups.PI, piRates, 0xE8);
        }
    }

    private static void deleteTree(Path p) throws java.io.IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var walk = Files.walk(p)) {
            for (Path x : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }

    static void say(String line) {
        System.out.println(Instant.now().truncatedTo(ChronoUnit.SECONDS) + " e2e-bench: " + line);
        System.out.flush();
    }
}
