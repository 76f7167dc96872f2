package io.holdfast.backend.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar holdfast-backend-bench.jar ingest|queries [options]}: see the backend README for the figures. */
@Command(name = "holdfast-backend-bench", mixinStandardHelpOptions = true, subcommands = { IngestBench.class,
        QueryBench.class }, description = "Backend ingest throughput and query latencies on SQLite and PostgreSQL.")
public final class BackendBench {

    public static void main(String[] args) {
        System.exit(new CommandLine(new BackendBench()).execute(args));
    }

    static String machine() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory
                .getOperatingSystemMXBean();
        return os.getAvailableProcessors() + " CPUs, load average " + String.format("%.2f", os.getSystemLoadAverage())
                + ", Java " + System.getProperty("java.version") + ", max heap "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB";
    }
}
