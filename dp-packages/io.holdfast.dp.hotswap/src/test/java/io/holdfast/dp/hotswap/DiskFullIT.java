package io.holdfast.dp.hotswap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.holdfast.simulator.TcpFleet;
import io.holdfast.testkit.HoldfastOptions;
import io.holdfast.testkit.Mosquitto;
import io.holdfast.testkit.TestDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.Test;

/**
 * A full disk on the gateway (issue 15): the gateway jar runs as a process with its whole data directory (bundle cache,
 * configuration, log, the store's file) on a small tmpfs of the test's own, simulated ESP32 devices send over TCP, a
 * subscriber records every (device, seq). The test fills the file system up with filler files until the kernel says
 * ENOSPC, three times:
 * <ol>
 * <li>while the broker is up, before the devices start (a fresh queue file has no free pages: the first enqueues need
 * room);</li>
 * <li>with the broker stopped and a backlog growing in the store, while the devices go on sending;</li>
 * <li>then the gateway is restarted on the full disk (the store opens with messages left in flight and no room for its
 * WAL).</li>
 * </ol>
 * Each time: the driver stops acknowledging (the devices keep their readings and send them again later), the store's
 * fault is one line in the log and in the status page ({@code holdfast.json}), nothing logs a stack trace, the process
 * and its web console keep working. After the filler is deleted (and the broker started): every (device, seq) acked to
 * a device reaches the subscriber, none is published twice by the driver.
 */
public class DiskFullIT {
    static final int DEVICES = 20;
    static final double RATE = 50;
    static final String ACCOUNT = "holdfast";
    static final String CLIENT = "gw-diskfull";
    /** The store's line for a full disk, in the log and as the queue's {@code lastError}. */
    static final String DISK_FULL = "disk full on queue default";
    /** The store's line when enqueues are stored again. */
    static final String SPACE_BACK = "Queue default: disk space is back";
    private static final Duration LONG = Duration.ofMinutes(2);

