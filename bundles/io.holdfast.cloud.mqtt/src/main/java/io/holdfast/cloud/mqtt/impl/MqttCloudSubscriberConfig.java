package io.holdfast.cloud.mqtt.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration of one cloud subscriber (Kura's CloudSubscriber properties). */
@ObjectClassDefinition(id = MqttCloudSubscriber.PID, name = "Holdfast MQTT cloud subscriber", description = "Receives "
        + "an application's messages through a Holdfast cloud connection.")
public @interface MqttCloudSubscriberConfig {

    @AttributeDefinition(name = "Cloud connection", required = false, description = "kura.service.pid (or service.pid) of the cloud "
            + "connection to subscribe through.")
    String cloud_endpoint_service_pid() default "";

    @AttributeDefinition(name = "Application id", description = "The <app> topic level.")
    String appId() default "W1";

    @AttributeDefinition(name = "Application topic", description = "The topic below the app id; may hold MQTT "
            + "wildcards (+, #).")
    String app_topic() default "#";

    @AttributeDefinition(name = "QoS", options = { @Option(label = "0: at most once", value = "0"),
            @Option(label = "1: at least once", value = "1") })
    int qos() default 1;

    @AttributeDefinition(name = "Message type", options = { @Option(label = "Data", value = "data"),
            @Option(label = "Control", value = "control") })
    String message_type() default "data";
}
