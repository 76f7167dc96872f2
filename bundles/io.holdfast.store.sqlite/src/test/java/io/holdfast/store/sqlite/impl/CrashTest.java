package io.holdfast.store.sqlite.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.Rule;
import org.junit.Test;

/**
 * Kills a process that enqueues as fast as it can with SIGKILL at random moments, many times over the same file, and
 * checks after each kill that every id it reported committed is stored exactly once, intact, and that nothing else in
 * the file is half written. The seed is in every failure message; rerun one with {@code -Dcrash.seed=...}.
 */
public class CrashTest {

    private static final int PLAIN_ROUNDS = 16;
    private static final int HOUSEKEEPING_ROUNDS = 8;
    private static final int PRODUCERS = 4;

    @Rule
    public final QueueFixture fixture = new QueueFixture();

    @Test
    public void everyReportedEnqueueSurvivesSigkillAtRandomMoments() throws Exception {
        long seed = Long.getLong("crash.seed", System.nanoTime());
        Random random = new Random(seed);
        Path file = fixture.file("crash");
        Map<Long, String> reported = new HashMap<>();
        for (int round = 0; round < PLAIN_ROUNDS + HOUSEKEEPING_ROUNDS; round++) {
            boolean housekeeping = round >= PLAIN_ROUNDS;
            String context = "seed " + seed + ", round " + round + (housekeeping ? " (housekeeping)" : "");
            int killAfter = 1 + random.nextInt(2000);

            Child child = runAndKill(file, round, housekeeping, killAfter, context);

            for (Map.Entry<Long, String> e : child.committed.entrySet()) {
                String before = reported.put(e.getKey(), e.getValue());
                assertThat(before).as("%s: id %d reported twice", context, e.getKey()).isNull();
            }
            if (housekeeping) {
                assertThat(child.housekeepingPasses.get()).as("%s: housekeeping passes before the kill", context)
                        .isPositive();
            }
            verify(file, reported, context);
        }
        assertThat(reported).hasSizeGreaterThan(PLAIN_ROUNDS + HOUSEKEEPING_ROUNDS);
    }

    private static final class Child {
        final Map<Long, String> committed = new ConcurrentHashMap<>();
        final AtomicInteger housekeepingPasses = new AtomicInteger();
        final List<String> errors = new ArrayList<>();
        volatile boolean ready;
    }

    private Child runAndKill(Path file, int round, boolean housekeeping, int killAfter, String context)
            throws Exception {
        Path stderr = fixture.folder.getRoot().toPath().resolve("child-" + round + ".err");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path"),
                CrashChild.class.getName(), file.toString(), Integer.toString(PRODUCERS),
                housekeeping ? "housekeeping" : "plain", Long.toString(round * 100_000_000L))
                        .redirectError(stderr.toFile()).start();
        Child child = new Child();
        Thread reader = new Thread(() -> read(p, child));
        reader.start();
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(2))
                    .until(() -> child.committed.size() >= killAfter || !p.isAlive());
        } finally {
            // SIGKILL on Linux; unlike Process.destroyForcibly() it leaves the pipe open, so every line written
            // before the kill is still read
            p.toHandle().destroyForcibly();
            p.waitFor();
            reader.join();
        }
        String err = Files.readString(stderr);
        assertThat(child.errors).as("%s: child errors; stderr:%n%s", context, err).isEmpty();
        assertThat(p.exitValue()).as("%s: the child must die of SIGKILL, not exit; stderr:%n%s", context, err)
                .isEqualTo(128 + 9);
        assertThat(child.ready).as(context).isTrue();
        return child;
    }

    private static void read(Process p, Child child) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
            for (String line; (line = in.readLine()) != null;) {
                String[] f = line.split(" ");
                if (line.startsWith("READY ")) {
                    child.ready = true;
                } else if (f.length == 5 && f[0].equals("E") && f[4].equals(".")) {
                    child.committed.put(Long.parseLong(f[1]), f[2] + "/" + f[3]);
                } else if (line.equals("H .")) {
                    child.housekeepingPasses.incrementAndGet();
                } else if (line.startsWith("X ")) {
                    child.errors.add(line);
                }
                // anything else is the last line, cut by the kill
            }
        } catch (IOException e) {
            child.errors.add("reading the child's output: " + e);
        }
    }

    /** Reopens the file as the next store instance would, and checks it against what the child reported. */
    private void verify(Path file, Map<Long, String> reported, String context) throws Exception {
        SqliteQueue q = fixture.open(QueueSettings.defaults("crash", file));
        try {
            assertThat(DiskFullTest.queryString(q, "PRAGMA integrity_check")).as(context).isEqualTo("ok");
            Map<Long, String> rows = q.onWriterConnection(c -> {
                Map<Long, String> out = new HashMap<>();
                try (Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT id, device_id, seq, payload, state FROM message")) {
                    while (rs.next()) {
                        String device = rs.getString(2);
                        long seq = rs.getLong(3);
                        // a row is all there or not at all: its payload matches its (device, seq)
                        assertThat(rs.getBytes(4)).as("%s: payload of id %d", context, rs.getLong(1))
                                .isEqualTo(QueueFixture.payload(device, seq));
                        assertThat(rs.getInt(5)).as("%s: state after reopen", context).isZero();
                        out.put(rs.getLong(1), device + "/" + seq);
                    }
                }
                return out;
            });
            assertThat(new HashSet<>(rows.values())).as("%s: (device, seq) stored twice", context)
                    .hasSameSizeAs(rows.keySet());
            Set<Long> missing = new HashSet<>(reported.keySet());
            missing.removeAll(rows.keySet());
            assertThat(missing).as("%s: reported committed but not stored", context).isEmpty();
            for (Map.Entry<Long, String> e : reported.entrySet()) {
                assertThat(rows.get(e.getKey())).as("%s: id %d", context, e.getKey()).isEqualTo(e.getValue());
            }
            assertThat(q.stats().depth()).as(context).isEqualTo(rows.size());
            assertThat(q.stats().inFlight()).as(context).isZero();
            assertThat(Arrays.asList(q.stats().lastError())).as(context).containsOnlyNulls();
        } finally {
            q.close();
        }
    }
}
