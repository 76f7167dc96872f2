package io.holdfast.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.HdrHistogram.Histogram;
import org.junit.Test;

/** The rules and parsing the report's figures rest on. */
public class FiguresTest {

    @Test
    public void aRateIsSustainableWhenNearlyAllIsStoredAndTheLagIsUnderASecond() {
        assertThat(Sustainable.judge(1000, 1000, 20)).isTrue();
        assertThat(Sustainable.judge(1000, 950, 1000)).isTrue();
        assertThat(Sustainable.judge(1000, 949, 0)).as("too little stored").isFalse();
        assertThat(Sustainable.judge(1000, 1000, 1001)).as("the backlog grows").isFalse();
        assertThat(Sustainable.judge(0, 0, 0)).isFalse();
    }

    @Test
    public void missingReadingsAreListedAsRunsOfSeqPerDevice() {
        Set<String> acked = Set.of("A#1", "A#2", "A#3", "A#4", "A#7", "B#5", "B#6");
        Set<String> stored = Set.of("A#1", "A#4", "B#5");
        Set<String> missing = Results.missing(acked, stored);
        assertThat(missing).containsExactlyInAnyOrder("A#2", "A#3", "A#7", "B#6");
        assertThat(Results.runs(missing)).isEqualTo("A 2-3, A 7, B 6");
    }

    @Test
    public void thePahoLogKeepsPublishedAndAckedApartAndSkipsNothingElse() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "figures-test"));
        Path log = dir.resolve("acks.log");
        Files.writeString(log, "P C2:5E:00:00:00:00 0\nP C2:5E:00:00:00:00 1\nA C2:5E:00:00:00:00 0\n",
                StandardCharsets.UTF_8);
        PahoGateway.Log l = PahoGateway.Log.read(log);
        assertThat(l.published()).containsExactlyInAnyOrder("C2:5E:00:00:00:00#0", "C2:5E:00:00:00:00#1");
        assertThat(l.acked()).containsExactly("C2:5E:00:00:00:00#0");
    }

    @Test
    public void latenciesAreReportedInMillisecondsFromMicroseconds() {
        Histogram h = new Histogram(3_600_000_000L, 3);
        for (int i = 1; i <= 1000; i++) {
            h.recordValue(i * 1000L); // 1 ms to 1000 ms
        }
        Results.Latency l = Results.Latency.of(h);
        assertThat(l.count()).isEqualTo(1000);
        assertThat(l.p50()).isBetween(499.0, 501.0);
        assertThat(l.p99()).isBetween(989.0, 991.0);
        assertThat(l.max()).isBetween(999.0, 1001.0);
        assertThat(Results.Latency.of(new Histogram(3)).p50()).isNaN();
    }
}
