package io.holdfast.esp32.it;

import static io.holdfast.testkit.HoldfastOptions.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.holdfast.api.codec.SensorCodec;
import io.holdfast.api.reading.Metric;
import io.holdfast.api.status.LinkStatus;
import io.holdfast.testkit.RecordingPublisher;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.eclipse.kura.message.KuraPayload;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;

/**
 * One hand-driven device on the TCP link: clock mapping, reboots, an untrusted ts, a codec that appears while readings
 * flow, and a CloudPublisher that goes away (readings wait, nothing is acked) and comes back.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ClockAndBufferIT extends Esp32TestSupport {

    private static final String MAC = "3C:E9:0E:72:12:4C";

    @Configuration
    public Option[] config() {
        return esp32Runtime();
    }

    /** A device on a socket, reading its downlink on its own thread. */
    private static final class Device implements AutoCloseable {
        final Socket socket;
        final OutputStream out;
        final ConcurrentMap<String, Long> acks = new ConcurrentHashMap<>();
        final List<String> downlink = new java.util.concurrent.CopyOnWriteArrayList<>();

        Device(int port) throws Exception {
            socket = new Socket("127.0.0.1", port);
            out = socket.getOutputStream();
            Thread t = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        downlink.add(line);
                        long seq = io.holdfast.simulator.Acks.seq(line);
                        if (seq >= 0) {
                            acks.put(MAC, seq);
                        }
                    }
                } catch (java.io.IOException e) {
                    // closed
                }
            });
            t.setDaemon(true);
            t.start();
        }

        void send(String frame) throws Exception {
            out.write((frame + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        void reading(long seq, String time, String type, String v) throws Exception {
            send("{\"t\":\"r\",\"mac\":\"" + MAC + "\",\"seq\":" + seq + "," + time + ",\"type\":\"" + type
                    + "\",\"v\":" + v + "}");
        }

        long ack() {
            return acks.getOrDefault(MAC, -1L);
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }

    private KuraPayload bySeq(RecordingPublisher p, long seq) {
        await().atMost(TIMEOUT)
                .until(() -> p.messages().stream().anyMatch(m -> m.getPayload().getMetric("seq").equals(seq)));
        return p.messages().stream().filter(m -> m.getPayload().getMetric("seq").equals(seq)).findFirst().get()
                .getPayload();
    }

    @Test
    public void clockRebootCodecAndAbsentPublisher() throws Exception {
        RecordingPublisher publisher = new RecordingPublisher();
        ServiceRegistration<?> reg = register(publisher);
        configureGateway(Map.of("publish.threads", 2));
        int port = freePort();
        org.osgi.service.cm.Configuration link = createLink(TCP, Map.of("port", port, "bind.address", "127.0.0.1"));
        awaitLink(link, LinkStatus.State.UP);

        try (Device d = new Device(port)) {
            long t0 = System.currentTimeMillis();
            d.send("{\"t\":\"hello\",\"mac\":\"" + MAC + "\",\"fw\":\"0.3.1\",\"chip\":\"ESP32-WROOM\","
                    + "\"sensors\":[\"pt100\"],\"uptime\":3600000,\"seq\":1}");
            await().atMost(TIMEOUT).until(() -> d.downlink.stream().anyMatch(l -> l.startsWith("{\"t\":\"time\"")));

            // the OLED content another bundle posts on Event Admin reaches the device
            service(org.osgi.service.event.EventAdmin.class, null)
                    .postEvent(new org.osgi.service.event.Event("io/holdfast/esp32/downlink/OLED", Map.of("device", MAC,
                            "lines", new String[] { "Holdfast", "backlog 0", "a line longer than twenty-one" })));
            await().atMost(TIMEOUT).until(() -> d.downlink
                    .contains("{\"t\":\"oled\",\"lines\":[\"Holdfast\",\"backlog 0\",\"a line longer than tw\"]}"));

            // uptime only: mapped onto the gateway clock (booted an hour before t0)
            d.reading(1, "\"uptime\":3600000", "pt100", "{\"ma\":12.31}");
            // replayed from flash: taken 10 minutes earlier in this boot
            d.send("{\"t\":\"rb\",\"mac\":\"" + MAC + "\",\"items\":[{\"seq\":2,\"uptime\":3000000,\"type\":\"pt100\","
                    + "\"v\":{\"ma\":4.0}}]}");
            long t1 = System.currentTimeMillis();
            await().atMost(TIMEOUT).until(() -> d.ack() == 2);
            KuraPayload r1 = bySeq(publisher, 1L);
            assertThat(r1.getTimestamp().getTime()).isBetween(t0, t1);
            assertThat(r1.getMetric("flags").toString()).contains("TIME_FROM_UPTIME", "UNDECODED");
            assertThat(r1.getMetric("ma")).isEqualTo(12.31);
            KuraPayload r2 = bySeq(publisher, 2L);
            assertThat(r2.getTimestamp().getTime()).isBetween(t0 - 600_000, t1 - 600_000);
            assertThat(r2.getMetric("flags").toString()).contains("REPLAYED");

            // a pt100 codec appears: decoding starts without a restart, on the same connection
            register(SensorCodec.class,
                    (type, raw) -> List.of(Metric.of("current", ((Number) raw.get("ma")).doubleValue(), "mA")),
                    Map.of(SensorCodec.SENSOR_TYPE, "pt100"));
            await().atMost(TIMEOUT).until(() -> {
                d.reading(nextSeq++, "\"uptime\":3601000", "pt100", "{\"ma\":7.5}");
                long s = nextSeq - 1;
                await().atMost(TIMEOUT).until(() -> d.ack() == s);
                return bySeq(publisher, s).getMetric("current") != null;
            });
            KuraPayload decoded = bySeq(publisher, nextSeq - 1);
            assertThat(decoded.getMetric("current.unit")).isEqualTo("mA");
            assertThat(decoded.getMetric("flags").toString()).doesNotContain("UNDECODED");

            // reboot: the uptime starts again
            long rebootSeq = nextSeq++;
            long beforeReboot = System.currentTimeMillis();
            d.reading(rebootSeq, "\"uptime\":1500", "pt100", "{\"ma\":5}");
            KuraPayload rebooted = bySeq(publisher, rebootSeq);
            long t2 = System.currentTimeMillis();
            assertThat(rebooted.getMetric("flags").toString()).contains("AFTER_REBOOT");
            // the first sample of the new boot: the device time is its receive time
            assertThat(rebooted.getTimestamp().getTime()).isBetween(beforeReboot, t2);
            // a ts an hour ahead of the gateway clock is flagged and not trusted
            long futureSeq = nextSeq++;
            d.reading(futureSeq, "\"ts\":" + (System.currentTimeMillis() + 3_600_000), "pt100", "{\"ma\":5}");
            KuraPayload future = bySeq(publisher, futureSeq);
            assertThat(future.getMetric("flags").toString()).contains("TIME_UNTRUSTED");
            assertThat(future.getTimestamp().getTime()).isLessThanOrEqualTo(System.currentTimeMillis());
            await().atMost(TIMEOUT).until(() -> d.ack() == futureSeq);

            // the publisher goes away: readings wait, nothing is acked
            reg.unregister();
            long waitFrom = nextSeq;
            for (int i = 0; i < 5; i++) {
                d.reading(nextSeq++, "\"uptime\":" + (2000 + i), "pt100", "{\"ma\":5}");
            }
            await().atMost(TIMEOUT).until(() -> counter("readings.in") >= waitFrom + 4);
            int published = publisher.count();
            assertThat(d.ack()).isEqualTo(futureSeq);
            assertThat(counter("buffer.depth")).isEqualTo(5L);
            // and comes back: they flow, then the ack
            register(publisher);
            await().atMost(TIMEOUT).until(() -> d.ack() == nextSeq - 1);
            assertThat(publisher.messages()).hasSize(published + 5);
            assertThat(publisher.duplicates()).isZero();
            assertThat(gatewayStatus().devices()).singleElement().satisfies(s -> {
                assertThat(s.deviceId()).isEqualTo(MAC);
                assertThat(s.chip()).isEqualTo("ESP32-WROOM");
                assertThat(s.sensors()).contains("pt100");
            });
        }
    }

    private long nextSeq = 3;
}
