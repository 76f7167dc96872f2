package io.holdfast.dp.hotswap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.holdfast.simulator.SimDevice;
import io.holdfast.simulator.TcpFleet;
import io.holdfast.testkit.FileServer;
import io.holdfast.testkit.HoldfastOptions;
import io.holdfast.testkit.NextVersion;
import io.holdfast.testkit.TestDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.Test;

/**
 * The headline test of issue 12: the gateway jar runs as a process, 50 simulated ESP32 devices send 5 000 readings/s
 * over TCP through the driver, the store and the cloud connection to a Mosquitto of the test, where a subscriber
 * decodes every message; meanwhile the driver, store, cloud connection, OLED and a sensor package are updated in turn,
 * each to a new version through DEPLOY-V2 ({@code EXEC/download} from an HTTP server of the test, with its hash). Every
 * reading acknowledged to a device must have reached the subscriber, the gateway process must be the same one
 * throughout, and the longest delivery gap of each update is reported (target: 250 ms).
 */
public class HotSwapIT {
    static final int DEVICES = 50;
    static final double RATE = 100;
    static final String ACCOUNT = "holdfast";
    static final String CLIENT = "gw-hotswap";
    /** The packages in the order they are updated, with the bundle of each that must run the new version. */
    static final List<String> ORDER = List.of("io.holdfast.esp32", "io.holdfast.store.sqlite", "io.holdfast.cloud.mqtt",
            "io.holdfast.oled", "io.holdfast.sensor.seed");
    static final String NEXT = "0.1.1";
    private static final Duration LONG = Duration.ofMinutes(3);
    private static long fleetStart;

    @Test
    public void everyPackageUpdatedUnderLoadLosesNothing() throws Exception {
        Path work = TestDirs.target().resolve("hotswap").resolve(UUID.randomUUID().toString());
        Path served = Files.createDirectories(work.resolve("served"));
        Path jar = Path.of(System.getProperty("holdfast.gateway.jar", "../../kura-deploy/target/holdfast-gateway.jar"));
        int http = HoldfastOptions.freePort();
        int tcp = HoldfastOptions.freePort();
        Map<String, Update> figures = new LinkedHashMap<>();
        try (Broker broker = new Broker(); FileServer files = new FileServer(served);
                Gateway gw = new Gateway(jar, work.resolve("data"), http, work.resolve("gateway.out"))) {
            await().atMost(LONG).until(() -> gw.output().contains("gateway started in"));
            long pid = gw.process.pid();
            configure(gw, broker, files, tcp);
            try (Cloud cloud = new Cloud(broker.url(), ACCOUNT, CLIENT)) {
                cloud.deploy.ask("bundles", r -> true, LONG); // DEPLOY-V2 answers: the cloud connection is up
                TcpFleet fleet = new TcpFleet(TcpFleet.Options.simple("127.0.0.1", tcp, DEVICES, RATE));
                try {
                    fleet.start();
                    fleetStart = System.nanoTime();
                    await().atMost(LONG).until(() -> cloud.total() > 20_000);
                    long job = 100;
                    for (String name : ORDER) {
                        figures.put(name, update(cloud, gw, files, served, name, ++job));
                    }
                    fleet.pause();
                    // the last readings are acked once stored; a device still holding some at the end has not been
                    // acked for them, so they are not in the acked set (the set is exact either way)
                    awaitQuietly(() -> fleet.unacked() == 0);
                    Set<String> acked = acked(fleet);
                    // what was acked is stored, so it reaches the subscriber
                    awaitQuietly(() -> cloud.unique().containsAll(acked));
                    Set<String> lost = new HashSet<>(acked);
                    lost.removeAll(cloud.unique());
                    long duplicates = cloud.total() - cloud.unique().size();
                    String report = report(figures, fleet, acked.size(), cloud.total(), duplicates, lost.size())
                            + "lost (device: seq ranges): " + ranges(lost) + "\n" + "first seq of each device: "
                            + firsts(fleet) + "\n";
                    Files.writeString(TestDirs.target().resolve("hotswap-report.txt"), report);
                    System.out.println(report);
                    assertThat(lost).as("acked but never received").isEmpty();
                    assertThat(cloud.undecodable).hasValue(0);
                    // a package refresh must restart no bundle outside the package (the API, the store, the driver)
                    for (Update u : figures.values()) {
                        assertThat(String.join("\n", u.log())).as("what the update of %s stopped", u.name())
                                .contains("bundles outside the package stopped: none");
                    }
                } finally {
                    fleet.close();
                }
            }
            assertThat(gw.process.isAlive()).as("the gateway still runs").isTrue();
            assertThat(gw.process.pid()).as("the same process").isEqualTo(pid);
            assertThat(gw.output().split("gateway started in", -1)).as("started once").hasSize(2);
        }
    }

