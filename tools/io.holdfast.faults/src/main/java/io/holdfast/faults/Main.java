package io.holdfast.faults;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar holdfast-faults.jar}: runs the chain (simulated devices, the gateway jar, a proxy, Mosquitto, the
 * backend jar) through the chosen scenarios and prints, per scenario and in total, the readings sent, acked, stored,
 * lost and duplicated by exact (device, seq). Exit status 0 when nothing acked was lost or stored twice, 1 when
 * something was, 2 for a wrong command line, 3 when something the suite waited for did not happen.
 */
@Command(name = "holdfast-faults", customSynopsis = "java -jar holdfast-faults.jar [options]", description = { "",
        "Fault injection on the whole Holdfast chain: devices -> gateway -> proxy -> Mosquitto -> backend.",
        "" }, optionListHeading = "Options:%n", sortOptions = false, mixinStandardHelpOptions = true)
public final class Main implements Callable<Integer> {

    static final int EXIT_LOST = 1;
    static final int EXIT_USAGE = 2;
    static final int EXIT_FAILED = 3;

    @Option(names = "--scenario", paramLabel = "NAME", description = "a scenario to run, repeatable: gateway-kill, "
            + "broker-restart, proxy-cut, proxy-stall, backend-kill, dp-install, disk-full (default: all, in this order)")
    List<String> scenarios = new ArrayList<>();

    @Option(names = "--short", description = "the CI form: 3 gateway kills, 1 broker restart, 1 backend kill, a 3 s "
            + "cut, a 5 s stall, a full disk for 5 s (options given explicitly still win)")
    boolean shortForm;

    @Option(names = "--kills", paramLabel = "N", description = "gateway SIGKILLs (default: 20, short form 3)")
    Integer kills;

    @Option(names = "--broker-restarts", paramLabel = "N", description = "broker restarts, SIGTERM and kill -9 in "
            + "turn (default: 4, short form 1: a SIGTERM)")
    Integer brokerRestarts;

    @Option(names = "--backend-kills", paramLabel = "N", description = "backend SIGKILLs (default: 3, short form 1)")
    Integer backendKills;

    @Option(names = "--cut-seconds", paramLabel = "S", description = "how long the cut lasts (default: 10, short "
            + "form 3)")
    Integer cutSeconds;

    @Option(names = "--stall-seconds", paramLabel = "S", description = "how long the stall lasts (default: 75, more "
            + "than the gateway's keep-alive; short form 5)")
    Integer stallSeconds;

    @Option(names = "--seed", paramLabel = "N", description = "random seed of the kill moments and the devices "
            + "(default: random, printed)")
    Long seed;

