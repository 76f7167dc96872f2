package io.holdfast.esp32.impl.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.holdfast.api.status.LinkStatus;
import io.holdfast.esp32.impl.ingest.IngestSettings;
import io.holdfast.esp32.impl.ingest.LinkState;
import io.holdfast.esp32.impl.ingest.Pipeline;
import io.holdfast.esp32.impl.ingest.SeqStore;
import io.holdfast.esp32.impl.ingest.TimeSource;
import io.holdfast.simulator.Acks;
import io.holdfast.simulator.Faults;
import io.holdfast.simulator.SimDevice;
import io.holdfast.simulator.TcpFleet;
import io.holdfast.testkit.RecordingPublisher;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.junit.After;
import org.junit.Test;

/**
 * Overload with real sockets: devices offer more than the publisher takes. The gateway holds them (no reads, a hold
 * frame) above the buffer's high water mark and resumes them below the low one; acks keep flowing, so no device waits
 * out its re-send back-off, and every reading is published exactly once.
 */
public class OverloadTest {

    /** A publisher with a fixed cost per reading, like a store commit: slower than the devices. */
    private static final class SlowPublisher extends RecordingPublisher {
        private final long nanos;

        SlowPublisher(long nanos) {
            this.nanos = nanos;
        }

        @Override
        public String publish(KuraMessage message) throws KuraException {
            LockSupport.parkNanos(nanos); // the cost of a commit, not a wait for a condition
            return super.publish(message);
        }
    }

    private Pipeline pipeline;
    private TcpServer server;

    private void start(IngestSettings s, RecordingPublisher publisher) throws Exception {
        pipeline = new Pipeline(s, TimeSource.SYSTEM, new SeqStore(null));
        pipeline.start();
        if (publisher != null) {
            pipeline.publisher(publisher);
        }
        LinkState state = new LinkState("tcp-overload", LinkStatus.Kind.TCP, "");
        server = new TcpServer(new TcpServer.Settings("127.0.0.1", 0, 5_000, 120_000, 0), pipeline, state, null, null,
                TimeSource.SYSTEM);
        server.start();
    }

    @After
    public void stop() {
        if (server != null) {
            server.stop();
        }
        if (pipeline != null) {
            pipeline.stop();
        }
    }

    @Test
    public void aDeviceIsToldToHoldAtTheHighMarkAndToResumeBelowTheLowMark() throws Exception {
        RecordingPublisher publisher = new RecordingPublisher();
        start(IngestSettings.defaults().withBufferSize(100).withPublishThreads(1), null);
        SimDevice d = new SimDevice("3C:5E:00:00:00:01", SimDevice.Mode.NATIVE, false, 0, 1_000, 10_000, 1);
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder lines = new StringBuilder(d.hello()).append('\n');
            for (int i = 0; i < 200; i++) {
                lines.append(d.read()).append('\n');
            }
            out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            // no publisher yet: the buffer fills to the high mark (90 of 100) and the device is told to hold
            String line = in.readLine();
            while (line != null && line.startsWith("{\"t\":\"time\"")) {
                line = in.readLine();
            }
            assertThat(line).isEqualTo("{\"t\":\"hold\",\"ms\":" + TcpServer.HOLD_MS + "}");
            assertThat(pipeline.buffered()).isBetween(90, 100);
            assertThat(pipeline.counter("tcp.holds")).isEqualTo(1);
            assertThat(pipeline.counter("buffer.overflow")).as("held back, not dropped").isZero();
            pipeline.publisher(publisher);
            long last = -1;
            boolean held = true;
            int resumes = 0;
            while (last != 1_199 || held) {
                line = in.readLine();
                assertThat(line).as("downlink until the last ack, not held").isNotNull();
                long seq = Acks.seq(line);
                if (seq >= 0) {
                    assertThat(seq).as("acks advance").isGreaterThan(last);
                    last = seq;
                } else if (Acks.isResume(line)) {
                    assertThat(held).as("a resume ends a hold").isTrue();
                    held = false;
                    resumes++;
                } else {
                    // a renewed hold, or a new one when the rest of the 200 readings fills the buffer again
                    assertThat(Acks.holdMs(line)).as("only acks, holds and resumes: " + line)
                            .isEqualTo(TcpServer.HOLD_MS);
                    held = true;
                }
            }
            assertThat(resumes).as("told to resume below the low mark").isPositive();
            assertThat(pipeline.counter("tcp.resumes")).isEqualTo(resumes).isEqualTo(pipeline.counter("tcp.holds"));
            Set<String> expected = new HashSet<>();
            for (int i = 1_000; i < 1_200; i++) {
                expected.add(d.mac() + "#" + i);
            }
            assertThat(publisher.ids()).isEqualTo(expected);
            assertThat(publisher.count()).isEqualTo(200);
        }
    }

    @Test
    public void underOverloadAcksFlowAndNoDeviceTimesOutIntoReSending() throws Exception {
        // the publisher takes about 1 000 readings/s (one thread, 1 ms each); the devices offer 2 000/s
        SlowPublisher publisher = new SlowPublisher(TimeUnit.MILLISECONDS.toNanos(1));
        start(IngestSettings.defaults().withBufferSize(300).withPublishThreads(1), publisher);
        TcpFleet.Options o = new TcpFleet.Options("127.0.0.1", server.port(), 10, 200, SimDevice.Mode.NATIVE, false, 0,
                Faults.NONE, 3_000, 0x3C, 21, null);
        try (TcpFleet fleet = new TcpFleet(o)) {
            fleet.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> fleet.connected() == 10);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> fleet.generated() >= 10_000 && pipeline.counter("tcp.resumes") >= 2);
            fleet.pause();
            await().atMost(Duration.ofSeconds(120)).until(() -> fleet.unacked() == 0);
            long generated = fleet.generated();
            assertThat(fleet.acked()).isEqualTo(generated);
            assertThat(pipeline.counter("tcp.holds")).as("the high mark was reached").isPositive();
            assertThat(fleet.holds()).as("devices got hold frames").isPositive();
            assertThat(fleet.stallResends()).as("no device waited out its back-off while acks flowed; counters "
                    + pipeline.counters() + ", fleet: holds " + fleet.holds() + ", resends " + fleet.resends())
                    .isZero();
            assertThat(fleet.resends()).as("nothing was sent twice").isZero();
            assertThat(fleet.connects()).as("no reconnects").isEqualTo(10);
            assertThat(pipeline.counter("buffer.overflow")).isZero();
            assertThat(pipeline.counter("readings.duplicate")).isZero();
            // the exact set of (device, seq) the devices generated is the set published, each once
            Set<String> expected = new HashSet<>();
            for (SimDevice d : fleet.devices()) {
                for (long seq = d.nextSeq() - d.generated(); seq < d.nextSeq(); seq++) {
                    expected.add(d.mac() + "#" + seq);
                }
            }
            assertThat(expected).hasSize((int) generated);
            assertThat(publisher.ids()).isEqualTo(expected);
            assertThat(publisher.count()).as("no duplicates published").isEqualTo((int) generated);
        }
    }
}