    @Test
    public void aFullDiskLosesNoAckedReadingSaysSoInOneLineAndTheGatewayKeepsWorking() throws Exception {
        long t0 = System.nanoTime();
        Path work = TestDirs.target().resolve("diskfull").resolve(UUID.randomUUID().toString());
        Files.createDirectories(work);
        Path jar = Path.of(System.getProperty("holdfast.gateway.jar", "../../kura-deploy/target/holdfast-gateway.jar"));
        Path data = work.resolve("data");
        int http = HoldfastOptions.freePort();
        int tcp = HoldfastOptions.freePort();
        // the same console password at every start: the launcher then has nothing to write on a full disk
        String password = "diskfull-" + UUID.randomUUID();
        List<String> report = new ArrayList<>();
        // the broker keeps the subscriber's session across its restart, so that nothing published meanwhile is missed
        try (SmallDisk disk = new SmallDisk(data, 64);
                Mosquitto broker = new Mosquitto(
                        "allow_anonymous true\npersistence true\npersistence_location @DIR@/\n").start();
                Cloud cloud = new Cloud(broker.url(), ACCOUNT, CLIENT, true)) {
            Gateway running = new Gateway(jar, data, http, work.resolve("gateway-0.out"), password);
            TcpFleet fleet = new TcpFleet(TcpFleet.Options.simple("127.0.0.1", tcp, DEVICES, RATE));
            try {
                Gateway first = running;
                awaitStarted(first);
                configure(first, broker, tcp);
                await().atMost(LONG).until(() -> first.output().contains("Queue default: opened"));

                // 1. the disk fills while the broker is up
                long filled = disk.fill();
                long from = System.nanoTime();
                fleet.start();
                awaitDiskFull(first);
                assertNoAcksWhileFull(fleet, "broker up");
                checkWorking(first, from, report, "1 broker up");
                disk.free();
                await().atMost(LONG).until(() -> first.output().contains(SPACE_BACK));
                long before = cloud.total();
                await().atMost(LONG).until(() -> cloud.total() > before + 2_000);
                assertThat(lastError(first)).as("the status once space is back").isNull();
                report.add(String.format("1 broker up: filler %d MiB, then %d readings received", filled >> 20,
                        cloud.total() - before));

                // 2. the broker goes away: the backlog is kept on disk, until the disk is full
                broker.stop();
                await().atMost(LONG).until(() -> depth(first) > 5_000);
                filled = disk.fill();
                from = System.nanoTime();
                awaitDiskFull(first);
                assertNoAcksWhileFull(fleet, "broker down");
                checkWorking(first, from, report, "2 broker down");
                long depth = depth(first);
                report.add(String.format("2 broker down: filler %d MiB with %d messages stored", filled >> 20, depth));

                // 3. a restart on the full disk: the close frees the WAL, the filler takes that too
                first.close();
                filled = disk.fill();
                Gateway second = new Gateway(jar, data, http, work.resolve("gateway-1.out"), password);
                running = second;
                from = System.nanoTime();
                awaitStarted(second);
                awaitDiskFull(second);
                assertNoAcksWhileFull(fleet, "after a restart");
                checkWorking(second, from, report, "3 restarted on a full disk");
                assertThat(depth(second)).as("the backlog after a restart on a full disk")
                        .isGreaterThanOrEqualTo(depth);
                report.add(String.format("3 restarted: filler %d KiB more, %d messages stored", filled >> 10,
                        depth(second)));

                // free the disk, then start the broker: everything drains
                disk.free();
                await().atMost(LONG).until(() -> second.output().contains(SPACE_BACK));
                broker.start();
                await().atMost(LONG).until(() -> depth(second) < 1_000);
                fleet.pause();
                // a device still holding readings at the end was not acked for them: they are not in the set
                HotSwapIT.awaitQuietly(() -> fleet.unacked() == 0);
                Set<String> acked = HotSwapIT.acked(fleet);
                HotSwapIT.awaitQuietly(() -> cloud.unique().containsAll(acked));
                Set<String> lost = new HashSet<>(acked);
                lost.removeAll(cloud.unique());
                long duplicates = cloud.total() - cloud.unique().size();
                report.add(String.format(
                        "readings generated %d, acked %d, received %d (distinct %d), duplicates %d (published again "
                                + "by the driver %d), acked but not received %d %s, still unacked %d, lost by the "
                                + "devices (flash full) %d",
                        fleet.generated(), acked.size(), cloud.total(), cloud.unique().size(), duplicates,
                        cloud.republished(), lost.size(), lost.isEmpty() ? "" : HotSwapIT.ranges(lost), fleet.unacked(),
                        fleet.devices().stream().mapToLong(d -> d.lost()).sum()));
                report.add(String.format("took %d s, load average %s, %d cores",
                        (System.nanoTime() - t0) / 1_000_000_000L, Files.readString(Path.of("/proc/loadavg")).trim(),
                        Runtime.getRuntime().availableProcessors()));
                String text = "full disk test: " + DEVICES + " devices x " + RATE + " readings/s\n"
                        + String.join("\n", report) + "\n";
                Files.writeString(TestDirs.target().resolve("diskfull-report.txt"), text);
                System.out.print(text);
                assertThat(lost).as("acked to a device but never received").isEmpty();
                assertThat(cloud.republished()).as("readings the driver published again").isZero();
                assertThat(cloud.undecodable).hasValue(0);
                assertThat(acked).as("readings were acked").hasSizeGreaterThan(5_000);
                // the log file, on the same disk, lost lines while it was full but carries on after it
                assertThat(Files.readString(data.resolve("log").resolve("holdfast.log"))).contains(SPACE_BACK);
            } finally {
                fleet.close();
                running.close();
            }
        }
    }

    private static void awaitStarted(Gateway gw) {
        await().atMost(LONG).until(() -> {
            if (!gw.process.isAlive()) {
                throw new AssertionError("the gateway exited: " + gw.output());
            }
            return gw.output().contains("gateway started in");
        });
    }

    /** The store refuses enqueues: the status page says so (the queue's lastError). */
    private static void awaitDiskFull(Gateway gw) {
        await().atMost(LONG).ignoreExceptions().until(() -> {
            String e = lastError(gw);
            return e != null && e.startsWith(DISK_FULL);
        });
    }

