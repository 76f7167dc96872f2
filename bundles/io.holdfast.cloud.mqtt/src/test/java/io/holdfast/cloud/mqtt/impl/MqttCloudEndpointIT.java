package io.holdfast.cloud.mqtt.impl;

import io.holdfast.cloud.mqtt.impl.payload.Gzip;
import io.holdfast.cloud.mqtt.impl.payload.KuraProtobuf;
import io.holdfast.cloud.mqtt.impl.payload.PayloadEncoding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.holdfast.api.queue.DurableQueue;
import io.holdfast.api.status.LinkStatus;
import io.holdfast.store.sqlite.impl.SqliteQueue;
import io.holdfast.testkit.Commands;
import io.holdfast.testkit.ConfigAnnotations;
import io.holdfast.testkit.Mosquitto;
import io.holdfast.testkit.TestDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.request.RequestHandler;
import org.eclipse.kura.cloudconnection.request.RequestHandlerContext;
import org.eclipse.kura.cloudconnection.request.RequestHandlerMessageConstants;
import org.eclipse.kura.message.KuraPayload;
import org.eclipse.kura.message.KuraResponsePayload;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.Test;

/**
 * The cloud connection against a real Mosquitto 2 (outside OSGi: the container adds nothing here; CloudInContainerIT
 * shows the same path inside it), on the real SQLite store with its defaults (durability FULL): the product path.
 */
public class MqttCloudEndpointIT extends BrokerTestSupport {
    private static final Duration LONG = Duration.ofSeconds(60);

    /** The real store on a file under target/, closed after the test (after the endpoints that use it). */
    private SqliteQueue store() {
        return closeLater(StoreQueues.fresh());
    }

    /** The protocol option of every endpoint of the test: none here (3.1.1, the default); Mqtt5EndpointIT sets 5. */
    protected Map<String, ?> protocol() {
        return Map.of();
    }

    private MqttCloudEndpoint endpoint(DurableQueue queue, String brokerUrl) {
        return endpoint(queue, brokerUrl, Map.of());
    }

    private MqttCloudEndpoint endpoint(DurableQueue queue, String brokerUrl, Map<String, ?> overrides) {
        Map<String, Object> all = new HashMap<>(Map.of("broker.url", brokerUrl, "client.id", "gw-1", "account.name",
                "acme", "backoff.min.ms", 100L, "backoff.max.ms", 1000L, "keep.alive", 2, "connect.timeout", 5));
        all.putAll(protocol());
        all.putAll(overrides);
        MqttCloudEndpoint e = new MqttCloudEndpoint(ConfigAnnotations.of(MqttCloudEndpointConfig.class, all),
                "cloud-it", k -> null, "1.0.0");
        closeLater(e::close);
        if (queue != null) {
            e.bindQueue(queue);
        }
        return e;
    }

    private static String publish(MqttCloudEndpoint e, String device, long seq) throws KuraException {
        return e.publish(new KuraMessage(Readings.reading(device, seq),
                Map.of("APP_ID", "W1", "APP_TOPIC", "readings/" + device, "QOS", 1)));
    }

