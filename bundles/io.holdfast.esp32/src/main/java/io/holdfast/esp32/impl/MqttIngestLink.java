package io.holdfast.esp32.impl;

import io.holdfast.api.status.GatewayStatus;
import io.holdfast.api.status.LinkStatus;
import io.holdfast.api.status.StatusProvider;
import io.holdfast.esp32.impl.ingest.Completion;
import io.holdfast.esp32.impl.ingest.Ingest;
import io.holdfast.esp32.impl.ingest.LinkState;
import io.holdfast.esp32.impl.ingest.Session;
import io.holdfast.esp32.impl.ingest.TimeSource;
import io.holdfast.esp32.impl.wire.Decoded;
import io.holdfast.esp32.impl.wire.FrameDecoder;
import java.util.Arrays;
import java.util.Map;
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

    private final Ingest ingest;
    private final MqttIngestLinkConfig config;
    private final String password;
    private final LinkState state;
    private final Semaphore lost = new Semaphore(0);
    private final ReconnectLoop loop;

    @Activate
    public MqttIngestLink(@Reference Ingest ingest,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY) CryptoService crypto,
            MqttIngestLinkConfig config, Map<String, Object> props) {
        this.ingest = ingest;
        this.config = config;
        this.password = Secrets.reveal(config.password(), crypto);
        String id = LinkState.linkId(props, PID);
        this.state = new LinkState(id, LinkStatus.Kind.MQTT_INGEST,
                config.broker_url() + " " + String.join(" ", config.topics()));
        this.loop = new ReconnectLoop("MQTT ingest link", "esp32-mqtt-" + id, state,
                config.reconnect_backoff_max_seconds() * 1000L, this::serve);
        if (config.enabled()) {
            loop.start();
        } else {
            state.state(LinkStatus.State.DOWN, null);
        }
    }

    @Deactivate
    void deactivate() {
        lost.release();
        loop.stop(10_000);
    }

    /** One broker session: connect, subscribe, and wait until the connection is lost or idle. */
    private void serve(ReconnectLoop loop) throws MqttException, InterruptedException {
        MqttClient c = new MqttClient(config.broker_url(), config.client_id(), new MemoryPersistence());
        try {
            c.setManualAcks(true);
            Session session = new Session(state.id, null, null, true, TimeSource.SYSTEM.monoMillis());
            c.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                    state.state(LinkStatus.State.ERROR, "connection lost: " + cause);
                    lost.release();
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    arrived(c, session, topic, message);
                }

                @Override
                public void deliveryComplete(IMqttDeliveryToken token) {
                    // this client does not publish
                }
            });
            lost.drainPermits();
            c.connect(options());
            int[] qos = new int[config.topics().length];
            Arrays.fill(qos, config.qos());
            c.subscribe(config.topics(), qos);
            loop.connected();
            LOG.info("MQTT ingest link {} connected to {}, subscribed to {}", state.id, config.broker_url(),
                    String.join(", ", config.topics()));
            long idleMs = config.idle_timeout_seconds() * 1000L;
            while (!loop.stopping()) {
                if (lost.tryAcquire(1, TimeUnit.SECONDS)) {
                    return;
                }
                if (idleMs > 0 && TimeSource.SYSTEM.monoMillis() - session.lastValidMono > idleMs) {
                    ingest.count("mqtt.idle.reconnected");
                    state.state(LinkStatus.State.ERROR, "no valid message for " + config.idle_timeout_seconds() + " s");
                    return;
                }
            }
        } finally {
            close(c);
        }
    }

    private MqttConnectOptions options() {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(config.clean_session());
        o.setKeepAliveInterval(config.keepalive_seconds());
        o.setAutomaticReconnect(false);
        o.setMaxInflight(1000);
        if (!config.username().isEmpty()) {
            o.setUserName(config.username());
            o.setPassword(password == null ? new char[0] : password.toCharArray());
        }
        return o;
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
        Decoded d = ingest.receive(session, payload, 0, payload.length, hint(topic), completion);
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
