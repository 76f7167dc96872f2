package io.holdfast.cloud.mqtt.impl;

import io.holdfast.cloud.mqtt.impl.payload.PayloadEncoding;
import io.holdfast.cloud.mqtt.impl.session.Topics;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Configuration of one cloud connection (one broker). Its id is the component name and the factory PID
 * (KURA-CONTRACT.md section 4); Kura's "+ new" makes more connections.
 */
@ObjectClassDefinition(id = MqttCloudEndpoint.PID, name = "Holdfast MQTT cloud connection", description = "A cloud "
        + "connection to an MQTT broker: every message is stored durably first, then sent with a pipelined window of "
        + "QoS 1 publishes and removed from the store on PUBACK.")
public @interface MqttCloudEndpointConfig {

    @AttributeDefinition(name = "Broker URL", description = "tcp://host:port or ssl://host:port.")
    String broker_url() default "tcp://localhost:1883";

    @AttributeDefinition(name = "Client id", required = false, description = "The MQTT client id and the "
            + "<client> topic level. Empty: the gateway's host name.")
    String client_id() default "";

    @AttributeDefinition(name = "Account name", description = "The <account> topic level.")
    String account_name() default "account-name";

    @AttributeDefinition(name = "Display name", required = false, description = "display_name of the birth "
            + "certificate. Empty: the client id.")
    String display_name() default "";

    @AttributeDefinition(name = "User name", required = false, description = "Empty: connect without credentials.")
    String username() default "";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false, description = "Decrypted "
            + "with Kura's CryptoService when one is present.")
    String password() default "";

    @AttributeDefinition(name = "CA file", required = false, description = "PEM file of the CA certificates that "
            + "sign the broker's certificate (ssl:// only). Empty: the JVM's system trust store.")
    String ssl_ca_file() default "";

    @AttributeDefinition(name = "Client key store", required = false, description = "PKCS#12 file with the client "
            + "certificate and key for TLS client authentication. Empty: none.")
    String ssl_client_keystore() default "";

    @AttributeDefinition(name = "Client key store password", type = AttributeType.PASSWORD, required = false)
    String ssl_client_keystore_password() default "";

    @AttributeDefinition(name = "Verify the host name", description = "Check that the broker's certificate names "
            + "the host of the broker URL.")
    boolean ssl_hostname_verification() default true;

    @AttributeDefinition(name = "MQTT version", description = "3.1.1 (Kura's Paho client): a broker that drops a "
            + "message, e.g. for an ACL denial, still acknowledges it and the message is lost unseen. 5: a PUBACK "
            + "with a failure reason code (not authorized, quota exceeded, payload too large) keeps the message in "
            + "the store, counts it in the status and retries it with the back-off below.", options = {
                    @Option(label = "MQTT 3.1.1", value = "3.1.1"), @Option(label = "MQTT 5", value = "5") })
    String mqtt_protocol() default "3.1.1";

    @AttributeDefinition(name = "Keep-alive (s)", min = "1", max = "65535")
    int keep_alive() default 30;

    @AttributeDefinition(name = "Connect timeout (s)", min = "1", max = "600")
    int connect_timeout() default 30;

    @AttributeDefinition(name = "Clean session", description = "Off by default: the broker keeps the session "
            + "(subscriptions, downlink messages) while the gateway is away.")
    boolean clean_session() default false;

    @AttributeDefinition(name = "Connect automatically", description = "Connect on activation and stay connected. "
            + "Off: only CloudConnectionManager.connect() connects.")
    boolean connect_auto() default true;

    @AttributeDefinition(name = "In-flight window", min = "1", max = "65000", description = "QoS 1 messages sent and "
            + "not yet acknowledged by the broker, at most.")
    int inflight_window() default 256;

    @AttributeDefinition(name = "Rate limit (messages/s)", min = "0", description = "0: no limit. Otherwise a token "
            + "bucket of this rate.")
    double rate_limit() default 0;

    @AttributeDefinition(name = "Rate limit burst", min = "1", description = "Messages sent at once after a pause "
            + "when the rate limit is on.")
    int rate_limit_burst() default 10;

    @AttributeDefinition(name = "Data topic template", description = "Placeholders {account}, {client}, {app}, "
            + "{topic}; must end with {app}/{topic}.")
    String topic_data() default Topics.DEFAULT_DATA;

    @AttributeDefinition(name = "Control topic template", description = "As the data template, and must contain "
            + "{client}. Change the $EDC prefix for brokers that forbid topics starting with '$'.")
    String topic_control() default Topics.DEFAULT_CONTROL;

    @AttributeDefinition(name = "Payload encoding")
    PayloadEncoding payload_encoding() default PayloadEncoding.KURA_PROTOBUF;

    @AttributeDefinition(name = "Batch size", min = "1", max = "10000", description = "1: one MQTT message per "
            + "published message. More: up to this many queued readings of one device to one topic are sent as one "
            + "batch message (bundle README, \"Batch format\").")
    int batch_max_messages() default 1;

    @AttributeDefinition(name = "Batch bytes", min = "256", description = "Stored payload bytes in one batch, at most.")
    int batch_max_bytes() default 65536;

    @AttributeDefinition(name = "Last will", description = "Ask the broker to publish .../MQTT/LWT when the gateway "
            + "vanishes.")
    boolean lwt_enabled() default true;

    @AttributeDefinition(name = "Last will QoS", min = "0", max = "1")
    int lwt_qos() default 0;

    @AttributeDefinition(name = "Last will retained")
    boolean lwt_retain() default false;

    @AttributeDefinition(name = "Status interval (s)", min = "0", max = "86400", description = "How often the "
            + "store's backlog (backlog_messages, backlog_oldest_age_ms) is published while connected, at QoS 0 on "
            + "the control topic HOLDFAST-V1/STATUS, outside the store. BIRTH always carries it. 0: only in BIRTH.")
    int status_interval_seconds() default 30;

    @AttributeDefinition(name = "Back-off minimum (ms)", min = "10", description = "Wait after the first failed "
            + "connection attempt (MQTT 5: and before a refused message goes again); it doubles with each failure "
            + "(with jitter) up to the maximum.")
    long backoff_min_ms() default 1000;

    @AttributeDefinition(name = "Back-off maximum (ms)", min = "10")
    long backoff_max_ms() default 60000;

    @AttributeDefinition(name = "Durable queue", description = "Filter selecting the store's queue service. Each "
            + "connection needs a queue of its own.")
    String DurableQueue_target() default "(holdfast.queue.name=default)";

    @AttributeDefinition(name = "Publish wait (ms)", min = "0", description = "How long publish() waits for the "
            + "queue service while it is absent (store being updated) before it throws KuraStoreException.")
    long publish_wait_timeout_ms() default 5000;
}
