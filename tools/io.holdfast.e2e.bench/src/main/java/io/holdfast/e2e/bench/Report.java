package io.holdfast.e2e.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** {@code e2e.md}: the run's figures as Markdown tables, each with its target, and the charts. */
final class Report {

    private final Results r;
    private final StringBuilder md = new StringBuilder();

    private Report(Results r) {
        this.r = r;
    }

    static void write(Results r, Path out) throws IOException {
        Report rep = new Report(r);
        rep.build(out);
        Files.writeString(out.resolve("e2e.md"), rep.md.toString(), StandardCharsets.UTF_8);
    }

    private void build(Path out) throws IOException {
        line("# End-to-end benchmark");
        line("");
        line("Written by `tools/io.holdfast.e2e.bench` (its README says how to run it and what each figure means). "
                + "One run, every setup against the same cloud Mosquitto and the same backend jar on SQLite.");
        line("");
        line("| | |");
        line("|---|---|");
        line("| run | " + r.started + " to " + r.finished + " |");
        line("| machine | " + r.machine + " |");
        line("| load average (1, 5, 15 min) | at the start " + r.loadStart + ", at the end " + r.loadEnd
                + " (the machine is shared with other engineers' builds) |");
        line("| command | `" + r.command + "` |");
        line("| devices | " + r.devices + " simulated devices, " + f0(r.rate) + " readings/s together; latency window "
                + r.seconds + " s per setup |");
        line("");
        targets();
        runs();
        steps();
        losses();
        drain();
        gateways();
        charts(out);
        line("## How it was measured");
        line("");
        line("- **Latency**: from the device's `ts` to the commit of the reading's row in the backend's SQLite "
                + "database. `ts` is the wall clock (ms) when the simulated device takes the reading; it writes the "
                + "frame to its socket in the same loop round (the TCP devices: `TcpFleet`, `native-ts` mode, in the "
                + "benchmark's process; the MQTT devices: `publish()` of their Paho client), unless its socket or "
                + "window is backed up, when the wait counts too. The commit is observed by the benchmark: a thread "
                + "reads the rows added since its last look (`rowid >` the last one) every " + r.pollMicros
                + " us; a row's time is the start of the first look that returned it (so the figure is up to one "
                + "look plus 1 ms of `ts` truncation late). The same clock, one machine. **Ingest** is "
                + "`received_at - ts`: `received_at` is set by the backend when its ingest decodes the message, "
                + "before the batch commit. Each window starts after the setup's first reading reached the "
                + "backend, a warm-up (`--warmup-seconds`) and, where the device side's acks are known, once at most "
                + "one second of readings waits at the devices (at most 2 minutes: a start leaves a backlog there).");
        line("- **Throughput**: rows of the setup's devices seen committed per second during the window. **Acked to "
                + "the devices/s**: what the gateway (the driver's acks, after its SQLite commit) or the local broker "
                + "(PUBACKs) confirmed to the devices per second in the window; **waiting at the devices**: readings "
                + "taken and not yet acked at the window's end (in the devices' flash, or sent and unconfirmed); "
                + "**in the gateway's store**: the store's backlog (console) then, readings acked to a device and not "
                + "yet confirmed by the cloud broker. Where the lag is: at the devices means the gateway's intake "
                + "(and commit) is the limit, in the store means the cloud side.");
        line("- **Sustainable** (rate steps): over the last two thirds of a step the backend stored at least 95 % of "
                + "the offered rate, and at the step's end at most one second of readings were taken and not stored.");
        line("- **Loss at SIGKILL**: the exact set of (device, seq) the device side was acked for, minus the set the "
                + "backend stored after the \"gateway\" process was SIGKILLed, started again, and everything "
                + "settled (devices stopped, queues empty, nothing new for 45 s).");
        for (String n : r.notes) {
            line("- " + n);
        }
        line("");
    }

