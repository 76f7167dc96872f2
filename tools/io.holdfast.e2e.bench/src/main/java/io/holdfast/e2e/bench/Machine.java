package io.holdfast.e2e.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** The machine and processes a run measures: CPU, RAM, OS, JDK, load average, a process's memory. */
final class Machine {

    private Machine() {
    }

    /** A process's resident set and its heap in use after a full collection, in KiB. */
    record Memory(long rssKb, long heapUsedKb, long heapCapacityKb) {
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String describe() {
        return Runtime.getRuntime().availableProcessors() + " cores, " + cpuModel() + ", " + ramGb() + " GB RAM, "
                + os() + ", JDK " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version");
    }

    static String cpuModel() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (l.startsWith("model name")) {
                    return l.substring(l.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // below
        }
        return System.getProperty("os.arch");
    }

    private static String ramGb() {
        return String.format(Locale.ROOT, "%.0f", statusKb(Path.of("/proc/meminfo"), "MemTotal:") / 1024.0 / 1024.0);
    }

    private static String os() {
        try {
            for (String l : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (l.startsWith("PRETTY_NAME=")) {
                    return l.substring(12).replace("\"", "") + " (Linux " + System.getProperty("os.version") + ")";
                }
            }
        } catch (IOException e) {
            // below
        }
        return System.getProperty("os.name") + " " + System.getProperty("os.version");
    }

    /** A {@code Key: N kB} line of a /proc file, or -1. */
    static long statusKb(Path file, String key) {
        try {
            for (String l : Files.readAllLines(file)) {
                if (l.startsWith(key)) {
                    return Long.parseLong(l.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended
        }
        return -1;
    }

    /**
     * The process's VmRSS, then {@code jcmd PID GC.run} (a full collection) and {@code jstat -gc PID}: the heap in use
     * after it (survivor, eden and old spaces used) and its capacity.
     */
    static Memory memory(long pid) throws IOException, InterruptedException {
        long rss = statusKb(Path.of("/proc/" + pid + "/status"), "VmRSS:");
        run(List.of(tool("jcmd"), Long.toString(pid), "GC.run"));
        List<String> out = run(List.of(tool("jstat"), "-gc", Long.toString(pid)));
        if (out.size() < 2) {
            return new Memory(rss, -1, -1);
        }
        String[] head = out.get(0).trim().split("\\s+");
        String[] val = out.get(1).trim().split("\\s+");
        double used = 0;
        double cap = 0;
        for (int i = 0; i < head.length && i < val.length; i++) {
            switch (head[i]) {
            case "S0U", "S1U", "EU", "OU" -> used += Double.parseDouble(val[i]);
            case "S0C", "S1C", "EC", "OC" -> cap += Double.parseDouble(val[i]);
            default -> {
            }
            }
        }
        return new Memory(rss, Math.round(used), Math.round(cap));
    }

    private static String tool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    /** Runs a command, its output as lines (empty when it fails). */
    static List<String> run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return new ArrayList<>(new String(out, StandardCharsets.UTF_8).lines().toList());
    }

    /** Pins every thread of a running process to {@code cpus} ({@code taskset -a -p -c}). */
    static void pin(long pid, String cpus) throws IOException, InterruptedException {
        run(List.of("taskset", "-a", "-p", "-c", cpus, Long.toString(pid)));
    }
}