    @Test
    public void theBacklogIsInBirthAndInAStatusEverySecondThatDoesNotWaitInTheStore() throws Exception {
        Mosquitto broker = closeLater(Mosquitto.anonymous().start());
        List<KuraPayload> births = new CopyOnWriteArrayList<>();
        List<KuraPayload> statuses = new CopyOnWriteArrayList<>();
        List<Integer> statusQos = new CopyOnWriteArrayList<>();
        MqttClient sub = new MqttClient(broker.url(), "status-sub", new MemoryPersistence());
        sub.connect();
        closeLater(() -> {
            sub.disconnectForcibly();
            sub.close();
        });
        sub.subscribe("$EDC/acme/gw-1/#", 1, (topic, m) -> {
            if (topic.equals("$EDC/acme/gw-1/MQTT/BIRTH")) {
                births.add(PayloadEncoding.decodeAny(m.getPayload()));
            } else if (topic.equals("$EDC/acme/gw-1/HOLDFAST-V1/STATUS")) {
                statuses.add(PayloadEncoding.decodeAny(m.getPayload()));
                statusQos.add(m.getQos());
            }
        });
        SqliteQueue queue = store();
        // one message leaves the store (the burst), the others wait for the rate limit (one a day): a status that went
        // through the store would wait with them
        MqttCloudEndpoint e = endpoint(queue, broker.url(),
                Map.of("status.interval.seconds", 1, "rate.limit", 0.00001, "rate.limit.burst", 1));
        await().atMost(LONG).until(() -> e.isConnected() && !births.isEmpty());
        assertThat(births.get(0).getMetric("backlog_messages")).isEqualTo(0L);
        assertThat(births.get(0).getMetric("backlog_oldest_age_ms")).isEqualTo(0L);
        for (int seq = 1; seq <= 5; seq++) {
            publish(e, "dev-s", seq);
        }
        await().atMost(LONG).until(() -> queue.stats().depth() == 4);
        int before = statuses.size();
        await().atMost(LONG).until(() -> statuses.size() > before + 1
                && Long.valueOf(4).equals(statuses.get(statuses.size() - 1).getMetric("backlog_messages")));
        KuraPayload last = statuses.get(statuses.size() - 1);
        assertThat((Long) last.getMetric("backlog_oldest_age_ms")).isPositive();
        assertThat(last.getMetric("uptime")).isInstanceOf(Long.class);
        assertThat(statusQos).containsOnly(0);
        assertThat(queue.stats().depth()).as("the statuses added nothing to the store").isEqualTo(4);
        // disconnected: no status
        e.disconnect();
        int atDisconnect = statuses.size();
        publish(e, "dev-s", 6);
        await().atMost(LONG).until(() -> queue.stats().depth() == 5);
        e.connect();
        await().atMost(LONG).until(() -> births.size() >= 2);
        assertThat(births.get(births.size() - 1).getMetric("backlog_messages")).isEqualTo(5L);
        assertThat(statuses.size()).as("statuses while disconnected").isLessThanOrEqualTo(atDisconnect + 1);
    }

    @Test
    public void publishAckRoundTripSeenByAForeignSubscriberAndDecodedByProtoc() throws Exception {
        Mosquitto broker = closeLater(Mosquitto.anonymous().start());
        Path out = TestDirs.target().resolve("it-sub-" + System.nanoTime() + ".txt");
        Process sub = new ProcessBuilder("mosquitto_sub", "-h", "127.0.0.1", "-p", Integer.toString(broker.port), "-t",
                "acme/#", "-t", "$EDC/acme/+/MQTT/#", "-v", "-q", "1", "-F", "%t %x").redirectErrorStream(true)
                        .redirectOutput(out.toFile()).start();
        closeLater(sub::destroyForcibly);
        try (Readings.Counter ready = new Readings.Counter(broker.url(), "acme/#")) {
            // mosquitto_sub is subscribed once a retained probe reaches it
            MqttClient probe = new MqttClient(broker.url(), "probe", new MemoryPersistence());
            probe.connect();
            await().atMost(LONG).until(() -> {
                probe.publish("acme/probe", new byte[] { 1 }, 1, false);
                return Files.readString(out).contains("acme/probe");
            });
            probe.disconnect();
            probe.close();
        }

        SqliteQueue queue = store();
        MqttCloudEndpoint e = endpoint(queue, broker.url());
        List<String> confirmed = new CopyOnWriteArrayList<>();
        e.registerCloudDeliveryListener(confirmed::add);
        await().atMost(LONG).until(e::isConnected);

        List<String> ids = new ArrayList<>();
        for (int seq = 1; seq <= 200; seq++) {
            ids.add(publish(e, "dev-a", seq));
        }
        await().atMost(LONG).until(() -> queue.stats().depth() == 0);
        await().atMost(LONG).until(() -> confirmed.size() == 200);
        assertThat(confirmed).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(e.link().state()).isEqualTo(LinkStatus.State.UP);
        assertThat(e.link().messages()).isEqualTo(200);

        await().atMost(LONG).until(() -> Files.readAllLines(out).stream()
                .filter(l -> l.startsWith("acme/gw-1/W1/readings/dev-a ")).count() == 200);
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).anyMatch(l -> l.startsWith("$EDC/acme/gw-1/MQTT/BIRTH "));

