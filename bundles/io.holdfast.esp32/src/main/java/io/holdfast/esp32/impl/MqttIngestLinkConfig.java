package io.holdfast.esp32.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of one MQTT ingestion client ({@value MqttIngestLink#PID}, a factory: one instance per broker). */
@ObjectClassDefinition(id = MqttIngestLink.PID, name = "ESP32 MQTT ingest link", description = "Subscribes to the "
        + "topics where ESP32 devices publish (by default the seed firmware's) and feeds the payloads to the driver. "
        + "Messages are acknowledged to the broker only after their readings are stored.")
@interface MqttIngestLinkConfig {

    @AttributeDefinition(name = "Enabled")
    boolean enabled() default true;

    @AttributeDefinition(name = "Broker URL", description = "tcp://host:port or ssl://host:port")
    String broker_url() default "tcp://127.0.0.1:1883";

    @AttributeDefinition(name = "Client id", description = "Stable, so that the broker keeps the session (and "
            + "unacknowledged messages) while the gateway is away.")
    String client_id() default "holdfast-esp32-ingest";

    @AttributeDefinition(name = "User name", required = false)
    String username() default "";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false)
    String password() default "";

    @AttributeDefinition(name = "Topics", cardinality = 10, description = "Topic filters. /readings/<type>/<MAC> topics give the sensor "
            + "type and MAC of seed payloads (gateway means rssi); payloads with \"t\" are ESP32-LINK.md frames.")
    String[] topics() default { "/readings/gateway/+", "/readings/temperature/+" };

    @AttributeDefinition(name = "QoS", options = {
            @org.osgi.service.metatype.annotations.Option(label = "0", value = "0"),
            @org.osgi.service.metatype.annotations.Option(label = "1", value = "1"),
            @org.osgi.service.metatype.annotations.Option(label = "2", value = "2") })
    int qos() default 1;

    @AttributeDefinition(name = "Clean session", description = "false keeps the subscription and queued messages at "
            + "the broker across reconnects.")
    boolean clean_session() default false;

    @AttributeDefinition(name = "Keep-alive (s)", min = "5")
    int keepalive_seconds() default 30;

    @AttributeDefinition(name = "Idle timeout (s)", min = "0", description = "With no valid message for this long, "
            + "reconnect; 0 never.")
    int idle_timeout_seconds() default 0;

    @AttributeDefinition(name = "Maximum reconnect back-off (s)", min = "1")
    int reconnect_backoff_max_seconds() default 30;
}