    /** Points the first-start configuration at the test's broker and ports, and lets DEPLOY-V2 fetch from the test. */
    private static void configure(Gateway gw, Broker broker, FileServer files, int tcp) throws Exception {
        // (the console may still refuse connections just after the start is reported)
        await().atMost(LONG).ignoreExceptions()
                .until(() -> gw.configure("io.holdfast.cloud.mqtt.MqttCloudEndpoint~holdfast-cloud",
                        Map.of("kura.service.pid", "holdfast-cloud", "broker.url", broker.url(), "account.name",
                                ACCOUNT, "client.id", CLIENT, "payload.encoding", "SIMPLE_JSON", "DurableQueue.target",
                                "(holdfast.queue.name=default)")) < 400);
        await().atMost(LONG).ignoreExceptions().until(() -> gw.configure("io.holdfast.esp32.TcpLink~esp32-wifi",
                Map.of("kura.service.pid", "esp32-wifi", "port", Integer.toString(tcp))) < 400);
        await().atMost(LONG).ignoreExceptions()
                .until(() -> gw.delete("io.holdfast.esp32.MqttIngestLink~esp32-seed-mqtt") < 400);
        await().atMost(LONG).ignoreExceptions().until(() -> gw.configure("io.holdfast.deploy.Deployer",
                Map.of("download.allowed.prefixes", files.prefix())) < 400);
    }

    /**
     * The figures of one update (ms): the longest delivery gap and where it lies after the request, the time until the
     * new version ran and until the flow was back, and the gateway's log of the update.
     */
    record Update(String name, long gap, long gapFrom, long gapTo, long running, long flowing, long startedAt,
            List<String> log) {
    }

