package io.holdfast.esp32.bench.launch;

import io.holdfast.bench.support.Agent;
import io.holdfast.bench.support.launch.BenchRuntime;
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
 * Starts the benchmark's OSGi runtime, the gateway's half: the gateway runtime's framework and service set as
 * {@code cnf/} defines them (the test kit's {@code gateway-base}), Holdfast's API, compat, SQLite store, cloud
 * connection and ESP32 driver bundles with their libraries, and this module's bundle, whose agent configures them
 * through Config Admin, starts the fleet in a process of its own and measures. Options become framework properties
 * {@code holdfast.bench.<option>}.
 */
@Command(name = "esp32-bench", mixinStandardHelpOptions = true, sortOptions = false, description = {
        "Devices -> ESP32 driver -> cloud connection -> SQLite (FULL), every reading committed before its ack, with the "
                + "fleet in another process; baselines in the same run: publish() into SQLite alone, bare Paho.",
        "Run it through Maven (see tools/io.holdfast.esp32.bench/README.md)." })
public final class Launcher implements Callable<Integer> {

    /** Framework properties that carry the options (the agent reads them). */
    public static final String PREFIX = Agent.PREFIX;

    /** The bundles beside the runtime, by symbolic name, taken from the class path Maven gives this tool. */
    private static final Set<String> HOLDFAST = Set.of("io.holdfast.api", "io.holdfast.kura.compat",
            "io.holdfast.store.sqlite", "io.holdfast.cloud.mqtt", "io.holdfast.esp32", "org.eclipse.paho.client.mqttv3",
            "org.xerial.sqlite-jdbc", "com.google.protobuf", "com.google.gson", "com.fazecast.jSerialComm");

    @Option(names = "--devices", defaultValue = "1000", description = "simulated TCP devices (default: ${DEFAULT-VALUE})")
    int devices;

    @Option(names = "--rate", defaultValue = "100", description = "readings/s per device (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--warmup", defaultValue = "10", description = "seconds before measuring (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--seconds", defaultValue = "30", description = "seconds measured (default: ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--drain-timeout", defaultValue = "300", description = "seconds to wait, after the fleet stops, "
            + "for every reading to be acked (default: ${DEFAULT-VALUE})")
    int drainTimeout;

    @Option(names = "--resend-ms", defaultValue = "5000", description = "a device re-sends what is unacked when its "
            + "acks did not advance for this long (default: ${DEFAULT-VALUE})")
    long resendMs;

    @Option(names = "--publish-threads", defaultValue = "16", description = "the driver's publish.threads (default: ${DEFAULT-VALUE})")
    int publishThreads;

    @Option(names = "--buffer", defaultValue = "200000", description = "the driver's buffer.size (default: ${DEFAULT-VALUE})")
    int buffer;

    @Option(names = "--durability", defaultValue = "FULL", description = "the store's durability, FULL or NORMAL (default: ${DEFAULT-VALUE})")
    String durability;

    @Option(names = "--drain", description = "the cloud connection drains to the benchmark's Mosquitto while the "
            + "devices send (default: it is not connected, the store only fills)")
    boolean drain;

    @Option(names = "--direct-seconds", defaultValue = "10", description = "baseline: publish() into SQLite alone from "
            + "threads, no devices, no driver, for this long; 0 skips it (default: ${DEFAULT-VALUE})")
    int directSeconds;

    @Option(names = "--direct-threads", defaultValue = "16", description = "threads of that baseline (default: ${DEFAULT-VALUE})")
    int directThreads;

    @Option(names = "--direct-batch", defaultValue = "1024", description = "messages per BatchPublisher.publish(List) "
            + "call in that baseline; 0: one publish() per message (default: ${DEFAULT-VALUE})")
    int directBatch;

    @Option(names = "--paho-messages", defaultValue = "200000", description = "baseline: bare Paho QoS 1 to the "
            + "benchmark's Mosquitto, window 256; 0 skips it (default: ${DEFAULT-VALUE})")
    int pahoMessages;

    @Option(names = "--fleet-cpus", defaultValue = "", description = "run the fleet under taskset -c with this CPU "
            + "list, e.g. 1 (default: no pinning)")
    String fleetCpus;

    @Option(names = "--fleet-jvm", defaultValue = "-Xmx1g", description = "JVM options of the fleet process (default: ${DEFAULT-VALUE})")
    String fleetJvm;

    @Option(names = "--dir", defaultValue = "target/esp32-bench", description = "working directory: store files, "
            + "framework cache, broker (default: ${DEFAULT-VALUE})")
    Path dir;

    private Launcher() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args
     *            {@code --help} lists them
     */
    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new Launcher());
        cl.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("esp32-bench: " + e.getMessage());
            return 2;
        });
        System.exit(cl.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path work = dir.toAbsolutePath();
        Files.createDirectories(work);
        Map<String, String> props = new HashMap<>();
        props.put(PREFIX + "devices", Integer.toString(devices));
        props.put(PREFIX + "rate", Double.toString(rate));
        props.put(PREFIX + "warmup", Integer.toString(warmup));
        props.put(PREFIX + "seconds", Integer.toString(seconds));
        props.put(PREFIX + "drain-timeout", Integer.toString(drainTimeout));
        props.put(PREFIX + "resend-ms", Long.toString(resendMs));
        props.put(PREFIX + "publish-threads", Integer.toString(publishThreads));
        props.put(PREFIX + "buffer", Integer.toString(buffer));
        props.put(PREFIX + "durability", durability);
        props.put(PREFIX + "drain", Boolean.toString(drain));
        props.put(PREFIX + "direct-seconds", Integer.toString(directSeconds));
        props.put(PREFIX + "direct-threads", Integer.toString(directThreads));
        props.put(PREFIX + "direct-batch", Integer.toString(directBatch));
        props.put(PREFIX + "paho-messages", Integer.toString(pahoMessages));
        props.put(PREFIX + "fleet-cpus", fleetCpus);
        props.put(PREFIX + "fleet-jvm", fleetJvm);
        props.put(PREFIX + "dir", work.toString());
        props.put(PREFIX + "classpath", System.getProperty("java.class.path"));
        return BenchRuntime.run(props, work, HOLDFAST);
    }
}
