package io.holdfast.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.Test;

/** What the demo keeps between runs: the seqs a clean stop saved, and the console password. */
public class DemoStateTest {

    private static Path dir(String name) throws Exception {
        Path d = Path.of(System.getProperty("holdfast.build.directory", "target"), "demo-state-test", name,
                Long.toString(System.nanoTime()));
        return Files.createDirectories(d);
    }

    @Test
    public void seqsSavedAtACleanStopAreContinuedAndThoseOfARunThatDidNotStopAreNot() throws Exception {
        Path d = dir("seqs");
        DemoState s = DemoState.load(d);
        assertThat(s.nextSeq("3C:5E:00:00:00:01")).as("nothing saved").isNull();
        s.save(1884, 7420);
        s.saveSeqs(Map.of("3C:5E:00:00:00:01", 1_000L, "A4:5E:00:00:00:00", 2_000L), false);
        assertThat(DemoState.load(d).nextSeq("3C:5E:00:00:00:01")).as("the site is running, or was killed").isNull();
        s.saveSeqs(Map.of("3C:5E:00:00:00:01", 1_042L, "A4:5E:00:00:00:00", 2_042L), true);
        DemoState again = DemoState.load(d);
        assertThat(again.nextSeq("3C:5E:00:00:00:01")).isEqualTo(1_042L);
        assertThat(again.nextSeq("A4:5E:00:00:00:00")).isEqualTo(2_042L);
        assertThat(again.nextSeq("3C:5E:00:00:00:09")).as("a device the last run did not have").isNull();
        assertThat(again.firstRun()).isFalse();
        assertThat(again.port("tcp-port", null, 1)).isEqualTo(7420);
        Files.writeString(d.resolve(DemoState.FILE), "seq.clean=true\nseq.X=-5\nseq.Y=banana\nseq.Z=4294967296\n");
        DemoState bad = DemoState.load(d);
        assertThat(bad.nextSeq("X")).isNull();
        assertThat(bad.nextSeq("Y")).isNull();
        assertThat(bad.nextSeq("Z")).as("beyond 32 bits").isNull();
    }

    @Test
    public void theConsolePasswordIsMadeOnceKeptForTheOwnerOnlyAndMadeAgainWhenUnusable() throws Exception {
        Path d = dir("password");
        GatewayConsole.Password made = GatewayConsole.password(d);
        assertThat(made.made()).isTrue();
        assertThat(made.value()).hasSize(20);
        assertThat(made.file()).isEqualTo(d.resolve(GatewayConsole.PASSWORD_FILE));
        assertThat(Files.readAllLines(made.file())).containsExactly(made.value());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(made.file()))).isEqualTo("rw-------");

        Files.setPosixFilePermissions(made.file(), PosixFilePermissions.fromString("rw-r--r--"));
        GatewayConsole.Password kept = GatewayConsole.password(d);
        assertThat(kept.made()).isFalse();
        assertThat(kept.value()).isEqualTo(made.value());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(made.file())))
                .as("made the owner's only again").isEqualTo("rw-------");

        Files.writeString(made.file(), "short\n");
        GatewayConsole.Password again = GatewayConsole.password(d);
        assertThat(again.made()).as("under 8 characters: the gateway would refuse it").isTrue();
        assertThat(again.value()).isNotEqualTo(made.value()).hasSize(20);
    }
}
