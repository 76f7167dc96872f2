package io.holdfast.cloud.bench.launch;

import io.holdfast.bench.support.launch.BenchRuntime;
import io.holdfast.cloud.bench.BenchAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Starts the benchmark's OSGi runtime: the gateway runtime's framework and service set as {@code cnf/} defines them
 * (the test kit's {@code gateway-base}, resolved by bnd), Holdfast's API, compat, SQLite store and cloud connection
 * bundles with their libraries, and this module's bundle, whose {@link BenchAgent} configures them through Config Admin
 * and runs the measurement. Options become framework properties {@code holdfast.bench.<option>}.
 */
public final class Launcher {

    /** The bundles beside the runtime, by symbolic name, taken from the class path Maven gives this tool. */
    private static final Set<String> HOLDFAST = Set.of("io.holdfast.api", "io.holdfast.kura.compat",
            "io.holdfast.store.sqlite", "io.holdfast.cloud.mqtt", "org.eclipse.paho.client.mqttv3",
            "org.xerial.sqlite-jdbc", "com.google.protobuf", "com.google.gson");
    private static final List<String> OPTIONS = List.of("messages", "rounds", "producers", "window", "backlog",
            "arrivals", "batch", "dir");

    private Launcher() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> props = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (!OPTIONS.contains(name) || i + 1 >= args.length) {
                System.err.println("usage: [--messages N] [--rounds N] [--producers N] [--window N] [--backlog N] "
                        + "[--arrivals N] [--batch N] [--dir DIR]; bad option: " + args[i]);
                System.exit(2);
            }
            props.put(BenchAgent.PREFIX + name, args[++i]);
        }
        Path dir = Path.of(props.getOrDefault(BenchAgent.PREFIX + "dir", "target/bench-data")).toAbsolutePath();
        Files.createDirectories(dir);
        props.put(BenchAgent.PREFIX + "dir", dir.toString());
        System.exit(BenchRuntime.run(props, dir, HOLDFAST));
    }
}
