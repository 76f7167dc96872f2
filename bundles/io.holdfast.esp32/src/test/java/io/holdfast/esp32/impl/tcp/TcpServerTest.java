package io.holdfast.esp32.impl.tcp;

import io.holdfast.esp32.impl.ingest.IngestSettings;
import io.holdfast.esp32.impl.ingest.LinkState;
import io.holdfast.esp32.impl.ingest.Pipeline;
import io.holdfast.esp32.impl.ingest.SeqStore;
import io.holdfast.esp32.impl.ingest.TimeSource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.holdfast.api.status.LinkStatus;
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
import java.util.Map;
import java.util.Set;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.junit.After;
import org.junit.Test;

/** The TCP listener in a plain JVM, against simulated devices. */
public class TcpServerTest {

    private final RecordingPublisher publisher = new RecordingPublisher();
    private Pipeline pipeline;
    private TcpServer server;
    private LinkState state;

    private void start(Map<String, String> tokens, long idleMs) throws Exception {
        start(tokens, idleMs, null);
    }

    private void start(Map<String, String> tokens, long idleMs, javax.net.ssl.SSLContext tls) throws Exception {
        start(tokens, idleMs, tls, IngestSettings.defaults(), true);
    }

    private void start(Map<String, String> tokens, long idleMs, javax.net.ssl.SSLContext tls, IngestSettings s,
            boolean withPublisher) throws Exception {
        pipeline = new Pipeline(s, TimeSource.SYSTEM, new SeqStore(null));
        pipeline.start();
        if (withPublisher) {
            pipeline.publisher(publisher);
        }
        state = new LinkState("tcp-test", LinkStatus.Kind.TCP, "");
        server = new TcpServer(new TcpServer.Settings("127.0.0.1", 0, 5_000, idleMs, 0), pipeline, state, tls, tokens,
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
    public void everyReadingOfAFaultyFleetIsStoredOnceAndAcked() throws Exception {
        start(null, 120_000);
        TcpFleet.Options o = new TcpFleet.Options("127.0.0.1", server.port(), 50, 20, SimDevice.Mode.NATIVE, true, 50,
                new Faults(0.02, 0.02, 0.05, 0.02), 2_000, 0x3C, 7, null);
        try (TcpFleet fleet = new TcpFleet(o)) {
            fleet.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> fleet.generated() >= 2_000);
            fleet.pause();
            await().atMost(Duration.ofSeconds(60)).until(() -> fleet.unacked() == 0);
            assertThat(fleet.acked()).isEqualTo(fleet.generated());
            assertThat(fleet.garbageSent()).isPositive();
            assertThat(fleet.badCrcSent()).isPositive();
            assertThat(fleet.disconnects()).isPositive();
            Set<String> ids = new HashSet<>();
            for (KuraMessage m : publisher.messages()) {
                String id = m.getPayload().getMetric("source") + "#" + m.getPayload().getMetric("seq");
                assertThat(ids.add(id)).as("published once: " + id).isTrue();
            }
            assertThat((long) ids.size()).isEqualTo(fleet.generated());
            // a disconnect drops what the device had not written yet, so at most what it sent arrived
            assertThat(pipeline.counter("frames.rejected.bad.crc")).isBetween(1L, fleet.badCrcSent());
            assertThat(pipeline.counter("frames.rejected.not.json")).isBetween(1L, fleet.garbageSent());
        }
    }

    @Test
    public void aSilentOrGarbageSpewingDeviceDoesNotStallOthersAndIdleOnesAreClosed() throws Exception {
        start(null, 1_500);
        try (Socket silent = new Socket("127.0.0.1", server.port());
                Socket flood = new Socket("127.0.0.1", server.port());
                Socket good = new Socket("127.0.0.1", server.port())) {
            silent.getOutputStream().write("{\"t\":\"hello\",\"mac\":\"AA:".getBytes(StandardCharsets.UTF_8));
            OutputStream f = flood.getOutputStream();
            byte[] junk = new byte[256 * 1024];
            new java.util.Random(1).nextBytes(junk);
            f.write(junk);
            OutputStream out = good.getOutputStream();
            BufferedReader in = new BufferedReader(
                    new InputStreamReader(good.getInputStream(), StandardCharsets.UTF_8));
            out.write(("{\"t\":\"r\",\"mac\":\"3C:E9:0E:72:12:4C\",\"seq\":1,\"uptime\":5,\"type\":\"x\","
                    + "\"v\":{\"a\":1}}\n").getBytes(StandardCharsets.UTF_8));
            String line;
            do {
                line = in.readLine();
            } while (line != null && !line.startsWith("{\"t\":\"ack\""));
            assertThat(line).isEqualTo("{\"t\":\"ack\",\"seq\":1}");
            // the silent connection is closed after the idle timeout
            silent.setSoTimeout(10_000);
            assertThat(silent.getInputStream().read()).isEqualTo(-1);
        }
        assertThat(pipeline.counter("tcp.idle.closed")).isPositive();
    }

    @Test
    public void tokensAreCheckedAndAFailedHelloClosesTheConnection() throws Exception {
        start(Map.of("3C:E9:0E:72:12:4C", "t0ken"), 120_000);
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.getOutputStream().write("{\"t\":\"hello\",\"mac\":\"3C:E9:0E:72:12:4C\",\"token\":\"nope\"}\n"
                    .getBytes(StandardCharsets.UTF_8));
            s.setSoTimeout(10_000);
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
        TcpFleet.Options o = new TcpFleet.Options("127.0.0.1", server.port(), 1, 10, SimDevice.Mode.NATIVE, false, 0,
                Faults.NONE, 5_000, 0x3C, 1, mac -> "t0ken");
        // the fleet's first device is 3C:5E:00:00:00:00, which has no token
        try (TcpFleet fleet = new TcpFleet(o)) {
            fleet.start();
            await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.counter("frames.rejected.unauthorized") >= 2);
            assertThat(fleet.acked()).isZero();
        }
    }

