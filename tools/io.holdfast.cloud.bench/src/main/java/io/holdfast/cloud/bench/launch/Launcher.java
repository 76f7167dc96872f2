package io.holdfast.cloud.bench.launch;

import io.holdfast.bench.support.launch.BenchRuntime;
import io.holdfast.cloud.bench.BenchAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Starts the benchmark's OSGi runtime: the gateway runtime's framework and service set as {@code cnf/} defines them
 * (the test kit's {@code gateway-base}, resolved by bnd), Holdfast's API, compat, SQLite store and cloud connection
 * bundles with their libraries, and this module's bundle, whose {@link BenchAgent} configures them through Config Admin
 * and runs the measurement. Options become framework properties {@code holdfast.bench.<option>}.
 */
@Command(name = "cloud-bench", mixinStandardHelpOptions = true, sortOptions = false, description = "QoS 1 throughput of the cloud connection (publish() -> SQLite FULL -> Mosquitto) against bare "
        + "Paho, and the drain of a stored backlog, in the gateway's OSGi runtime.")
public final class Launcher implements Callable<Integer> {

    /** The bundles beside the runtime, by symbolic name, taken from the class path Maven gives this tool. */
    private static final Set<String> HOLDFAST = Set.of("io.holdfast.api", "io.holdfast.kura.compat",
            "io.holdfast.store.sqlite", "io.holdfast.cloud.mqtt", "org.eclipse.paho.client.mqttv3",
            "org.xerial.sqlite-jdbc", "com.google.protobuf", "com.google.gson");

    @Option(names = "--messages", description = "messages per round and client (default: ${DEFAULT-VALUE})")
    int messages = 200_000;
    @Option(names = "--rounds", description = "throughput rounds, each bare Paho then Holdfast; 0 skips them (default: "
            + "${DEFAULT-VALUE})")
    int rounds = 2;
    @Option(names = "--producers", description = "publishing threads (default: ${DEFAULT-VALUE})")
    int producers = 16;
    @Option(names = "--window", description = "QoS 1 in-flight window of both clients (default: ${DEFAULT-VALUE})")
    int window = 256;
    @Option(names = "--backlog", description = "readings stored while disconnected, then drained; 0: no drain run "
            + "(default: ${DEFAULT-VALUE})")
    int backlog = 600_000;
    @Option(names = "--arrivals", description = "readings/s arriving during the drain (default: ${DEFAULT-VALUE})")
    int arrivals = 1000;
    @Option(names = "--batch", description = "publish through BatchPublisher in batches of N; 0: one publish() per "
            + "message (default: ${DEFAULT-VALUE})")
    int batch = 0;
    @Option(names = "--protocol", description = "the connection's mqtt.protocol, 3.1.1 or 5; the bare client is "
            + "3.1.1 (default: ${DEFAULT-VALUE})")
    String protocol = "3.1.1";
    @Option(names = "--dir", description = "folder for the store and the broker (default: ${DEFAULT-VALUE})")
    Path dir = Path.of("target/bench-data");

    private Launcher() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Launcher()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (!protocol.equals("3.1.1") && !protocol.equals("5")) {
            System.err.println("cloud-bench: --protocol must be 3.1.1 or 5, not " + protocol);
            return 2;
        }
        if (messages < 1 || producers < 1 || window < 1 || rounds < 0 || backlog < 0 || arrivals < 0 || batch < 0) {
            System.err.println("cloud-bench: --messages, --producers and --window must be at least 1, --rounds, "
                    + "--backlog, --arrivals and --batch at least 0");
            return 2;
        }
        Path data = dir.toAbsolutePath();
        Files.createDirectories(data);
        Map<String, String> props = new HashMap<>();
        props.put(BenchAgent.PREFIX + "messages", Integer.toString(messages));
        props.put(BenchAgent.PREFIX + "rounds", Integer.toString(rounds));
        props.put(BenchAgent.PREFIX + "producers", Integer.toString(producers));
        props.put(BenchAgent.PREFIX + "window", Integer.toString(window));
        props.put(BenchAgent.PREFIX + "backlog", Integer.toString(backlog));
        props.put(BenchAgent.PREFIX + "arrivals", Integer.toString(arrivals));
        props.put(BenchAgent.PREFIX + "batch", Integer.toString(batch));
        props.put(BenchAgent.PREFIX + "protocol", protocol);
        props.put(BenchAgent.PREFIX + "dir", data.toString());
        return BenchRuntime.run(props, data, HOLDFAST);
    }
}