    /** Updates one package through DEPLOY-V2 and waits until its new version runs and readings flow again. */
    private static Update update(Cloud cloud, Gateway gw, FileServer files, Path served, String name, long job)
            throws Exception {
        Path built;
        try (Stream<Path> s = Files
                .list(Path.of(System.getProperty("holdfast.dp.packages", "..")).resolve(name).resolve("target"))) {
            built = s.filter(p -> p.toString().endsWith(".dp")).findFirst().orElseThrow();
        }
        Path dp = NextVersion.write(built, NEXT, served);
        long t0 = System.nanoTime();
        // EXEC/download, until the new version runs ACTIVE alone and the job's install notification said COMPLETED
        cloud.deploy.install(dp, name, NEXT, files.prefix(), job, LONG);
        long t1 = System.nanoTime();
        long before = cloud.total();
        await().atMost(LONG).until(() -> cloud.total() > before + 10_000);
        long t2 = System.nanoTime();
        Cloud.Gap gap = cloud.longestGap(t0, t2);
        // the gateway's log of the update, until the flow was back
        List<String> log = GatewayLog.between(gw.output() + "\n" + gw.gc(), t0, t2, 600);
        return new Update(name, gap.millis(), ms(gap.from() - t0), ms(gap.to() - t0), ms(t1 - t0), ms(t2 - t0),
                ms(t0 - fleetStart), log);
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private static String firsts(TcpFleet fleet) {
        StringBuilder out = new StringBuilder();
        for (SimDevice d : fleet.devices()) {
            out.append(d.mac()).append('=').append(d.nextSeq() - d.generated()).append(' ');
        }
        return out.toString();
    }

    /** The keys as contiguous seq ranges per device, for finding out which swap lost what. */
    static String ranges(Set<String> keys) {
        Map<String, java.util.TreeSet<Long>> byDevice = new java.util.TreeMap<>();
        for (String k : keys) {
            int i = k.indexOf('#');
            byDevice.computeIfAbsent(k.substring(0, i), d -> new java.util.TreeSet<>())
                    .add(Long.parseLong(k.substring(i + 1)));
        }
        StringBuilder out = new StringBuilder();
        byDevice.forEach((device, seqs) -> {
            out.append(device).append(':');
            long start = -2;
            long prev = -2;
            for (long s : seqs) {
                if (s != prev + 1) {
                    if (start >= 0) {
                        out.append(' ').append(start).append('-').append(prev);
                    }
                    start = s;
                }
                prev = s;
            }
            out.append(' ').append(start).append('-').append(prev).append("; ");
        });
        return out.toString();
    }

    /** Waits up to a minute for a condition; the assertions after it say what was not reached. */
    static void awaitQuietly(java.util.concurrent.Callable<Boolean> condition) {
        try {
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1)).until(condition);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // reported
        }
    }

    /** The exact set of (device, seq) acknowledged to the devices: each acks in order, cumulatively. */
    static Set<String> acked(TcpFleet fleet) {
        Set<String> out = new HashSet<>();
        for (SimDevice d : fleet.devices()) {
            long next = d.nextSeq();
            long first = next - d.generated();
            long end = next - d.unacked();
            for (long s = first; s < end; s++) {
                out.add(d.mac() + "#" + (s & 0xFFFF_FFFFL));
            }
        }
        return out;
    }

    private static String report(Map<String, Update> figures, TcpFleet fleet, int acked, long received, long duplicates,
            int lost) throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add("hot swap under load: " + DEVICES + " devices x " + (int) RATE + " readings/s");
        lines.add(String.format("%-28s %14s %16s %14s %14s %14s", "package", "longest gap ms", "gap at ms",
                "running ms", "flowing ms", "started at ms"));
        figures.forEach((name, f) -> lines.add(String.format("%-28s %14d %16s %14d %14d %14d", name, f.gap(),
                f.gapFrom() + "-" + f.gapTo(), f.running(), f.flowing(), f.startedAt())));
        lines.add("(times after the EXEC/download request of each update; \"gap at\": from the last reading before "
                + "the longest gap to the first after it; \"running\": GET/bundles shows the new version alone and "
                + "ACTIVE; \"flowing\": 10 000 more readings arrived)");
        lines.add("readings generated " + fleet.generated() + ", acked " + acked + ", messages received " + received
                + ", duplicates " + duplicates + ", acked but not received " + lost);
        List<String> holding = fleet.devices().stream().filter(d -> d.unacked() > 0)
                .map(d -> d.mac() + " " + d.unacked() + " from seq " + (d.nextSeq() - d.unacked())).toList();
        lines.add("still unacked at the end (kept by the devices): " + fleet.unacked() + " readings on "
                + holding.size() + " devices " + holding);
        lines.add("load average " + Files.readString(Path.of("/proc/loadavg")).trim() + ", "
                + Runtime.getRuntime().availableProcessors() + " cores");
        lines.add("");
        lines.add("what each update consists of (the gateway's log, times after the request):");
        figures.forEach((name, f) -> {
            lines.add(name + ": longest gap " + f.gap() + " ms, from +" + f.gapFrom() + " to +" + f.gapTo() + " ms");
            f.log().forEach(l -> lines.add("  " + l));
        });
        return String.join("\n", lines) + "\n";
    }
}
