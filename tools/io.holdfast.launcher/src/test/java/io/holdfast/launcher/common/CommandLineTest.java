package io.holdfast.launcher.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

public class CommandLineTest {

    /** Options as a launcher declares them, recording option=value pairs in the order they are read. */
    @Command
    static final class Recorder {
        final List<String> seen = new ArrayList<>();

        @Option(names = "--data", converter = Cli.Directory.class)
        void data(Path p) {
            seen.add("data=" + p);
        }

        @Option(names = "--port", converter = Cli.Port.class)
        void port(int p) {
            seen.add("port=" + p);
        }

        @Option(names = "--host", converter = Cli.Address.class)
        void host(String h) {
            seen.add("host=" + h);
        }

        @Option(names = "--shell", arity = "0")
        void shell(boolean s) {
            seen.add("shell=" + s);
        }
    }

    private static List<String> read(String... args) throws UsageException {
        return Cli.parse(new Recorder(), List.of(args)).seen;
    }

    @Test
    public void readsSpaceAndEqualsFormsInOrder() throws Exception {
        assertThat(read("--data", "/var/lib/hf", "--port=9090", "--host", "::1", "--shell"))
                .containsExactly("data=" + Path.of("/var/lib/hf"), "port=9090", "host=::1", "shell=true");
        assertThat(read("--host=a=b")).containsExactly("host=a=b");
    }

    @Test
    public void saysWhatIsWrongInOneLine() {
        assertThatThrownBy(() -> read("--port")).hasMessage("--port needs a value");
        assertThatThrownBy(() -> read("--data", "--port", "1")).hasMessage("--data needs a value");
        assertThatThrownBy(() -> read("--data=")).hasMessage("--data needs a directory");
        assertThatThrownBy(() -> read("--host", " ")).hasMessage("--host needs an address");
        assertThatThrownBy(() -> read("--shell=yes")).hasMessage("--shell takes no value");
        assertThatThrownBy(() -> read("--frobnicate=1")).hasMessage("unknown option '--frobnicate=1'");
        assertThatThrownBy(() -> read("--port", "0")).hasMessage("--port must be a number from 1 to 65535, was '0'");
        assertThatThrownBy(() -> read("--port", "65536")).hasMessageContaining("1 to 65535");
        assertThatThrownBy(() -> read("--port", "http"))
                .hasMessage("--port must be a number from 1 to 65535, was 'http'");
    }
}