    private void targets() {
        line("## Targets");
        line("");
        line("| figure | target | measured | |");
        line("|---|---|---|---|");
        Results.Run h = run(Setups.HOLDFAST);
        if (h != null) {
            target("p50 end to end at " + f0(r.rate) + " readings/s", "< 5 ms", ms(h.commit().p50()),
                    h.commit().p50() < 5);
            target("p99 end to end at " + f0(r.rate) + " readings/s", "< 25 ms", ms(h.commit().p99()),
                    h.commit().p99() < 25);
        }
        if (r.drain != null && r.drain.backlogZeroSeconds() > 0) {
            double rate = r.drain.backlogAtRestart() / r.drain.backlogZeroSeconds();
            double proper = r.drain.backlogZeroSeconds() - Math.max(0, r.drain.reconnectSeconds());
            target("drain of a " + r.drain.outageSeconds() + " s backlog (" + r.drain.backlogAtRestart()
                    + " readings), broker start to backlog 0", "600 000 in < 30 s (>= 20 000/s)",
                    f1(r.drain.backlogZeroSeconds()) + " s (" + f0(rate) + "/s; from the reconnection: " + f1(proper)
                            + " s, " + f0(r.drain.backlogAtRestart() / Math.max(0.001, proper)) + "/s)",
                    rate >= 20_000 && (r.drain.outageSeconds() < 600 || r.drain.backlogZeroSeconds() < 30));
        }
        for (Results.Gateway g : r.gateways) {
            if (g.load() != null) {
                target(g.setup() + ": heap used after GC under load", "< 64 MB", mb(g.load().heapUsedKb()),
                        g.load().heapUsedKb() < 64 * 1024);
            }
            target(g.setup() + ": start-up, cold (first console answer)", "< 3 s", g.cold().firstAnswerMs() + " ms",
                    g.cold().firstAnswerMs() < 3000);
        }
        line("");
    }

    private void runs() {
        line("## Latency and throughput at " + f0(r.rate) + " readings/s");
        line("");
        line("| setup | offered/s | stored/s | acked to the devices/s | waiting at the devices / in the gateway's "
                + "store at the end | p50 | p99 | p99.9 | max | ingest p50 | ingest p99 | readings |");
        line("|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (Results.Run x : r.runs) {
            line("| " + x.setup() + " | " + f0(x.offered()) + " | " + f0(x.stored()) + " | "
                    + (x.acked() < 0 ? "-" : f0(x.acked())) + " | " + (x.atDevices() < 0 ? "-" : x.atDevices()) + " / "
                    + (x.gatewayBacklog() < 0 ? "-" : x.gatewayBacklog()) + " | " + ms(x.commit().p50()) + " | "
                    + ms(x.commit().p99()) + " | " + ms(x.commit().p999()) + " | " + ms(x.commit().max()) + " | "
                    + ms(x.ingest().p50()) + " | " + ms(x.ingest().p99()) + " | " + x.commit().count() + " |");
        }
        line("");
    }

    private void steps() {
        if (r.steps.isEmpty()) {
            return;
        }
        line("## Maximum sustainable rate");
        line("");
        for (String setup : new String[] { Setups.HOLDFAST, Setups.PI }) {
            Results.Step best = r.maxSustainable(setup);
            if (r.steps.stream().anyMatch(s -> s.setup().equals(setup))) {
                line("- " + setup + ": "
                        + (best == null ? "no step was sustainable"
                                : f0(best.offered()) + " readings/s (p50 " + ms(best.commit().p50()) + ", p99 "
                                        + ms(best.commit().p99()) + ", p99.9 " + ms(best.commit().p999()) + ")"));
            }
        }
        line("");
        line("| setup | offered/s | stored/s | lag at the end | sustainable | p50 | p99 | p99.9 | max |");
        line("|---|---|---|---|---|---|---|---|---|");
        for (Results.Step s : r.steps) {
            line("| " + s.setup() + " | " + f0(s.offered()) + " | " + f0(s.stored()) + " | " + s.lagAtEnd() + " | "
                    + (s.sustainable() ? "yes" : "no") + " | " + ms(s.commit().p50()) + " | " + ms(s.commit().p99())
                    + " | " + ms(s.commit().p999()) + " | " + ms(s.commit().max()) + " |");
        }
        line("");
    }

    private void losses() {
        if (r.losses.isEmpty()) {
            return;
        }
        line("## Readings lost when the gateway process is SIGKILLed");
        line("");
        line("| setup | \"acked\" means | acked | lost | lost (device seq runs) | other | restart |");
        line("|---|---|---|---|---|---|---|");
        for (Results.Loss l : r.losses) {
            String other = l.lostOfSent() >= 0 ? "PUBACKed " + l.sentNotAcked() + ", of them lost " + l.lostOfSent()
                    : "sent, not acked at the end: " + l.sentNotAcked();
            line("| " + l.setup() + " | " + l.ackedMeans() + " | " + l.acked() + " | **" + l.lost() + "** | "
                    + (l.lostRuns().isEmpty() ? "-" : l.lostRuns()) + " | " + other + " | " + f1(l.restartSeconds())
                    + " s |");
        }
        line("");
    }