    @Test
    public void tlsCarriesFramesAndAcks() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("tls");
        java.nio.file.Path ks = dir.resolve("gateway.p12");
        Process keytool = new ProcessBuilder(
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "gateway", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost", "-validity",
                "2", "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", "changeit")
                        .redirectErrorStream(true).start();
        assertThat(keytool.waitFor()).as(new String(keytool.getInputStream().readAllBytes())).isZero();
        javax.net.ssl.SSLContext serverCtx = TcpServer.tlsContext(ks, "PKCS12", "changeit");
        start(Map.of("3C:E9:0E:72:12:4C", "t0ken"), 120_000, serverCtx);

        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(ks)) {
            trust.load(in, "changeit".toCharArray());
        }
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory
                .getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        javax.net.ssl.SSLContext clientCtx = javax.net.ssl.SSLContext.getInstance("TLS");
        clientCtx.init(null, tmf.getTrustManagers(), null);
        try (javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) clientCtx.getSocketFactory()
                .createSocket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder frames = new StringBuilder(
                    "{\"t\":\"hello\",\"mac\":\"3C:E9:0E:72:12:4C\",\"token\":\"t0ken\","
                            + "\"uptime\":10,\"seq\":1}\n");
            for (int seq = 1; seq <= 200; seq++) {
                frames.append("{\"t\":\"r\",\"mac\":\"3C:E9:0E:72:12:4C\",\"seq\":").append(seq).append(",\"uptime\":")
                        .append(10 + seq).append(",\"type\":\"x\",\"v\":{\"a\":").append(seq).append("}}\n");
            }
            out.write(frames.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            long last = -1;
            while (last != 200) {
                String line;
                try {
                    line = in.readLine();
                } catch (java.net.SocketTimeoutException e) {
                    throw new AssertionError("counters " + pipeline.counters() + " link " + state.status(), e);
                }
                assertThat(line).isNotNull();
                long seq = io.holdfast.simulator.Acks.seq(line);
                last = seq >= 0 ? seq : last;
            }
        }
        assertThat(publisher.messages()).hasSize(200);
    }

    @Test
    public void aFullBufferHoldsDevicesBackInsteadOfDropping() throws Exception {
        start(null, 120_000, null, IngestSettings.defaults().withBufferSize(100).withPublishThreads(2), false);
        TcpFleet.Options o = new TcpFleet.Options("127.0.0.1", server.port(), 5, 100, SimDevice.Mode.NATIVE, false, 0,
                Faults.NONE, 60_000, 0x3C, 3, null);
        try (TcpFleet fleet = new TcpFleet(o)) {
            fleet.start();
            await().atMost(Duration.ofSeconds(20)).until(() -> pipeline.counter("tcp.paused") > 0);
            assertThat(pipeline.buffered()).as("the buffer filled up to the pause threshold")
                    .isGreaterThanOrEqualTo(90);
            assertThat(pipeline.counter("buffer.overflow")).as("held back, not dropped").isZero();
            assertThat(fleet.acked()).isZero();
            pipeline.publisher(publisher);
            try {
                await().atMost(Duration.ofSeconds(20)).until(() -> fleet.acked() > 1_000);
            } catch (Throwable t) {
                System.err.println(
                        "DEBUG " + pipeline.counters() + " acked " + fleet.acked() + " gen " + fleet.generated());
                throw t;
            }
            fleet.pause();
            await().atMost(Duration.ofSeconds(60)).until(() -> fleet.unacked() == 0);
            assertThat(fleet.acked()).isEqualTo(fleet.generated());
            assertThat(pipeline.counter("buffer.overflow")).isZero();
        }
    }
}
