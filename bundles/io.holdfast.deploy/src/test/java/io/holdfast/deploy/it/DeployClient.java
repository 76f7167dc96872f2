package io.holdfast.deploy.it;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A cloud-side client of DEPLOY-V2, as a Kura cloud platform is one: plain Paho, Kura's simple JSON payloads, requests
 * on {@code $EDC/<account>/<device>/DEPLOY-V2/<METHOD>/<resource>}, replies and notifications on its own control
 * topics.
 */
final class DeployClient implements AutoCloseable {
    /** A message on one of the client's topics. */
    record Message(String topic, JsonObject payload) {
        JsonObject metrics() {
            return payload.has("metrics") ? payload.getAsJsonObject("metrics") : new JsonObject();
        }

        String metric(String name) {
            return metrics().has(name) ? metrics().get(name).getAsString() : null;
        }

        String body() {
            return payload.has("body")
                    ? new String(java.util.Base64.getDecoder().decode(payload.get("body").getAsString()),
                            StandardCharsets.UTF_8)
                    : "";
        }
    }

    static final String ME = "tester";
    private final MqttClient client;
    private final String account;
    private final String device;
    private final AtomicLong ids = new AtomicLong();
    final List<Message> received = new CopyOnWriteArrayList<>();

    DeployClient(String broker, String account, String device) throws MqttException {
        this.account = account;
        this.device = device;
        client = new MqttClient(broker, ME, new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        client.connect(o);
        client.subscribe("$EDC/" + account + "/" + ME + "/DEPLOY-V2/#", 1, (t, m) -> received.add(new Message(t,
                JsonParser.parseString(new String(m.getPayload(), StandardCharsets.UTF_8)).getAsJsonObject())));
    }

    /** Sends a request and returns its request id. */
    String request(String method, String resource, Map<String, Object> metrics) throws MqttException {
        String id = "req-" + ids.incrementAndGet();
        JsonObject m = new JsonObject();
        m.addProperty("request.id", id);
        m.addProperty("requester.client.id", ME);
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
        client.publish("$EDC/" + account + "/" + device + "/DEPLOY-V2/" + method + "/" + resource,
                p.toString().getBytes(StandardCharsets.UTF_8), 1, false);
        return id;
    }

    /** The reply to a request, or null while none came. */
    Message reply(String requestId) {
        return received.stream().filter(m -> m.topic().endsWith("/DEPLOY-V2/REPLY/" + requestId)).findFirst()
                .orElse(null);
    }

    /** The notifications of one job on one resource (download, install, uninstall), in order. */
    List<Message> notifications(long jobId, String resource) {
        return received.stream().filter(m -> m.topic().endsWith("/DEPLOY-V2/NOTIFY/" + device + "/" + resource))
                .filter(m -> String.valueOf(jobId).equals(m.metric("job.id"))).toList();
    }

    @Override
    public void close() throws MqttException {
        client.disconnect();
        client.close();
    }
}
