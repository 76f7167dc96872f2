package io.holdfast.cloud.mqtt.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration of one cloud publisher (Kura's CloudPublisher properties). */
@ObjectClassDefinition(id = MqttCloudPublisher.PID, name = "Holdfast MQTT cloud publisher", description = "Publishes "
        + "an application's messages through a Holdfast cloud connection, durably.")
public @interface MqttCloudPublisherConfig {

    @AttributeDefinition(name = "Cloud connection", required = false, description = "kura.service.pid (or service.pid) of the cloud "
            + "connection to publish through.")
    String cloud_endpoint_service_pid() default "";

    @AttributeDefinition(name = "Application id", description = "The <app> topic level.")
    String appId() default "W1";

    @AttributeDefinition(name = "Application topic", required = false, description = "The topic below the app id. "
            + "{name} is replaced by the message property or metric of that name, e.g. {device}.")
    String app_topic() default "A1";

    @AttributeDefinition(name = "QoS", options = { @Option(label = "0: at most once", value = "0"),
            @Option(label = "1: at least once", value = "1") })
    int qos() default 1;

    @AttributeDefinition(name = "Retain")
    boolean retain() default false;

    @AttributeDefinition(name = "Priority", min = "0", max = "9", description = "0 is sent first; 5 is Kura's "
            + "default for data.")
    int priority() default 5;

    @AttributeDefinition(name = "Message type", options = { @Option(label = "Data", value = "data"),
            @Option(label = "Control", value = "control") })
    String message_type() default "data";

    @AttributeDefinition(name = "Connection wait (ms)", min = "0", description = "How long publish() waits for the "
            + "cloud connection while it is absent (being reconfigured or updated).")
    long endpoint_wait_ms() default 5000;
}
