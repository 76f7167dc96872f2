package io.holdfast.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.testkit.JarProcess;
import io.holdfast.testkit.TestDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;

/**
 * The CI short form of the fault-injection suite: {@code holdfast-faults.jar --short} run as a process, as the README
 * runs it (3 gateway SIGKILLs, a broker restart, a proxy cut and stall, a backend SIGKILL, the driver's and the cloud
 * connection's packages installed over DEPLOY-V2, a full disk when run as root), on its own free ports and files under
 * target/. The jar compares the exact sets of (device, seq) acked to the devices and stored by the backend; the test
 * checks its exit status and that every scenario's line says nothing was lost or stored twice.
 */
public class FaultsIT {

    private static final Pattern LINE = Pattern.compile(
            "faults: (\\S+)\\s+sent (\\d+)\\s+acked (\\d+)\\s+stored (\\d+)\\s+lost (\\d+)\\s+duplicated (\\d+)");

    @Test
    public void shortFormLosesAndDuplicatesNothing() throws Exception {
        Path dir = TestDirs.target().resolve("faults-it-" + System.nanoTime());
        Path root = Path.of(System.getProperty("holdfast.root", "../..")).toAbsolutePath().normalize();
        List<String> args = new ArrayList<>(List.of("--short", "--out", dir.resolve("out").toString(), "--gateway-jar",
                root.resolve("kura-deploy/target/holdfast-gateway.jar").toString(), "--backend-jar",
                root.resolve("backend-bundles/io.holdfast.backend.runtime/target/holdfast-backend.jar").toString(),
                "--dp-dir", root.resolve("dp-packages").toString(), "--drain-seconds", "120"));
        List<String> scenarios = new ArrayList<>(Scenarios.ALL.keySet());
        if (!"root".equals(System.getProperty("user.name"))) {
            // disk-full mounts a tmpfs: only root can
            System.out.println("FaultsIT: not root, so without disk-full");
            scenarios.remove("disk-full");
            scenarios.forEach(s -> args.addAll(List.of("--scenario", s)));
        }
        JarProcess suite = JarProcess.start("faults",
                JarProcess.jar("holdfast.faults.jar", Path.of("target/holdfast-faults.jar")), dir, "256m", args);
        int exit;
        try {
            exit = suite.waitForExit(Duration.ofMinutes(10)); // about 4 minutes here; the machine may be loaded
        } finally {
            suite.close();
        }
        String output = suite.output();
        System.out.println(output);
        assertThat(exit).as("exit status of the suite:\n%s", output).isZero();
        Matcher m = LINE.matcher(output);
        int lines = 0;
        while (m.find()) {
            lines++;
            long acked = Long.parseLong(m.group(3));
            assertThat(acked).as("%s: readings acked", m.group(1)).isPositive();
            assertThat(Long.parseLong(m.group(4))).as("%s: acked readings stored", m.group(1)).isEqualTo(acked);
            assertThat(Long.parseLong(m.group(5))).as("%s: lost", m.group(1)).isZero();
            assertThat(Long.parseLong(m.group(6))).as("%s: duplicated", m.group(1)).isZero();
        }
        assertThat(lines).as("a line per scenario and the total:\n%s", output).isEqualTo(Scenarios.ALL.size() + 1);
        assertThat(Files.readString(dir.resolve("out/report.md"))).contains("| total |");
    }
}
