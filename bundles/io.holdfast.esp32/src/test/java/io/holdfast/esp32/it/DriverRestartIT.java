package io.holdfast.esp32.it;

import static io.holdfast.testkit.HoldfastOptions.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.holdfast.api.queue.CommittedReadings;
import io.holdfast.api.queue.SeqRange;
import io.holdfast.api.status.LinkStatus;
import io.holdfast.simulator.SimDevice;
import io.holdfast.simulator.TcpFleet;
import io.holdfast.testkit.RecordingPublisher;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * The driver bundle restarted while simulated devices send and re-send over TCP, on a publisher that records what it
 * committed ({@link CommittedReadings}, as Holdfast's cloud connection does from its store): every reading is published
 * exactly once, though the devices re-send what the stopped driver had not acked. (The whole gateway killed and started
 * again: {@code CrashIT} in {@code dp-packages/io.holdfast.dp.hotswap}.)
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DriverRestartIT extends Esp32TestSupport {

    static final int DEVICES = 20;

    @Configuration
    public Option[] config() {
        return esp32Runtime();
    }

    @Test
    public void restartingTheDriverUnderReSendsPublishesEveryReadingOnce() throws Exception {
        Committing publisher = new Committing();
        register(publisher);
        configureGateway(Map.of("publish.threads", 2));
        int port = freePort();
        org.osgi.service.cm.Configuration link = createLink(TCP, Map.of("port", port, "bind.address", "127.0.0.1"));
        awaitLink(link, LinkStatus.State.UP);
        Bundle driver = bundle("io.holdfast.esp32");
        try (TcpFleet fleet = new TcpFleet(TcpFleet.Options.simple("127.0.0.1", port, DEVICES, 50))) {
            fleet.start();
            for (int restart = 1; restart <= 3; restart++) {
                long target = publisher.count() + 1_000;
                await().atMost(Duration.ofSeconds(60)).until(() -> publisher.count() >= target);
                // readings stored whose ack the stop cuts off: the devices send them again to the next driver
                publisher.stall = new CountDownLatch(1);
                await().atMost(Duration.ofSeconds(60)).until(() -> publisher.stalled.get() > 0);
                driver.stop();
                publisher.stall = null;
                publisher.stalled.set(0);
                driver.start();
                awaitLink(link, LinkStatus.State.UP);
            }
            long target = publisher.count() + 1_000;
            await().atMost(Duration.ofSeconds(60)).until(() -> publisher.count() >= target);
            fleet.pause();
            await().atMost(Duration.ofSeconds(90)).until(() -> fleet.unacked() == 0);
            Set<String> generated = new HashSet<>();
            for (SimDevice d : fleet.devices()) {
                for (long s = d.nextSeq() - d.generated(); s < d.nextSeq(); s++) {
                    generated.add(d.mac() + "#" + s);
                }
            }
            assertThat(fleet.acked()).isEqualTo(fleet.generated());
            assertThat(publisher.ids()).as("every acked reading published").isEqualTo(generated);
            assertThat(publisher.duplicates()).as("readings published twice").isZero();
            assertThat(counter("readings.duplicate")).as("re-sent readings recognised as stored").isPositive();
        }
    }

    /** Records every published reading, and answers which (source, seq) it committed, as runs. */
    static final class Committing extends RecordingPublisher implements CommittedReadings {
        private final Map<String, TreeSet<Long>> committed = new java.util.concurrent.ConcurrentHashMap<>();
        /** When set, a publish() stores the reading, then waits here (the ack is not sent) until interrupted. */
        volatile CountDownLatch stall;
        final AtomicInteger stalled = new AtomicInteger();

        @Override
        public String publish(KuraMessage message) throws KuraException {
            String id = super.publish(message);
            Object device = message.getProperties().get("device");
            Object seq = message.getProperties().get("seq");
            TreeSet<Long> seqs = committed.computeIfAbsent(String.valueOf(device), k -> new TreeSet<>());
            synchronized (seqs) {
                seqs.add(((Number) seq).longValue());
            }
            CountDownLatch s = stall;
            if (s != null) {
                stalled.incrementAndGet();
                try {
                    s.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new KuraException(KuraErrorCode.STORE_ERROR, "stopped after storing the reading");
            }
            return id;
        }

        @Override
        public List<SeqRange> committedSeqs(String deviceId) {
            TreeSet<Long> seqs = committed.get(deviceId);
            if (seqs == null) {
                return List.of();
            }
            synchronized (seqs) {
                return SeqRange.runs(seqs);
            }
        }
    }
}
