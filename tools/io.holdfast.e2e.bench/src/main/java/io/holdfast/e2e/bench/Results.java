package io.holdfast.e2e.bench;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.HdrHistogram.Histogram;

/** Every figure of a run, filled in by {@link Setups} and written by {@link Report}. */
final class Results {

    /** Percentiles of one latency histogram (microseconds in, milliseconds out). */
    record Latency(long count, double p50, double p99, double p999, double max) {
        static Latency of(Histogram h) {
            return new Latency(h.getTotalCount(), ms(h, 50), ms(h, 99), ms(h, 99.9), h.getMaxValue() / 1000.0);
        }

        private static double ms(Histogram h, double p) {
            return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(p) / 1000.0;
        }
    }

    /**
     * One setup at one offered rate: what the backend stored per second, what the device side was acked for per second
     * (-1: not known in this process), the readings waiting at the devices and in the gateway's store at the window's
     * end (-1: not known), and the two latencies.
     */
    record Run(String setup, double offered, double stored, double acked, long atDevices, long gatewayBacklog,
            Latency commit, Latency ingest, Histogram histogram) {
    }

    /** Readings acked to the device side that the backend does not have after the restart and the settling. */
    record Loss(String setup, String ackedMeans, long acked, long lost, String lostRuns, long sentNotAcked,
            long lostOfSent, double restartSeconds) {
    }

    /** One step of the search for the maximum sustainable rate. */
    record Step(String setup, double offered, double stored, long lagAtEnd, boolean sustainable, Latency commit,
            Histogram histogram) {
    }

    /** The drain after an outage of the cloud broker. */
    record Drain(int outageSeconds, long backlogAtRestart, double reconnectSeconds, double backlogZeroSeconds,
            double backendAllSeconds, long acked, long lost, List<double[]> curve) {
    }

    /** A gateway's start-up and memory. */
    record Gateway(String setup, GatewayProcess.Startup cold, GatewayProcess.Startup warm, Machine.Memory idle,
            Machine.Memory load) {
    }

    String command;
    String machine;
    String loadStart;
    String loadEnd;
    String started;
    String finished;
    int devices;
    double rate;
    int seconds;
    long pollMicros;
    final List<Run> runs = new ArrayList<>();
    final List<Loss> losses = new ArrayList<>();
    final List<Step> steps = new ArrayList<>();
    final List<Gateway> gateways = new ArrayList<>();
    Drain drain;
    final List<String> notes = new ArrayList<>();

    /** The last sustainable step of a setup, or {@code null}. */
    Step maxSustainable(String setup) {
        Step best = null;
        for (Step s : steps) {
            if (s.setup().equals(setup) && s.sustainable() && (best == null || s.offered() > best.offered())) {
                best = s;
            }
        }
        return best;
    }

    /** {@code a} minus {@code b}, as ranges of seq per device ({@code dev#seq} keys): at most 12 listed. */
    static String runs(Set<String> missing) {
        TreeSet<String> devices = new TreeSet<>();
        missing.forEach(k -> devices.add(k.substring(0, k.indexOf('#'))));
        List<String> out = new ArrayList<>();
        for (String d : devices) {
            TreeSet<Long> seqs = new TreeSet<>();
            missing.stream().filter(k -> k.startsWith(d + "#"))
                    .forEach(k -> seqs.add(Long.parseLong(k.substring(k.indexOf('#') + 1))));
            Long from = null;
            Long prev = null;
            for (long s : seqs) {
                if (prev != null && s != prev + 1) {
                    out.add(d + " " + (from.equals(prev) ? from : from + "-" + prev));
                    from = s;
                } else if (from == null) {
                    from = s;
                }
                prev = s;
            }
            if (from != null) {
                out.add(d + " " + (from.equals(prev) ? from : from + "-" + prev));
            }
        }
        return out.size() <= 12 ? String.join(", ", out)
                : String.join(", ", out.subList(0, 12)) + ", ... (" + out.size() + " runs)";
    }

    /** The keys of {@code acked} that {@code stored} lacks. */
    static Set<String> missing(Set<String> acked, Set<String> stored) {
        Set<String> m = new HashSet<>(acked);
        m.removeAll(stored);
        return m;
    }
}
