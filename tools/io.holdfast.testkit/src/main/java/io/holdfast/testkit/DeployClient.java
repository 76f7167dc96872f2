package io.holdfast.testkit;

import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A DEPLOY-V2 requester, as a cloud platform is (Kura's simple JSON, the gateway's cloud connection configured with
 * {@code payload.encoding SIMPLE_JSON}): requests to {@code $EDC/<account>/<device>/DEPLOY-V2/<method>/<resource>},
 * replies and notifications read from {@code $EDC/<account>/<me>/DEPLOY-V2/#}. {@link #install} updates a package
 * through {@code EXEC/download} from an HTTP server and waits until its new version runs.
 */
public final class DeployClient implements AutoCloseable {

    /**
     * A control message for this client.
     *
     * @param topic
     *            its topic
     * @param metrics
     *            its metrics
     * @param body
     *            its body, as UTF-8
     */
    public record Message(String topic, JsonObject metrics, String body) {
        /**
         * @param name
         *            a metric
         *
         * @return its value as a string, or {@code null}
         */
        public String metric(String name) {
            return metrics.has(name) ? metrics.get(name).getAsString() : null;
        }
    }

    private final MqttClient control;
    private final String me;
    private final String account;
    private final String device;
    private final AtomicLong ids = new AtomicLong();
    private final List<Message> received = new CopyOnWriteArrayList<>();

    /**
     * Connects and subscribes to its replies.
     *
     * @param broker
     *            the broker's URL
     * @param account
     *            the gateway's account
     * @param device
     *            the gateway's client id
     * @param me
     *            this requester's client id
     *
     * @throws MqttException
     *             if the broker cannot be reached
     */
    public DeployClient(String broker, String account, String device, String me) throws MqttException {
        this.me = me;
        this.account = account;
        this.device = device;
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setAutomaticReconnect(true);
        control = new MqttClient(broker, me, new MemoryPersistence());
        control.connect(o);
        control.subscribe("$EDC/" + account + "/" + me + "/DEPLOY-V2/#", 1, (t, m) -> {
            JsonObject p = JsonParser.parseString(new String(m.getPayload(), StandardCharsets.UTF_8)).getAsJsonObject();
            String body = p.has("body")
                    ? new String(Base64.getDecoder().decode(p.get("body").getAsString()), StandardCharsets.UTF_8) : "";
            received.add(new Message(t, p.has("metrics") ? p.getAsJsonObject("metrics") : new JsonObject(), body));
        });
    }

    /** @return every reply and notification received so far */
    public List<Message> received() {
        return received;
    }

    /**
     * Sends a DEPLOY-V2 request.
     *
     * @param method
     *            {@code GET}, {@code EXEC}, ...
     * @param resource
     *            {@code bundles}, {@code download}, ...
     * @param metrics
     *            its metrics (numbers, booleans, else strings)
     *
     * @return its request id
     *
     * @throws MqttException
     *             if it cannot be published
     */
    public String request(String method, String resource, Map<String, Object> metrics) throws MqttException {
        String id = "req-" + ids.incrementAndGet();
        JsonObject m = new JsonObject();
        m.addProperty("request.id", id);
        m.addProperty("requester.client.id", me);
        metrics.forEach((k, v) -> {
            if (v instanceof Number n) {
                m.addProperty(k, n);
            } else if (v instanceof Boolean b) {
                m.addProperty(k, b);
            } else {
                m.addProperty(k, v.toString());
            }
        });
        JsonObject p = new JsonObject();
        p.addProperty("sentOn", System.currentTimeMillis());
        p.add("metrics", m);
        control.publish("$EDC/" + account + "/" + device + "/DEPLOY-V2/" + method + "/" + resource,
                p.toString().getBytes(StandardCharsets.UTF_8), 1, false);
        return id;
    }

    /**
     * @param requestId
     *            a request's id
     *
     * @return its reply, or {@code null} while none came
     */
    public Message reply(String requestId) {
        return received.stream().filter(m -> m.topic().endsWith("/DEPLOY-V2/REPLY/" + requestId)).findFirst()
                .orElse(null);
    }

    /**
     * Asks {@code GET/<resource>} until a reply satisfies {@code done}; a request without a reply after 3 s is sent
     * again (one sent while the cloud connection itself is being replaced is lost).
     *
     * @param resource
     *            the resource
     * @param done
     *            what the reply must satisfy
     * @param atMost
     *            how long to ask
     *
     * @return the reply
     */
    public Message ask(String resource, Predicate<Message> done, Duration atMost) {
        String[] id = { null };
        long[] sent = { 0 };
        return await().atMost(atMost).pollInterval(Duration.ofMillis(50)).until(() -> {
            Message r = id[0] == null ? null : reply(id[0]);
            if (r != null && done.test(r)) {
                return r;
            }
            if (r != null || System.nanoTime() - sent[0] > 3_000_000_000L) {
                id[0] = request("GET", resource, Map.of());
                sent[0] = System.nanoTime();
            }
            return null;
        }, m -> m != null);
    }

    /**
     * Installs a package through {@code EXEC/download} (with its SHA-256) from where a file server serves it, asking
     * again while the Deployer refuses the URL (its allow-list may still be on its way), and waits until GET/bundles
     * shows the package's bundle at the new version alone and ACTIVE, and the job's install notification said COMPLETED
     * (also when the package replaced the cloud connection that carried the request).
     *
     * @param dp
     *            the package file, named as served
     * @param name
     *            the package's (and its bundle's) symbolic name
     * @param version
     *            its version
     * @param urlPrefix
     *            where the file server serves {@code dp}'s folder
     * @param job
     *            the job id
     * @param atMost
     *            how long each step may take
     *
     * @throws IOException
     *             if the package cannot be read
     * @throws MqttException
     *             if a request cannot be published
     */
    public void install(Path dp, String name, String version, String urlPrefix, long job, Duration atMost)
            throws IOException, MqttException {
        String hash;
        try {
            hash = "SHA-256:"
                    + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(dp)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Map<String, Object> download = Map.of("dp.uri", urlPrefix + dp.getFileName(), "dp.name", name, "dp.version",
                version, "dp.download.protocol", "HTTP", "job.id", job, "dp.install.system.update", false,
                "dp.download.hash", hash);
        String[] id = { request("EXEC", "download", download) };
        Message reply = await().atMost(atMost).pollInterval(Duration.ofMillis(50)).until(() -> {
            Message r = reply(id[0]);
            if (r != null && "400".equals(r.metric("response.code"))
                    && String.valueOf(r.metric("response.exception.message")).startsWith("download URL not allowed")) {
                id[0] = request("EXEC", "download", download);
                return null;
            }
            return r;
        }, r -> r != null);
        if (!"200".equals(reply.metric("response.code"))) {
            throw new IllegalStateException("EXEC/download of " + name + ": " + reply.metric("response.code") + " "
                    + reply.metric("response.exception.message"));
        }
        String running = "<bundle><name>" + name + "</name><version>" + version + "</version><id>";
        ask("bundles",
                r -> r.body().contains(running) && r.body().split("<name>" + name + "</name>", -1).length == 2
                        && r.body().substring(r.body().indexOf(running)).split("</bundle>", 2)[0]
                                .contains("<state>ACTIVE</state>"),
                atMost);
        String jobId = Long.toString(job);
        await().atMost(atMost)
                .until(() -> received.stream().anyMatch(m -> m.topic().endsWith("/NOTIFY/" + device + "/install")
                        && jobId.equals(m.metric("job.id")) && "COMPLETED".equals(m.metric("dp.install.status"))));
    }

    @Override
    public void close() throws MqttException {
        if (control.isConnected()) {
            control.disconnect();
        }
        control.close();
    }
}