    /**
     * While the disk stays full the devices go on sending and the driver acks (next to) nothing: SQLite still finds
     * room for the odd single message now and then (the cloud connection tries each refused one again alone), and that
     * one is stored and may be acked. The end of the test checks that every acked reading was stored.
     */
    private static void assertNoAcksWhileFull(TcpFleet fleet, String when) {
        // what was committed just before the disk filled may still be acked: let those acks arrive
        long settled = fleet.generated() + 2 * (long) (DEVICES * RATE);
        await().atMost(LONG).until(() -> fleet.generated() > settled);
        long acked = fleet.acked();
        long generated = fleet.generated();
        long more = generated + 8 * (long) (DEVICES * RATE);
        await().atMost(LONG).until(() -> fleet.generated() > more);
        assertThat(fleet.acked() - acked)
                .as("readings acked on a full disk (%s) of %d generated meanwhile", when, fleet.generated() - generated)
                .isLessThan((fleet.generated() - generated) / 100);
    }

    /**
     * The gateway carries on: the process lives, the console answers, the status shows the store's fault; the log has
     * the store's line, a few rate-limited lines of the cloud connection and the driver, and no stack trace.
     */
    private static void checkWorking(Gateway gw, long from, List<String> report, String phase) throws Exception {
        assertThat(gw.process.isAlive()).as("the gateway process on a full disk").isTrue();
        assertThat(gw.get("/system/console/bundles").getKey()).as("the web console on a full disk").isEqualTo(200);
        assertThat(lastError(gw)).startsWith(DISK_FULL);
        long to = System.nanoTime();
        List<String> lines = GatewayLog.between(gw.output(), from, to, 400);
        List<String> warnings = lines.stream().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).toList();
        report.add(phase + ": " + warnings.size() + " warnings in " + (to - from) / 1_000_000 + " ms:");
        warnings.forEach(w -> report.add("    " + w));
        assertThat(warnings.stream().filter(l -> l.contains(DISK_FULL))).as("the store's line").isNotEmpty()
                .hasSizeLessThanOrEqualTo(2);
        assertThat(warnings.stream().filter(l -> l.contains("were not stored")))
                .as("the cloud connection's lines (one per 30 s)").hasSizeLessThanOrEqualTo(2);
        // the rest: the driver's line every 10 s, the cloud connection's about the broker (phase 2)
        assertThat(warnings.stream().filter(l -> !l.contains("cannot connect") && !l.contains("MQTT error")))
                .as("warnings while the disk is full, but for the broker's absence").hasSizeLessThanOrEqualTo(8);
        String all = gw.output();
        assertThat(all).as("stack traces").doesNotContain("\tat ").doesNotContain("Exception in thread");
    }

    private static JsonObject status(Gateway gw) throws Exception {
        Map.Entry<Integer, String> r = gw.get("/system/console/holdfast.json");
        assertThat(r.getKey()).as("status page").isEqualTo(200);
        return JsonParser.parseString(r.getValue()).getAsJsonObject();
    }

    private static JsonObject queue(Gateway gw) throws Exception {
        for (JsonElement b : status(gw).getAsJsonArray("backlogs")) {
            if ("default".equals(b.getAsJsonObject().get("name").getAsString())) {
                return b.getAsJsonObject();
            }
        }
        throw new AssertionError("no backlog 'default' in the status");
    }

    private static String lastError(Gateway gw) throws Exception {
        JsonElement e = queue(gw).get("lastError");
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }

    private static long depth(Gateway gw) throws Exception {
        return queue(gw).get("depth").getAsLong();
    }

    /**
     * Points the first-start configuration at the test's broker (reconnecting within 2 s) and TCP port; kept in Config
     * Admin across the restart.
     */
    private static void configure(Gateway gw, Mosquitto broker, int tcp) throws Exception {
        await().atMost(LONG).ignoreExceptions()
                .until(() -> gw.configure("io.holdfast.cloud.mqtt.MqttCloudEndpoint~holdfast-cloud",
                        Map.of("kura.service.pid", "holdfast-cloud", "broker.url", broker.url(), "account.name",
                                ACCOUNT, "client.id", CLIENT, "payload.encoding", "SIMPLE_JSON", "DurableQueue.target",
                                "(holdfast.queue.name=default)", "backoff.max.ms", "2000")) < 400);
        await().atMost(LONG).ignoreExceptions().until(() -> gw.configure("io.holdfast.esp32.TcpLink~esp32-wifi",
                Map.of("kura.service.pid", "esp32-wifi", "port", Integer.toString(tcp))) < 400);
        await().atMost(LONG).ignoreExceptions()
                .until(() -> gw.delete("io.holdfast.esp32.MqttIngestLink~esp32-seed-mqtt") < 400);
    }
}
