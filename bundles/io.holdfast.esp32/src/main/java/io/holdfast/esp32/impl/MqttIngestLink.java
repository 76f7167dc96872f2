package io.holdfast.esp32.impl;

import io.holdfast.api.status.GatewayStatus;
import io.holdfast.api.status.LinkStatus;
import io.holdfast.api.status.StatusProvider;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.eclipse.kura.crypto.CryptoService;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingests what ESP32 devices publish to an MQTT broker, the seed firmware's topics by default (Paho mqttv3). QoS 1
 * messages are acknowledged to the broker by hand, once every reading in them was published (stored) or recognised as a
 * duplicate; with a persistent session (clean session off) the broker re-delivers what the gateway had not acknowledged
 * when it went away. While the driver's buffer is full the callback waits, which stops the broker's flow to this client
 * instead of dropping messages.
 */
@Component(name = MqttIngestLink.PID, configurationPid = MqttIngestLink.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true, service = {
        StatusProvider.class, ConfigurableComponent.class })
@Designate(ocd = MqttIngestLinkConfig.class, factory = true)
public class MqttIngestLink implements StatusProvider, ConfigurableComponent {

    static final String PID = "io.holdfast.esp32.MqttIngestLink";
    private static final Logger LOG = LoggerFactory.getLogger(MqttIngestLink.class);

    private final Pipeline pipeline;
    private final MqttIngestLinkConfig config;
    private final String password;
    private final LinkState state;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Semaphore lost = new Semaphore(0);
    private final Thread thread;
    private volatile MqttClient client;

    @Activate
    public MqttIngestLink(@Reference Gateway gateway,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY) CryptoService crypto,
            MqttIngestLinkConfig config, Map<String, Object> props) {
        this.pipeline = gateway.pipeline();
        this.config = config;
        this.password = Secrets.reveal(config.password(), crypto);
        String id = LinkState.linkId(props, PID);
        this.state = new LinkState(id, LinkStatus.Kind.MQTT_INGEST,
                config.broker_url() + " " + String.join(" ", config.topics()));
        this.thread = new Thread(this::run, "esp32-mqtt-" + id);
        thread.setDaemon(true);
        if (config.enabled()) {
            thread.start();
        } else {
            state.state(LinkStatus.State.DOWN, null);
        }
    }

    @Deactivate
    void deactivate() {
        stop.countDown();
        lost.release();
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        state.state(LinkStatus.State.DOWN, null);
    }

    private boolean stopping() {
        return stop.getCount() == 0;
    }

    private void run() {
        long backoff = 1_000;
        long maxBackoff = config.reconnect_backoff_max_seconds() * 1000L;
        while (!stopping()) {
            MqttClient c = null;
            try {
                state.state(LinkStatus.State.CONNECTING, null);
                c = new MqttClient(config.broker_url(), config.client_id(), new MemoryPersistence());
                c.setManualAcks(true);
                Session session = new Session(state.id, null, null, true, TimeSource.SYSTEM.monoMillis());
                MqttClient self = c;
                c.setCallback(new MqttCallback() {
                    @Override
                    public void connectionLost(Throwable cause) {
                        state.state(LinkStatus.State.ERROR, "connection lost: " + cause);
                        lost.release();
                    }

                    @Override
                    public void messageArrived(String topic, MqttMessage message) {
                        arrived(self, session, topic, message);
                    }

                    @Override
                    public void deliveryComplete(IMqttDeliveryToken token) {
                        // this client does not publish
                    }
                });
                MqttConnectOptions o = new MqttConnectOptions();
                o.setCleanSession(config.clean_session());
                o.setKeepAliveInterval(config.keepalive_seconds());
                o.setAutomaticReconnect(false);
                o.setMaxInflight(1000);
                if (!config.username().isEmpty()) {
                    o.setUserName(config.username());
                    o.setPassword(password == null ? new char[0] : password.toCharArray());
                }
                lost.drainPermits();
                c.connect(o);
                client = c;
                int[] qos = new int[config.topics().length];
                java.util.Arrays.fill(qos, config.qos());
                c.subscribe(config.topics(), qos);
                state.state(LinkStatus.State.UP, null);
                state.reconnects.incrementAndGet();
                LOG.info("MQTT ingest link {} connected to {}, subscribed to {}", state.id, config.broker_url(),
                        String.join(", ", config.topics()));
                backoff = 1_000;
                long idleMs = config.idle_timeout_seconds() * 1000L;
                while (!stopping()) {
                    if (lost.tryAcquire(1, TimeUnit.SECONDS)) {
                        break;
                    }
                    if (idleMs > 0 && TimeSource.SYSTEM.monoMillis() - session.lastValidMono > idleMs) {
                        pipeline.count("mqtt.idle.reconnected");
                        state.state(LinkStatus.State.ERROR,
                                "no valid message for " + config.idle_timeout_seconds() + " s");
                        break;
                    }
                }
            } catch (MqttException | RuntimeException e) {
                if (!stopping()) {
                    state.state(LinkStatus.State.ERROR, e.toString());
                    LOG.warn("MQTT ingest link {}: {}; reconnecting in {} ms", state.id, e, backoff);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                client = null;
                close(c);
            }
            try {
                if (stop.await(backoff, TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
            backoff = Math.min(backoff * 2, maxBackoff);
        }
    }

    private static void close(MqttClient c) {
        if (c == null) {
            return;
        }
        try {
            if (c.isConnected()) {
                c.disconnect(1_000);
            }
        } catch (MqttException e) {
            // closing anyway
        }
        try {
            c.close(true);
        } catch (MqttException e) {
            // closing anyway
        }
    }

    private void arrived(MqttClient c, Session session, String topic, MqttMessage message) {
        int id = message.getId();
        int qos = message.getQos();
        Completion completion = new Completion(() -> {
            if (qos > 0) {
                try {
                    c.messageArrivedComplete(id, qos);
                } catch (MqttException | RuntimeException e) {
                    // the session is gone: the broker re-delivers, and the duplicate is dropped
                    LOG.debug("Cannot acknowledge message {} on {}: {}", id, state.id, e.toString());
                }
            }
        });
        byte[] payload = message.getPayload();
        Decoded d = pipeline.receive(session, payload, 0, payload.length, hint(topic), completion);
        state.counted(d);
    }

    /**
     * The seed firmware's topics name the sensor type and the MAC: {@code /readings/gateway/<MAC>} is RSSI,
     * {@code /readings/<type>/<MAC>} is that type.
     */
    static FrameDecoder.Hint hint(String topic) {
        String[] parts = topic.split("/");
        if (parts.length < 2) {
            return null;
        }
        String mac = parts[parts.length - 1];
        String type = parts[parts.length - 2];
        if (type.equals("gateway")) {
            type = FrameDecoder.SEED_RSSI;
        }
        if (!FrameDecoder.isSensorType(type)) {
            type = null;
        }
        return new FrameDecoder.Hint(type, FrameDecoder.normalizeMac(mac) == null ? null : mac);
    }

    @Override
    public GatewayStatus status() {
        return state.gatewayStatus(Map.of());
    }
}
