package io.holdfast.demo;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * What the demo keeps between runs, in {@code DIR/demo.properties}: the ports the first run configured the gateway with
 * (its broker's and its TCP link's), which the gateway keeps in its own configuration. Its absence means a first run.
 */
final class DemoState {

    static final String FILE = "demo.properties";

    private final Path file;
    private final Properties props;

    private DemoState(Path file, Properties props) {
        this.file = file;
        this.props = props;
    }

    static DemoState load(Path data) throws IOException {
        Path f = data.resolve(FILE);
        Properties p = new Properties();
        if (Files.exists(f)) {
            try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                p.load(r);
            }
        }
        return new DemoState(f, p);
    }

    boolean firstRun() {
        return props.isEmpty();
    }

    /** The port to use: {@code given}, else the first run's, else the default. */
    int port(String key, Integer given, int fallback) {
        String kept = props.getProperty(key);
        if (given != null) {
            return given;
        }
        return kept != null ? Integer.parseInt(kept.trim()) : fallback;
    }

    void save(int mqttPort, int tcpPort) throws IOException {
        props.setProperty("mqtt-port", Integer.toString(mqttPort));
        props.setProperty("tcp-port", Integer.toString(tcpPort));
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            props.store(w, "Holdfast demo: the ports its gateway was configured with at the first run");
        }
    }
}
