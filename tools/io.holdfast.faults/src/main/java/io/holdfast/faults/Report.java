package io.holdfast.faults;

import io.holdfast.api.queue.SeqRange;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** The figures of a run: one line per scenario on the console, a Markdown table in {@code report.md}. */
final class Report {

    private Report() {
    }

    /** {@code faults: NAME sent N acked N stored N lost N duplicated N (broker deliveries duplicated N)}. */
    static String line(Ledger.Tally t) {
        String s = String.format(
                "faults: %-15s sent %d  acked %d  stored %d  lost %d  duplicated %d  (broker "
                        + "deliveries duplicated %d)",
                t.name(), t.sent(), t.acked(), t.stored(), t.lost().size(), t.duplicated(), t.brokerDuplicates());
        if (t.heldByDevices() > 0) {
            s += "  still held by devices " + t.heldByDevices();
        }
        if (t.flashLost() > 0) {
            s += "  dropped by full device flash " + t.flashLost();
        }
        if (!t.lost().isEmpty()) {
            s += "\nfaults: " + t.name() + " lost (device: seq ranges): " + ranges(t.lost());
        }
        return s;
    }

    /** The seqs of each device as contiguous ranges ({@link SeqRange#runs}). */
    static String ranges(java.util.Set<String> keys) {
        Map<String, TreeSet<Long>> byDevice = new TreeMap<>();
        for (String k : keys) {
            int i = k.indexOf('#');
            byDevice.computeIfAbsent(k.substring(0, i), d -> new TreeSet<>()).add(Long.parseLong(k.substring(i + 1)));
        }
        List<String> out = new ArrayList<>();
        byDevice.forEach((device, seqs) -> out.add(device + ": " + SeqRange.runs(seqs).stream()
                .map(r -> r.first() + "-" + r.last()).collect(java.util.stream.Collectors.joining(" "))));
        return String.join("; ", out);
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim() + " (" + Runtime.getRuntime().availableProcessors()
                    + " cores)";
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Writes {@code report.md} in the output folder; {@code total} is null when the run failed. */
    static Path write(Settings s, List<Ledger.Tally> tallies, Ledger.Tally total, long ms) {
        StringBuilder b = new StringBuilder("# Holdfast fault injection\n\n");
        b.append("Seed ").append(s.seed()).append(", ").append(s.devices()).append(" devices x ").append(s.rate())
                .append(" readings/s, ").append(ms / 1000).append(" s, load average at the end ").append(loadAverage())
                .append(".\n\n");
        b.append("| scenario | sent | acked | stored | lost | duplicated | broker deliveries duplicated | held by "
                + "devices | what happened |\n|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        List<Ledger.Tally> rows = new ArrayList<>(tallies);
        if (total != null) {
            rows.add(total);
        }
        for (Ledger.Tally t : rows) {
            b.append("| ").append(t.name()).append(" | ").append(t.sent()).append(" | ").append(t.acked()).append(" | ")
                    .append(t.stored()).append(" | ").append(t.lost().size()).append(" | ").append(t.duplicated())
                    .append(" | ").append(t.brokerDuplicates()).append(" | ").append(t.heldByDevices()).append(" | ")
                    .append(t.notes().replace("|", "/")).append(" |\n");
        }
        if (total == null) {
            b.append("\nThe run stopped early: see the console output.\n");
        }
        b.append("\nlost = acked to a device and not stored by the backend, by exact (device, seq); duplicated = rows "
                + "stored for a (device, seq) beyond the first (rows minus distinct); broker deliveries duplicated = "
                + "what an independent QoS 1 subscriber on the broker received more than once (informational).\n");
        for (Ledger.Tally t : rows) {
            if (!t.lost().isEmpty()) {
                b.append("\n").append(t.name()).append(" lost: ").append(ranges(t.lost())).append('\n');
            }
        }
        Path file = s.out().resolve("report.md");
        try {
            Files.createDirectories(s.out());
            Files.writeString(file, b.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