        // protoc decodes what we publish with the committed .proto
        String hex = lines.stream().filter(l -> l.startsWith("acme/gw-1/W1/readings/dev-a ")).findFirst().get()
                .split(" ", 2)[1];
        Path bin = TestDirs.target().resolve("it-msg-" + System.nanoTime() + ".bin");
        Files.write(bin, Gzip.gunzipIfGzip(hexToBytes(hex)));
        Path proto = Path.of("src/main/proto").toAbsolutePath();
        String decoded = Commands.run(List.of("protoc", "--proto_path=" + proto, "--decode",
                "kuradatatypes.KuraPayload", proto.resolve("kurapayload.proto").toString()), bin);
        assertThat(decoded).contains("name: \"device\"").contains("string_value: \"dev-a\"").contains("name: \"seq\"")
                .contains("type: INT64").contains("timestamp:");

        String birthHex = lines.stream().filter(l -> l.startsWith("$EDC/acme/gw-1/MQTT/BIRTH ")).findFirst().get()
                .split(" ", 2)[1];
        KuraPayload birth = KuraProtobuf.decode(hexToBytes(birthHex));
        assertThat(birth.metricNames()).contains("uptime", "display_name", "model_name", "firmware_version", "os",
                "os_version", "jvm_name", "jvm_version", "application_framework", "application_framework_version",
                "connection_ip", "accept_encoding", "application_ids", "payload_encoding");
        assertThat(birth.getMetric("payload_encoding")).isEqualTo("KURA_PROTOBUF");
    }

    private static byte[] hexToBytes(String hex) {
        byte[] b = new byte[hex.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    @Test
    public void brokerKilledAndRestartedMidStreamLosesNoReading() throws Exception {
        Mosquitto broker = closeLater(Mosquitto.anonymous().start());
        // the gateway reaches the broker through a proxy, so that the test can hold the gateway's traffic while the
        // backend subscriber catches up, and let the subscriber back in first after the restart: the broker keeps
        // no sessions (persistence false), and a killed broker resets its sockets, which drops what the subscriber
        // had not read yet. Confirmed readings are the gateway's responsibility; the rest it must send again.
        TcpProxy proxy = closeLater(new TcpProxy(broker.port));
        Readings.Counter backend = closeLater(new Readings.Counter(broker.url(), "acme/#"));
        SqliteQueue queue = store();
        MqttCloudEndpoint e = endpoint(queue, proxy.url());
        Map<String, String> readingOf = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.Set<String> confirmed = java.util.concurrent.ConcurrentHashMap.newKeySet();
        e.registerCloudDeliveryListener(confirmed::add);
        await().atMost(LONG).until(e::isConnected);

        int total = 6000;
        Thread producer = new Thread(() -> {
            try {
                for (int seq = 1; seq <= total; seq++) {
                    String device = "dev-" + seq % 3;
                    readingOf.put(publish(e, device, seq), device + "#" + seq);
                }
            } catch (KuraException ex) {
                throw new IllegalStateException(ex);
            }
        });
        producer.start();
        for (int round = 0; round < 2; round++) {
            long before = backend.distinct.size();
            await().atMost(LONG).until(() -> backend.distinct.size() > before + 300);
            proxy.stall();
            await().atMost(LONG).until(() -> confirmed.stream().map(readingOf::get)
                    .allMatch(r -> r != null && backend.distinct.contains(r)));
            proxy.refuse(true);
            broker.kill();
            broker.start();
            backend.reconnect("acme/#");
            proxy.unstall();
            proxy.cut();
            proxy.refuse(false);
            long reconnects = e.link().reconnects();
            await().atMost(LONG).until(() -> e.link().reconnects() > reconnects && e.isConnected());
        }
        producer.join(TimeUnit.SECONDS.toMillis(60));
        await().atMost(LONG).until(() -> queue.stats().depth() == 0);
        java.util.Set<String> sent = new java.util.HashSet<>();
        for (int seq = 1; seq <= total; seq++) {
            sent.add("dev-" + seq % 3 + "#" + seq);
        }
        await().atMost(LONG).until(() -> backend.distinct.containsAll(sent));
        assertThat(backend.distinct).as("exactly the (device, seq) sent").isEqualTo(sent);
        assertThat(e.link().reconnects()).isGreaterThanOrEqualTo(2);
        assertThat(backend.total.get()).as("duplicates are allowed, losses are not").isGreaterThanOrEqualTo(total);
    }

    @Test
    public void aProxyThatCutsAndStallsTheConnectionLosesNoReading() throws Exception {
        Mosquitto broker = closeLater(Mosquitto.anonymous().start());
        TcpProxy proxy = closeLater(new TcpProxy(broker.port));
        Readings.Counter backend = closeLater(new Readings.Counter(broker.url(), "acme/#"));
        SqliteQueue queue = store();
        MqttCloudEndpoint e = endpoint(queue, proxy.url(), Map.of("inflight.window", 64));
        await().atMost(LONG).until(e::isConnected);

        int seq = 0;
        for (; seq < 1000; seq++) {
            publish(e, "dev-x", seq);
        }
        proxy.cut();
        for (; seq < 2000; seq++) {
            publish(e, "dev-x", seq);
        }
        await().atMost(LONG).until(() -> e.link().reconnects() >= 1 && e.isConnected());
        proxy.stall();
        for (; seq < 3000; seq++) {
            publish(e, "dev-x", seq);
        }
        // keep-alive (2 s) notices the stalled link and the connection is opened anew
        await().atMost(LONG).until(() -> !e.isConnected());
        proxy.unstall();
        proxy.cut();
        await().atMost(LONG).until(() -> queue.stats().depth() == 0);
        java.util.Set<String> sent = new java.util.HashSet<>();
        for (int i = 0; i < 3000; i++) {
            sent.add("dev-x#" + i);
        }
        await().atMost(LONG).until(() -> backend.distinct.containsAll(sent));
        assertThat(backend.distinct).as("exactly the (device, seq) sent").isEqualTo(sent);
        assertThat(e.link().reconnects()).isGreaterThanOrEqualTo(2);
    }

    @Test
    public void restartingTheEndpointAndReopeningTheStoreWithMessagesInFlightLosesNoReading() throws Exception {
        Mosquitto broker = closeLater(Mosquitto.anonymous().start());
        TcpProxy proxy = closeLater(new TcpProxy(broker.port));
        Readings.Counter backend = closeLater(new Readings.Counter(broker.url(), "acme/#"));
        java.nio.file.Path file = StoreQueues.freshFile("default");
        SqliteQueue first = closeLater(StoreQueues.open(file));
        // a long keep-alive: the stalled link stays up until the endpoint stops
        MqttCloudEndpoint e1 = endpoint(first, proxy.url(), Map.of("inflight.window", 64, "keep.alive", 60));
        Map<String, String> readingOf = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.Set<String> confirmed = java.util.concurrent.ConcurrentHashMap.newKeySet();
        e1.registerCloudDeliveryListener(confirmed::add);
        await().atMost(LONG).until(e1::isConnected);

        int total = 3000;
        int seq = 1;
        for (; seq <= 1000; seq++) {
            readingOf.put(publish(e1, "dev-" + seq % 4, seq), "dev-" + seq % 4 + "#" + seq);
        }
        await().atMost(LONG).until(() -> backend.distinct.size() > 200);
        // the link holds whatever is sent from now on: it stays in flight, taken from the store and never PUBACKed
        proxy.stall();
        for (; seq <= total; seq++) {
            readingOf.put(publish(e1, "dev-" + seq % 4, seq), "dev-" + seq % 4 + "#" + seq);
        }
        await().atMost(LONG).until(() -> first.stats().inFlight() == 64);

        // the bundle restarts: the endpoint stops with its window in flight, the store closes and opens again
        e1.close();
        io.holdfast.api.queue.QueueStats before = first.stats();
        first.close();
        assertThat(before.inFlight()).as("in flight when the endpoint stopped").isPositive();
        assertThat(confirmed).as("confirmed before the restart").hasSizeLessThan(total);
        SqliteQueue second = closeLater(StoreQueues.open(file));
        assertThat(second.stats().depth()).as("nothing unconfirmed was lost by the store").isEqualTo(before.depth());
        assertThat(second.stats().inFlight()).as("in flight at close is pending again at open").isZero();
        proxy.unstall();
        proxy.cut();

        MqttCloudEndpoint e2 = endpoint(second, proxy.url(), Map.of("inflight.window", 64));
        e2.registerCloudDeliveryListener(confirmed::add);
        await().atMost(LONG).until(() -> second.stats().depth() == 0);
        java.util.Set<String> sent = java.util.Set.copyOf(readingOf.values());
        assertThat(sent).hasSize(total);
        await().atMost(LONG).until(() -> backend.distinct.containsAll(sent));
        assertThat(backend.distinct)
                .as("every publish, confirmed or not, reached the broker at least once, and " + "nothing else did")
                .isEqualTo(sent);
        assertThat(backend.total.get()).as("duplicates are allowed, losses are not").isGreaterThanOrEqualTo(total);
        assertThat(backend.errors).isEmpty();
    }

    @Test
    public void badCredentialsGiveAClearStatusAndKeepRetrying() throws Exception {
        Mosquitto secured = closeLater(new Mosquitto("allow_anonymous false\npassword_file @DIR@/passwd\n"));
        Commands.run(List.of("mosquitto_passwd", "-c", "-b", secured.dir.resolve("passwd").toString(), "gateway",
                "right-secret"), null);
        secured.start();

        MqttCloudEndpoint wrong = endpoint(store(), secured.url(),
                Map.of("username", "gateway", "password", "wrong-secret"));
        await().atMost(LONG).until(() -> wrong.link().state() == LinkStatus.State.ERROR);
        assertThat(wrong.link().lastError()).contains("refused the credentials").contains("gateway");
        long attempts = wrong.connectAttempts();
        await().atMost(LONG).until(() -> wrong.connectAttempts() >= attempts + 3);
        assertThat(wrong.isConnected()).isFalse();

        MqttCloudEndpoint right = endpoint(store(), secured.url(),
                Map.of("client.id", "gw-2", "username", "gateway", "password", "right-secret"));
        await().atMost(LONG).until(right::isConnected);

        MqttCloudEndpoint nowhere = endpoint(store(), "tcp://no-such-host.invalid:1883", Map.of("client.id", "gw-3"));
        await().atMost(LONG).until(() -> nowhere.link().state() == LinkStatus.State.ERROR);
        assertThat(nowhere.link().lastError()).contains("unknown host");
    }

    @Test
    public void aPasswordKurasCryptoServiceCannotDecryptIsUsedAsItIsWithoutAReconnectLoop() throws Exception {
        Mosquitto secured = closeLater(new Mosquitto("allow_anonymous false\npassword_file @DIR@/passwd\n"));
        Commands.run(List.of("mosquitto_passwd", "-c", "-b", secured.dir.resolve("passwd").toString(), "gateway",
                "right-secret"), null);
        secured.start();
        KuraLikeCryptoService crypto = new KuraLikeCryptoService();

        // typed in plain (through Config Admin): Kura's CryptoService throws for it, the value is used as it is
        MqttCloudEndpoint plain = endpoint(store(), secured.url(), Map.of("client.id", "gw-plain", "connect.auto",
                false, "username", "gateway", "password", "right-secret"));
        plain.bindCrypto(crypto);
        plain.connect();
        assertThat(plain.isConnected()).isTrue();
        assertThat(plain.connectAttempts()).as("connected at the first attempt").isEqualTo(1);

        // encrypted as Kura hands Password attributes over: decrypted with decryptAes(char[])
        MqttCloudEndpoint encrypted = endpoint(store(), secured.url(),
                Map.of("client.id", "gw-encrypted", "connect.auto", false, "username", "gateway", "password",
                        new String(crypto.encryptAes("right-secret".toCharArray()))));
        encrypted.bindCrypto(crypto);
        encrypted.connect();
        assertThat(encrypted.isConnected()).isTrue();
        assertThat(encrypted.connectAttempts()).isEqualTo(1);
    }

    @Test
    public void tlsWithACaTheTestGenerates() throws Exception {
        Path dir = TestDirs.target().resolve("tls-" + System.nanoTime());
        Files.createDirectories(dir);
        Path ext = dir.resolve("san.ext");
        Files.writeString(ext, "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        String d = dir.toString();
        Commands.run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
                "/CN=Holdfast test CA", "-keyout", d + "/ca.key", "-out", d + "/ca.pem"), null);
        Commands.run(List.of("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout",
                d + "/server.key", "-out", d + "/server.csr"), null);
        Commands.run(List.of("openssl", "x509", "-req", "-in", d + "/server.csr", "-CA", d + "/ca.pem", "-CAkey",
                d + "/ca.key", "-CAcreateserial", "-days", "2", "-extfile", ext.toString(), "-out", d + "/server.pem"),
                null);
        Mosquitto broker = closeLater(new Mosquitto("allow_anonymous true\ncafile " + d + "/ca.pem\ncertfile " + d
                + "/server.pem\nkeyfile " + d + "/server.key\n").start());
        String url = "ssl://127.0.0.1:" + broker.port;

        SqliteQueue queue = store();
        MqttCloudEndpoint e = endpoint(queue, url, Map.of("ssl.ca.file", d + "/ca.pem"));
        await().atMost(LONG).until(e::isConnected);
        publish(e, "dev-tls", 1);
        await().atMost(LONG).until(() -> queue.stats().depth() == 0);

        MqttCloudEndpoint untrusting = endpoint(store(), url, Map.of("client.id", "gw-untrusting"));
        await().atMost(LONG).until(() -> untrusting.link().state() == LinkStatus.State.ERROR);
        assertThat(untrusting.link().lastError()).contains("TLS").contains("not trusted");
    }

    @Test
    public void requestsAreAnsweredOnTheRequestersReplyTopic() throws Exception {
        Mosquitto broker = closeLater(Mosquitto.anonymous().start());
        MqttCloudEndpoint e = endpoint(store(), broker.url());
        e.registerRequestHandler("TEST-V1", new RequestHandler() {
            @Override
            public KuraMessage doGet(RequestHandlerContext context, KuraMessage request) {
                KuraPayload p = new KuraPayload();
                p.addMetric("args", String.join(",",
                        (List<String>) request.getProperties().get(RequestHandlerMessageConstants.ARGS_KEY.value())));
                return new KuraMessage(p);
            }
        });
        await().atMost(LONG).until(e::isConnected);

        Readings.Counter backend = closeLater(new Readings.Counter(broker.url(), "$EDC/acme/backend-1/#"));
        MqttClient requester = new MqttClient(broker.url(), "backend-1-req", new MemoryPersistence());
        requester.connect();
        closeLater(requester::disconnect);
        KuraPayload req = new KuraPayload();
        req.addMetric("request.id", "r-42");
        req.addMetric("requester.client.id", "backend-1");
        requester.publish("$EDC/acme/gw-1/TEST-V1/GET/a/b", KuraProtobuf.encode(req), 1, false);
        KuraPayload unknown = new KuraPayload();
        unknown.addMetric("request.id", "r-43");
        unknown.addMetric("requester.client.id", "backend-1");
        requester.publish("$EDC/acme/gw-1/NOPE/GET/x", KuraProtobuf.encode(unknown), 1, false);

        await().atMost(LONG).until(() -> backend.lastByTopic.containsKey("$EDC/acme/backend-1/TEST-V1/REPLY/r-42")
                && backend.lastByTopic.containsKey("$EDC/acme/backend-1/NOPE/REPLY/r-43"));
        KuraPayload reply = KuraProtobuf.decode(backend.lastByTopic.get("$EDC/acme/backend-1/TEST-V1/REPLY/r-42"));
        assertThat(reply.getMetric("response.code")).isEqualTo(KuraResponsePayload.RESPONSE_CODE_OK);
        assertThat(reply.getMetric("args")).isEqualTo("a,b");
        KuraPayload notFound = KuraProtobuf.decode(backend.lastByTopic.get("$EDC/acme/backend-1/NOPE/REPLY/r-43"));
        assertThat(notFound.getMetric("response.code")).isEqualTo(KuraResponsePayload.RESPONSE_CODE_NOTFOUND);
    }
}
