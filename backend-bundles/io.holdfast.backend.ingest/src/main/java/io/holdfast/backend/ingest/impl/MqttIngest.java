package io.holdfast.backend.ingest.impl;

import io.holdfast.backend.ingest.impl.Batcher.Inbound;
import io.holdfast.backend.ingest.impl.wire.DecodeException;
import io.holdfast.backend.ingest.impl.wire.MessageDecoder;
import io.holdfast.backend.ingest.impl.wire.MessageDecoder.Decoded;
import io.holdfast.backend.store.BackendStore;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT subscriber: connects in the background (Paho's automatic reconnect), subscribes to the configured filters
 * (as {@code $share/<group>/<filter>} when a group is set), decodes each message on arrival and hands it to the
 * {@link Batcher}, which acknowledges it once stored. The store is a static greedy reference: a new store restarts the
 * subscriber, which costs a reconnect.
 */
@Component(name = MqttIngest.PID, configurationPid = MqttIngest.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = MqttIngestConfig.class)
public final class MqttIngest implements MqttCallbackExtended {

    static final String PID = "io.holdfast.backend.ingest.MqttIngest";
    private static final Logger LOG = LoggerFactory.getLogger(MqttIngest.class);

    private final MqttIngestConfig config;
    private final MessageDecoder decoder = new MessageDecoder();
    private final Batcher batcher;
    private final MqttAsyncClient client;
    /** Message ids belong to one connection: an ack after a reconnect must not acknowledge someone else's. */
    private final AtomicInteger connection = new AtomicInteger();
    private volatile boolean subscribed;

    @Activate
    public MqttIngest(MqttIngestConfig config,
            @Reference(policyOption = ReferencePolicyOption.GREEDY) BackendStore store) throws Exception {
        this.config = config;
        this.batcher = new Batcher(store, config.queue_capacity(), config.batch_max_readings(),
                config.batch_max_delay_ms());
        String id = config.client_id().isBlank() ? defaultClientId() : config.client_id();
        try {
            client = new MqttAsyncClient(config.broker_url(), id, new MemoryPersistence());
        } catch (MqttException | IllegalArgumentException e) {
            batcher.close();
            throw new IllegalArgumentException("broker.url " + config.broker_url() + ": " + e.getMessage(), e);
        }
        client.setManualAcks(true);
        client.setCallback(this);
        MqttConnectOptions o = new MqttConnectOptions();
        o.setAutomaticReconnect(true);
        o.setCleanSession(config.clean_session());
        o.setKeepAliveInterval(config.keep_alive());
        o.setMaxInflight(65_000);
        o.setMaxReconnectDelay(30_000);
        if (!config.username().isEmpty()) {
            o.setUserName(config.username());
            o.setPassword(config.password().toCharArray());
        }
        if (!config.ssl_ca_file().isBlank()) {
            o.setSocketFactory(Tls.trusting(Path.of(config.ssl_ca_file())));
        }
        LOG.info("backend ingest: connecting to {} as {}{}", config.broker_url(), id,
                config.share_group().isEmpty() ? "" : " in shared group " + config.share_group());
        connectInBackground(o);
    }

    private void connectInBackground(MqttConnectOptions o) {
        try {
            client.connect(o, null, new org.eclipse.paho.client.mqttv3.IMqttActionListener() {
                @Override
                public void onSuccess(org.eclipse.paho.client.mqttv3.IMqttToken token) {
                    // connectComplete subscribes
                }

                @Override
                public void onFailure(org.eclipse.paho.client.mqttv3.IMqttToken token, Throwable e) {
                    LOG.warn("backend ingest: cannot connect to {}: {}; retrying", config.broker_url(), e.getMessage());
                    retryLater(o);
                }
            });
        } catch (MqttException e) {
            LOG.warn("backend ingest: cannot connect to {}: {}", config.broker_url(), e.getMessage());
            retryLater(o);
        }
    }

    private void retryLater(MqttConnectOptions o) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(2_000); // reconnect back-off; Paho reconnects by itself only after a first success
                connectInBackground(o);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "holdfast-ingest-connect");
        t.setDaemon(true);
        t.start();
    }

    private static String defaultClientId() {
        try {
            return "holdfast-backend-" + InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "holdfast-backend";
        }
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
        connection.incrementAndGet();
        List<String> filters = List.of(config.topics()).stream()
                .map(t -> config.share_group().isEmpty() ? t : "$share/" + config.share_group() + "/" + t).toList();
        int[] qos = filters.stream().mapToInt(f -> config.qos()).toArray();
        try {
            client.subscribe(filters.toArray(String[]::new), qos, null,
                    new org.eclipse.paho.client.mqttv3.IMqttActionListener() {
                        @Override
                        public void onSuccess(org.eclipse.paho.client.mqttv3.IMqttToken token) {
                            subscribed = true;
                        }

                        @Override
                        public void onFailure(org.eclipse.paho.client.mqttv3.IMqttToken token, Throwable e) {
                            LOG.error("backend ingest: the broker refused the subscription to {}: {}", filters,
                                    e.getMessage());
                        }
                    });
            LOG.info("backend ingest: {} {}, subscribed to {}", reconnect ? "reconnected to" : "connected to",
                    serverURI, filters);
        } catch (MqttException e) {
            LOG.error("backend ingest: subscribing to {} failed: {}", filters, e.getMessage());
        }
    }

    @Override
    public void connectionLost(Throwable cause) {
        subscribed = false;
        LOG.warn("backend ingest: connection to {} lost: {}", config.broker_url(),
                cause == null ? "" : cause.getMessage());
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) throws Exception {
        long now = System.currentTimeMillis();
        int conn = connection.get();
        int id = message.getId();
        int qos = message.getQos();
        Runnable ack = () -> {
            if (qos > 0 && connection.get() == conn) {
                try {
                    client.messageArrivedComplete(id, qos);
                } catch (MqttException e) {
                    LOG.debug("ack of message {} not sent: {}", id, e.getMessage());
                }
            }
        };
        byte[] payload = message.getPayload();
        try {
            Decoded d = decoder.decode(topic, payload, now);
            batcher.offer(new Inbound(d.readings(), d.lifecycle(), topic, null, null, now, ack));
        } catch (DecodeException | RuntimeException e) {
            String reason = e instanceof DecodeException ? e.getMessage() : "decoder failed: " + e;
            batcher.offer(new Inbound(List.of(), null, topic, payload, reason, now, ack));
        }
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
        // the ingest publishes nothing
    }

    /** Whether the broker acknowledged the subscription of the current connection. */
    boolean subscribed() {
        return subscribed;
    }

    /** Stored, duplicate and dead-letter counts since activation (tests and the log). */
    long[] counters() {
        return new long[] { batcher.stored.get(), batcher.duplicates.get(), batcher.deadLetters.get() };
    }

    @Deactivate
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(2_000).waitForCompletion(3_000);
            }
        } catch (MqttException e) {
            LOG.debug("disconnect: {}", e.getMessage());
        }
        batcher.close();
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("close: {}", e.getMessage());
        }
    }
}
