package io.holdfast.cloud.mqtt.impl;

import java.util.Map;

/** Every test of {@link MqttCloudEndpointIT} again with {@code mqtt.protocol} 5 (Paho's MQTT 5 client). */
public class Mqtt5EndpointIT extends MqttCloudEndpointIT {

    @Override
    protected Map<String, ?> protocol() {
        return Map.of("mqtt.protocol", "5");
    }
}
