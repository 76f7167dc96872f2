package io.holdfast.backend.dashboard.impl;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DEPLOY-V2 from the cloud side (KURA-CONTRACT section 6): requests to
 * {@code $EDC/<account>/<gateway>/DEPLOY-V2/<METHOD>/<resource>} with {@code request.id} and
 * {@code requester.client.id}, replies on {@code $EDC/<account>/<us>/DEPLOY-V2/REPLY/<request.id>}, progress on
 * {@code $EDC/<account>/<us>/DEPLOY-V2/NOTIFY/<gateway>/<download|install|uninstall>}, which update the jobs shown on
 * the page and go to every listener (the live event stream).
 */
final class Deployments implements MqttCallbackExtended, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Deployments.class);

    /** What a job looks like on the page. */
    static final class Job {
        final long jobId;
        final String gateway;
        final String kind;
        final String name;
        final String version;
        final String requestedBy;
        final long startedAt = System.currentTimeMillis();
        volatile String phase = "requested";
        volatile String status = "REQUESTED";
        volatile int progress;
        volatile String message = "";
        volatile long updatedAt = startedAt;

        Job(long jobId, String gateway, String kind, String name, String version, String requestedBy) {
            this.jobId = jobId;
            this.gateway = gateway;
            this.kind = kind;
            this.name = name;
            this.version = version;
            this.requestedBy = requestedBy;
        }

        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("jobId", jobId);
            m.put("gateway", gateway);
            m.put("kind", kind);
            m.put("name", name);
            m.put("version", version);
            m.put("requestedBy", requestedBy);
            m.put("startedAt", startedAt);
            m.put("phase", phase);
            m.put("status", status);
            m.put("progress", progress);
            m.put("message", message);
            m.put("updatedAt", updatedAt);
            m.put("done", done());
            return m;
        }

        boolean done() {
            return status.equals("FAILED") || status.equals("CANCELLED") || status.equals("ALREADY DONE")
                    || (status.equals("COMPLETED") && !phase.equals("download"));
        }
    }

    private final MqttClient client;
    private final String clientId;
    private final long replyTimeoutMillis;
    private final AtomicLong requestIds = new AtomicLong(System.currentTimeMillis());
    private final Map<String, CompletableFuture<KuraPayloads.Payload>> pending = new ConcurrentHashMap<>();
    private final Map<Long, Job> jobs = new ConcurrentHashMap<>();
    private final List<Consumer<Map<String, Object>>> listeners = new CopyOnWriteArrayList<>();

    Deployments(String brokerUrl, String clientId, String username, String password, long replyTimeoutMillis)
            throws MqttException {
        this.clientId = clientId;
        this.replyTimeoutMillis = replyTimeoutMillis;
        this.client = new MqttClient(brokerUrl, clientId, new MemoryPersistence());
        client.setCallback(this);
        MqttConnectOptions o = new MqttConnectOptions();
        o.setAutomaticReconnect(true);
        o.setCleanSession(true);
        o.setKeepAliveInterval(30);
        o.setMaxInflight(100);
        if (username != null && !username.isEmpty()) {
            o.setUserName(username);
            o.setPassword(password == null ? new char[0] : password.toCharArray());
        }
        Thread t = new Thread(() -> connect(o), "holdfast-dashboard-mqtt-connect");
        t.setDaemon(true);
        t.start();
    }

    private void connect(MqttConnectOptions o) {
        long wait = 500;
        while (!client.isConnected()) {
            try {
                client.connect(o);
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() == MqttException.REASON_CODE_CLIENT_CLOSED
                        || e.getReasonCode() == MqttException.REASON_CODE_CLIENT_DISCONNECTING) {
                    return;
                }
                LOG.info("dashboard MQTT connection failed ({}); retrying", e.getMessage());
                try {
                    Thread.sleep(wait); // back-off between connection attempts, not a test wait
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
                wait = Math.min(wait * 2, 10_000);
            }
        }
    }

    boolean connected() {
        return client.isConnected();
    }

    String clientId() {
        return clientId;
    }

    void listen(Consumer<Map<String, Object>> l) {
        listeners.add(l);
    }

    void unlisten(Consumer<Map<String, Object>> l) {
        listeners.remove(l);
    }

    List<Map<String, Object>> jobs() {
        List<Job> list = new ArrayList<>(jobs.values());
        list.sort(Comparator.comparingLong((Job j) -> j.startedAt).reversed());
        return list.stream().map(Job::json).toList();
    }

    long newJobId() {
        return requestIds.incrementAndGet();
    }

    Job track(Job job) {
        jobs.put(job.jobId, job);
        fire(job);
        return job;
    }

    /** Sends a request and waits for its reply; a reply that does not come in time fails. */
    KuraPayloads.Payload request(String account, String gateway, boolean json, String methodAndResource,
            Map<String, Object> metrics) throws IOException {
        if (!client.isConnected()) {
            throw new IOException("the backend is not connected to the MQTT broker");
        }
        String requestId = Long.toString(requestIds.incrementAndGet());
        Map<String, Object> m = new LinkedHashMap<>(metrics);
        m.put("request.id", requestId);
        m.put("requester.client.id", clientId);
        CompletableFuture<KuraPayloads.Payload> reply = new CompletableFuture<>();
        pending.put(requestId, reply);
        try {
            client.publish("$EDC/" + account + "/" + gateway + "/DEPLOY-V2/" + methodAndResource,
                    KuraPayloads.encode(m, json), 1, false);
            return reply.get(replyTimeoutMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("gateway " + gateway + " did not reply within " + replyTimeoutMillis / 1000 + " s");
        } catch (MqttException | java.util.concurrent.ExecutionException e) {
            throw new IOException("the request could not be sent: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } finally {
            pending.remove(requestId);
        }
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
        try {
            client.subscribe("$EDC/+/" + clientId + "/DEPLOY-V2/#", 1);
            LOG.info("dashboard connected to {} as {}", serverURI, clientId);
        } catch (MqttException e) {
            LOG.warn("dashboard could not subscribe: {}", e.getMessage());
        }
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        String[] t = topic.split("/");
        // $EDC / account / us / DEPLOY-V2 / REPLY / id or ... / NOTIFY / gateway / phase
        if (t.length < 6 || !t[3].equals("DEPLOY-V2")) {
            return;
        }
        KuraPayloads.Payload p;
        try {
            p = KuraPayloads.decode(message.getPayload());
        } catch (IOException | RuntimeException e) {
            LOG.warn("undecodable DEPLOY-V2 message on {}: {}", topic, e.getMessage());
            return;
        }
        if (t[4].equals("REPLY")) {
            CompletableFuture<KuraPayloads.Payload> f = pending.get(t[5]);
            if (f != null) {
                f.complete(p);
            }
        } else if (t[4].equals("NOTIFY") && t.length >= 7) {
            notification(t[5], t[6], p.metrics());
        }
    }

    private void notification(String gateway, String phase, Map<String, Object> m) {
        Object id = m.get("job.id");
        if (!(id instanceof Number n)) {
            return;
        }
        Job job = jobs.computeIfAbsent(n.longValue(),
                k -> new Job(k, gateway, phase, String.valueOf(m.getOrDefault("dp.name", "")),
                        String.valueOf(m.getOrDefault("dp.version", "")), "(another requester)"));
        job.phase = phase;
        Object status = m.get("dp." + phase + ".status");
        if (status != null) {
            job.status = status.toString();
        }
        Object progress = m.get("dp." + phase + ".progress");
        if (progress instanceof Number pr) {
            job.progress = pr.intValue();
        }
        Object error = m.get("dp." + phase + ".error.message");
        if (error != null) {
            job.message = error.toString();
        }
        job.updatedAt = System.currentTimeMillis();
        fire(job);
    }

    private void fire(Job job) {
        Map<String, Object> json = job.json();
        for (Consumer<Map<String, Object>> l : listeners) {
            l.accept(json);
        }
    }

    @Override
    public void connectionLost(Throwable cause) {
        LOG.info("dashboard MQTT connection lost ({}); reconnecting", cause == null ? "" : cause.getMessage());
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
        // QoS 1 requests: nothing to do
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(2000);
            }
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("closing the dashboard MQTT client: {}", e.getMessage());
        }
    }
}
