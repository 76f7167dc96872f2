package io.holdfast.esp32.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.holdfast.api.status.LinkStatus;
import io.holdfast.simulator.Faults;
import io.holdfast.simulator.SerialDevice;
import io.holdfast.simulator.SimDevice;
import io.holdfast.testkit.RecordingPublisher;
import io.holdfast.testkit.TestDirs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * A real serial path: jSerialComm on one end of a {@code socat} pty pair, a simulated device on the other. Unplugging
 * (socat gone) and plugging back in (socat again, same names) must lose nothing.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SerialLinkIT extends Esp32TestSupport {

    private Process socat;
    private Path gatewaySide;
    private Path deviceSide;

    @Configuration
    public Option[] config() {
        return esp32Runtime();
    }

    private void plugIn() throws IOException {
        Files.deleteIfExists(gatewaySide);
        Files.deleteIfExists(deviceSide);
        socat = new ProcessBuilder("socat", "-d", "-d", "pty,raw,echo=0,link=" + gatewaySide,
                "pty,raw,echo=0,link=" + deviceSide).redirectErrorStream(true)
                        .redirectOutput(TestDirs.target().resolve("socat.log").toFile()).start();
        await().atMost(TIMEOUT).until(() -> Files.exists(gatewaySide) && Files.exists(deviceSide));
    }

    private void unplug() throws InterruptedException {
        socat.destroy();
        socat.waitFor();
    }

    @After
    public void stopSocat() throws InterruptedException {
        if (socat != null) {
            unplug();
        }
    }

    @Test
    public void readingsOverASerialPtyAreStoredAckedAndSurviveAnUnplug() throws Exception {
        Path dir = TestDirs.target().resolve("pty-" + UUID.randomUUID());
        Files.createDirectories(dir);
        gatewaySide = dir.resolve("ttyGW");
        deviceSide = dir.resolve("ttyESP");
        plugIn();

        RecordingPublisher publisher = new RecordingPublisher();
        register(publisher);
        configureGateway(Map.of());
        org.osgi.service.cm.Configuration link = createLink(SERIAL,
                Map.of("port", gatewaySide.toString(), "baud", 115_200, "reopen.backoff.max.seconds", 2));
        awaitLink(link, LinkStatus.State.UP);

        SimDevice device = new SimDevice("3C:E9:0E:72:12:4C", SimDevice.Mode.NATIVE, true, 20, 0xFFFF_FFFFL - 300,
                10_000, 3);
        try (SerialDevice serial = new SerialDevice(deviceSide.toString(), device, 50, new Faults(0.05, 0.05, 0, 0))) {
            serial.start();
            await().atMost(TIMEOUT).until(() -> device.acked() >= 200);

            unplug();
            await().atMost(TIMEOUT).until(() -> linkStatus(link).state() != LinkStatus.State.UP);
            long reconnects = linkStatus(link).reconnects();
            plugIn();
            await().atMost(TIMEOUT).until(() -> linkStatus(link).reconnects() > reconnects
                    && linkStatus(link).state() == LinkStatus.State.UP);
            long generated = device.generated();
            await().atMost(TIMEOUT).until(() -> device.generated() >= generated + 200);
            serial.pause();
            await().atMost(Duration.ofSeconds(60)).until(() -> device.unacked() == 0);

            assertThat(device.acked()).isEqualTo(device.generated());
            assertThat(publisher.from(device.mac())).hasSize((int) device.generated());
            assertThat(publisher.from(device.mac()).stream()
                    .map(m -> ((Number) m.getPayload().getMetric("seq")).longValue()).collect(Collectors.toSet()))
                            .as("exactly the (device, seq) sent")
                            .isEqualTo(seqs(0xFFFF_FFFFL - 300, device.generated()));
            assertThat(publisher.duplicates()).isZero();
            assertThat(device.nextSeq()).as("crossed the 32-bit wrap").isGreaterThan(0xFFFF_FFFFL);
            assertThat(counter("frames.rejected.bad.crc")).isPositive();
            assertThat(counter("frames.rejected.not.json")).isPositive();
            assertThat(gatewayStatus().devices()).anyMatch(d -> d.deviceId().equals(device.mac())
                    && d.linkId().equals(link.getPid()) && d.firmware().equals("0.3.1"));
        }
    }

    /** The exact set of sequence numbers a device sent from {@code first} on (32-bit, wrapping). */
    private static Set<Long> seqs(long first, long count) {
        return LongStream.range(0, count).map(i -> (first + i) & 0xFFFF_FFFFL).boxed().collect(Collectors.toSet());
    }
}
