package io.holdfast.demo;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Properties;

/**
 * What the demo keeps between runs, in {@code DIR/demo.properties}: the ports the first run configured the gateway with
 * (its broker's and its TCP link's), which the gateway keeps in its own configuration, and the next seq of every
 * simulated device and node ({@code seq.<id>}), valid when the run that saved them stopped cleanly
 * ({@code seq.clean=true}; a run marks them not clean when it starts). Its absence means a first run.
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
        store();
    }

    /**
     * The next seq the last run saved for a device or node, or {@code null} (none, or that run did not stop cleanly).
     */
    Long nextSeq(String id) {
        String v = props.getProperty("seq." + id);
        if (v == null || !"true".equals(props.getProperty("seq.clean"))) {
            return null;
        }
        try {
            long n = Long.parseLong(v.trim());
            return n >= 0 && n <= 0xFFFF_FFFFL ? n : null;
        } catch (NumberFormatException e) {
            return null; // the wall clock's seq then: above anything sent before
        }
    }

    /**
     * Keeps the next seq of each device and node.
     *
     * @param clean
     *            {@code false} when the site starts (a crash then leaves them invalid), {@code true} when it stopped
     */
    synchronized void saveSeqs(Map<String, Long> next, boolean clean) throws IOException {
        next.forEach((id, seq) -> props.setProperty("seq." + id, Long.toString(seq)));
        props.setProperty("seq.clean", Boolean.toString(clean));
        store();
    }

    private void store() throws IOException {
        Path tmp = file.resolveSibling(FILE + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            props.store(w, "Holdfast demo: the ports its gateway was configured with at the first run; the next seq "
                    + "of each simulated device and node");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