    @Option(names = "--devices", paramLabel = "N", defaultValue = "20", description = "simulated ESP32 devices on "
            + "the gateway's TCP link (default: ${DEFAULT-VALUE})")
    int devices;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "25", description = "readings per second per device "
            + "(default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--drain-seconds", paramLabel = "S", defaultValue = "180", description = "how long the end of a "
            + "scenario waits for the devices' acks and the backend's rows (default: ${DEFAULT-VALUE})")
    int drainSeconds;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "holdfast-faults-out", description = "the processes' "
            + "data and output, and report.md (default: ./${DEFAULT-VALUE}; must not exist or be empty)")
    Path out;

    @Option(names = "--gateway-jar", paramLabel = "FILE", defaultValue = "kura-deploy/target/holdfast-gateway.jar", description = "(default: ${DEFAULT-VALUE})")
    Path gatewayJar;

    @Option(names = "--backend-jar", paramLabel = "FILE", defaultValue = "backend-bundles/io.holdfast.backend.runtime/target/holdfast-backend.jar", description = "(default: ${DEFAULT-VALUE})")
    Path backendJar;

    @Option(names = "--dp-dir", paramLabel = "DIR", defaultValue = "dp-packages", description = "the built "
            + "deployment packages, <name>/target/*.dp (default: ${DEFAULT-VALUE})")
    Path dpDir;

    @Option(names = "--disk-mb", paramLabel = "MB", defaultValue = "64", description = "size of the gateway's tmpfs "
            + "in disk-full (default: ${DEFAULT-VALUE})")
    int diskMegabytes;

    @Option(names = "--full-seconds", paramLabel = "S", description = "how long the gateway's disk stays full while "
            + "the devices send (default: 30, short form 5)")
    Integer fullSeconds;

    private final PrintStream stdout;
    private final PrintStream stderr;

    Main(PrintStream stdout, PrintStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Runs the suite.
     *
     * @param args
     *            {@code --help} says
     */
    public static void main(String[] args) {
        Main main = new Main(System.out, System.err);
        CommandLine cl = new CommandLine(main);
        cl.setParameterExceptionHandler((e, a) -> {
            main.stderr.println("holdfast-faults: " + e.getMessage() + " (see --help)");
            return EXIT_USAGE;
        });
        System.exit(cl.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        for (String s : scenarios) {
            if (!Scenarios.ALL.containsKey(s)) {
                return usage(
                        "unknown scenario " + s + "; the scenarios are " + String.join(", ", Scenarios.ALL.keySet()));
            }
        }
        for (Path jar : List.of(gatewayJar, backendJar)) {
            if (!Files.isRegularFile(jar)) {
                return usage(jar + " is not built (mvn -B -q -DskipTests package) or give it with --gateway-jar / "
                        + "--backend-jar");
            }
        }
        if (Files.isDirectory(out)) {
            try (var list = Files.list(out)) {
                if (list.findAny().isPresent()) {
                    return usage(out + " is not empty: give another --out");
                }
            }
        }
        long theSeed = seed != null ? seed : System.nanoTime();
        Settings settings = new Settings(out, gatewayJar.toAbsolutePath(), backendJar.toAbsolutePath(),
                dpDir.toAbsolutePath(), devices, rate, theSeed, pick(kills, 20, 3), pick(brokerRestarts, 4, 1),
                pick(backendKills, 3, 1), pick(cutSeconds, 10, 3), pick(stallSeconds, 75, 5), diskMegabytes,
                pick(fullSeconds, 30, 5), drainSeconds);
        List<String> run = scenarios.isEmpty() ? new ArrayList<>(Scenarios.ALL.keySet()) : scenarios;
        stdout.println("faults: seed " + theSeed + " (--seed " + theSeed + " repeats the kill moments), scenarios "
                + String.join(", ", run) + ", load average " + Report.loadAverage());
        List<Ledger.Tally> tallies = new ArrayList<>();
        Ledger.Mark first;
        Ledger.Tally total;
        long t0 = System.nanoTime();
        try (Rig rig = new Rig(settings, stdout)) {
            // SIGTERM or Ctrl-C: the gateway, the backend and the broker are stopped too
            Thread hook = new Thread(rig::close, "faults-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            rig.start();
            first = rig.lastMark();
            Scenarios s = new Scenarios(rig, settings);
            for (String name : run) {
                rig.say(name + ": starting");
                Ledger.Tally t = Scenarios.ALL.get(name).run(s);
                tallies.add(t);
                stdout.println(Report.line(t));
            }
            rig.fleet.pause(); // the total counts up to the end of the last scenario
            long held = tallies.isEmpty() ? 0 : tallies.get(tallies.size() - 1).heldByDevices();
            total = rig.ledger.tally("total", first, rig.lastMark(), held, "observer: " + rig.observer.undecodable()
                    + " undecodable messages, " + rig.observer.subscribeFailures() + " failed subscriptions");
        } catch (FaultsException e) {
            stderr.println("holdfast-faults: " + e.getMessage());
            Report.write(settings, tallies, null, Rig.ms(t0));
            return EXIT_FAILED;
        }
        stdout.println(Report.line(total));
        Path report = Report.write(settings, tallies, total, Rig.ms(t0));
        stdout.println(String.format(Locale.ROOT, "faults: %.0f s, report in %s", Rig.ms(t0) / 1e3, report));
        return tallies.stream().allMatch(Ledger.Tally::ok) && total.ok() ? 0 : EXIT_LOST;
    }

    private int pick(Integer given, int full, int shortOne) {
        return given != null ? given : shortForm ? shortOne : full;
    }

    private int usage(String line) {
        stderr.println("holdfast-faults: " + line);
        return EXIT_USAGE;
    }
}
