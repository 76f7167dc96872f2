package io.holdfast.launcher.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

public class CommandLineTest {

    /** Reads the command line as a launcher does, recording option=value pairs. */
    private static List<String> read(String... args) throws UsageException {
        List<String> seen = new ArrayList<>();
        CommandLine cl = new CommandLine(List.of(args));
        while (cl.next()) {
            switch (cl.option()) {
            case "--data" -> seen.add("data=" + cl.path());
            case "--port" -> seen.add("port=" + CommandLine.port(cl.value()));
            case "--host" -> seen.add("host=" + cl.value("an address"));
            case "--shell" -> seen.add("shell=" + cl.flag());
            default -> throw cl.unknown();
            }
        }
        return seen;
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
