package io.holdfast.backend.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.holdfast.backend.ingest.impl.wire.Payloads;
import io.holdfast.testkit.HoldfastOptions;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.Test;

/** The single-box default: no --broker, so the backend jar runs Moquette and a gateway publishes to it. */
public class EmbeddedBrokerIT {

    static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    static final String FROM = "2026-01-01T00:00:00Z";
    static final String TO = "2026-01-02T00:00:00Z";

    @Test
    public void withoutABrokerTheBackendRunsItsOwnAndStoresWhatAGatewayPublishesAcrossARestart() throws Exception {
        int api = HoldfastOptions.freePort();
        int mqtt = HoldfastOptions.freePort();
        Path data = Backend.newDataDir();
        String[] args = { "--port", Integer.toString(api), "--mqtt-port", Integer.toString(mqtt), "--client-id",
                "it-embedded" };
        String admin;
        try (Backend b = new Backend(data, args).awaitStarted()) {
            admin = b.adminToken();
            await().atMost(Duration.ofSeconds(60)).until(() -> b.output().contains("subscribed to"));
            publish(mqtt, 0, 300);
            Http http = new Http(api, admin);
            await().atMost(Duration.ofSeconds(60)).until(() -> http.readings("cold-9") == 300);
        }
        try (Backend b = new Backend(data, args).awaitStarted()) { // the same data directory: embedded again
            await().atMost(Duration.ofSeconds(60)).until(() -> b.output().contains("subscribed to"));
            publish(mqtt, 250, 500); // 250..299 again: stored once
            Http http = new Http(api, admin);
            await().atMost(Duration.ofSeconds(60)).until(() -> http.readings("cold-9") == 500);
            assertThat(http.seqs("cold-9", "temperature", FROM, TO))
                    .containsExactlyElementsOf(LongStream.range(0, 500).boxed().toList());
        }
    }

    /** Kura protobuf, as the gateway's cloud connection publishes it. */
    private static void publish(int port, int fromSeq, int toSeq) throws Exception {
        MqttClient pub = new MqttClient("tcp://127.0.0.1:" + port, "gw-9", new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMaxInflight(1000);
        pub.connect(o);
        for (int seq = fromSeq; seq < toSeq; seq++) {
            byte[] payload = Payloads.reading("cold-9", seq, T0 + seq * 60_000L, 4.0 + seq % 10 / 10.0).toByteArray();
            pub.publish("holdfast/gw-9/ESP32/readings/cold-9", payload, 1, false);
        }
        pub.disconnect();
        pub.close();
    }

    @Test
    public void anMqttPortInUseIsOneLineAndExitCode4() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0));
            int port = taken.getLocalPort();
            try (Backend b = new Backend(Backend.newDataDir(), "--port", Integer.toString(HoldfastOptions.freePort()),
                    "--mqtt-port", Integer.toString(port))) {
                assertThat(b.waitForExit()).isEqualTo(4);
                assertThat(b.output().lines().toList()).isEqualTo(List.of("holdfast-backend: MQTT port " + port
                        + " on 0.0.0.0 is already in use; stop what uses it, choose another with --mqtt-port, "
                        + "or give an external broker with --broker"));
            }
        }
    }
}