    private void drain() {
        if (r.drain == null) {
            return;
        }
        Results.Drain d = r.drain;
        line("## Drain after a broker outage");
        line("");
        line("The cloud broker stopped for **" + d.outageSeconds() + " s**"
                + (d.outageSeconds() == 600 ? ""
                        : " (a shorter outage than the issue's 10 minutes: `--outage-seconds`)")
                + " while the devices sent " + f0(r.rate)
                + " readings/s; then the devices stopped and the broker started again.");
        line("");
        line("| backlog at the broker's start | gateway reconnected | backlog 0 | backend has every reading | acked | lost |");
        line("|---|---|---|---|---|---|");
        line("| " + d.backlogAtRestart() + " | " + f1(d.reconnectSeconds()) + " s | " + f1(d.backlogZeroSeconds())
                + " s | " + f1(d.backendAllSeconds()) + " s | " + d.acked() + " | " + d.lost() + " |");
        line("");
        line("Times from the broker's start. The gateway reconnects with its back-off (1 s doubling to 60 s), "
                + "the backend's Paho client with its own (up to 30 s): the drain proper is from the reconnection "
                + "to backlog 0.");
        line("");
    }

    private void gateways() {
        line("## Gateway memory and start-up");
        line("");
        line("| setup | cold start: launcher / console | warm start: launcher / console | idle: heap after GC / RSS "
                + "| under load: heap after GC / RSS |");
        line("|---|---|---|---|---|");
        for (Results.Gateway g : r.gateways) {
            line("| " + g.setup() + " | " + g.cold().launcherMs() + " / " + g.cold().firstAnswerMs() + " ms | "
                    + g.warm().launcherMs() + " / " + g.warm().firstAnswerMs() + " ms | " + mem(g.idle()) + " | "
                    + (g.load() == null ? "-" : mem(g.load())) + " |");
        }
        line("");
        line("Launcher: its own line `holdfast: gateway started in N ms` (from the JVM's start); console: from the "
                + "`exec` to the first 200 of `/system/console/holdfast.json`. Heap: `jcmd PID GC.run` then "
                + "`jstat -gc` (survivor, eden and old space used); RSS: `VmRSS` of `/proc/PID/status`.");
        line("");
    }

    private void charts(Path out) throws IOException {
        Map<String, Histogram> hist = new LinkedHashMap<>();
        Map<String, double[]> tput = new LinkedHashMap<>();
        for (Results.Run x : r.runs) {
            hist.put(x.setup() + " at " + f0(x.offered()) + "/s", x.histogram());
            tput.put(x.setup() + " (" + f0(x.offered()) + "/s)", new double[] { x.offered(), x.stored() });
        }
        for (String setup : new String[] { Setups.HOLDFAST, Setups.PI }) {
            Results.Step best = r.maxSustainable(setup);
            if (best != null) {
                hist.put(setup + " at " + f0(best.offered()) + "/s (max sustainable)", best.histogram());
                tput.put(setup + " (max sustainable)", new double[] { best.offered(), best.stored() });
            }
        }
        line("## Charts");
        line("");
        Charts.latency(out.resolve("e2e-latency.png"), hist);
        line("![latency by percentile](e2e-latency.png)");
        line("");
        Charts.throughput(out.resolve("e2e-throughput.png"), tput);
        line("![throughput](e2e-throughput.png)");
        line("");
        if (!r.steps.isEmpty()) {
            Charts.steps(out.resolve("e2e-steps.png"), r.steps);
            line("![rate steps](e2e-steps.png)");
            line("");
        }
        if (r.drain != null) {
            Charts.drain(out.resolve("e2e-drain.png"), r.drain);
            line("![drain](e2e-drain.png)");
            line("");
        }
    }

    private Results.Run run(String setup) {
        return r.runs.stream().filter(x -> x.setup().equals(setup)).findFirst().orElse(null);
    }

    private void target(String figure, String target, String measured, boolean met) {
        line("| " + figure + " | " + target + " | " + measured + " | " + (met ? "met" : "**not met**") + " |");
    }

    private static String mem(Machine.Memory m) {
        return mb(m.heapUsedKb()) + " / " + mb(m.rssKb());
    }

    private static String mb(long kb) {
        return kb < 0 ? "?" : String.format(Locale.ROOT, "%.1f MB", kb / 1024.0);
    }

    static String ms(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f ms", v);
    }

    private static String f0(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }

    private static String f1(double v) {
        return v < 0 ? "not reached" : String.format(Locale.ROOT, "%.1f", v);
    }

    private void line(String s) {
        md.append(s).append('\n');
    }
}
