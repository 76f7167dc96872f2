package io.holdfast.backend.ingest.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(id = MqttIngest.PID, name = "Holdfast backend MQTT ingest", description = "Subscribes to the broker that gateways publish to and stores what they send.")
public @interface MqttIngestConfig {

    @AttributeDefinition(name = "Broker URL", description = "tcp://host:1883 or ssl://host:8883")
    String broker_url() default "tcp://127.0.0.1:1883";

    @AttributeDefinition(name = "Client id", description = "empty: holdfast-backend-<host name>; give each backend its own", required = false)
    String client_id() default "";

    @AttributeDefinition(name = "User name", required = false)
    String username() default "";

    @AttributeDefinition(name = "Password", type = AttributeType.PASSWORD, required = false)
    String password() default "";

    @AttributeDefinition(name = "Shared subscription group", description = "non-empty: subscribe as $share/<group>/<topic>, so that the backends of one group split the stream", required = false)
    String share_group() default "";

    @AttributeDefinition(name = "Topics", description = "topic filters: Kura data topics, the seed firmware's /readings/..., gateway lifecycle and the Holdfast gateways' status (backlog)")
    String[] topics() default { "#", "$EDC/+/+/MQTT/+", "$EDC/+/+/HOLDFAST-V1/STATUS" };

    @AttributeDefinition(name = "QoS", min = "0", max = "2")
    int qos() default 1;

    @AttributeDefinition(name = "Clean session", description = "false: the broker keeps what arrives while the backend is away")
    boolean clean_session() default false;

    @AttributeDefinition(name = "Batch size", description = "readings written in one transaction, at most", min = "1")
    int batch_max_readings() default 5000;

    @AttributeDefinition(name = "Batch delay (ms)", description = "how long a batch waits to fill; 0: not at all, a batch "
            + "is what arrived while the previous one was written (under load batches grow by themselves)", min = "0")
    int batch_max_delay_ms() default 0;

    @AttributeDefinition(name = "Queue capacity", description = "messages decoded and not yet stored, at most; the broker connection waits beyond it", min = "1")
    int queue_capacity() default 20000;

    @AttributeDefinition(name = "CA file", description = "PEM CA certificates for ssl://; empty: the JVM's trust store", required = false)
    String ssl_ca_file() default "";

    @AttributeDefinition(name = "Keep alive (s)", min = "5")
    int keep_alive() default 30;
}
