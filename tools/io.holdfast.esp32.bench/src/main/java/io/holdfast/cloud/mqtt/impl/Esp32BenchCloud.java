package io.holdfast.cloud.mqtt.impl;

import io.holdfast.api.queue.DurableQueue;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.eclipse.kura.cloudconnection.publisher.CloudPublisher;

/**
 * The MQTT cloud connection for the ESP32 driver benchmark, outside OSGi: an endpoint on a durable queue (connected to
 * a broker, or not connected at all so that the queue only fills) and a CloudPublisher on it.
 */
public final class Esp32BenchCloud implements AutoCloseable {

    private final MqttCloudEndpoint endpoint;
    private final MqttCloudPublisher publisher;

    /**
     * Creates the connection.
     *
     * @param queue
     *            the store
     * @param brokerUrl
     *            a broker to drain to, or {@code null} to only store
     */
    public Esp32BenchCloud(DurableQueue queue, String brokerUrl) {
        endpoint = new MqttCloudEndpoint(config(MqttCloudEndpointConfig.class,
                Map.of("connect_auto", brokerUrl != null, "broker_url",
                        brokerUrl == null ? "tcp://127.0.0.1:1" : brokerUrl, "client_id", "bench-gw", "account_name",
                        "bench", "inflight_window", 4096)),
                "bench-cloud", k -> null, "bench");
        endpoint.bindQueue(queue);
        publisher = new MqttCloudPublisher(
                config(MqttCloudPublisherConfig.class, Map.of("appId", "W1", "app_topic", "readings/{device}")));
        publisher.setEndpoint(endpoint);
    }

    /** @return the CloudPublisher the driver publishes through */
    public CloudPublisher publisher() {
        return publisher;
    }

    @Override
    public void close() {
        publisher.close();
        endpoint.close();
    }

    private static <A> A config(Class<A> type, Map<String, Object> values) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (p, m, args) -> {
            if (values.containsKey(m.getName())) {
                return values.get(m.getName());
            }
            return switch (m.getName()) {
            case "annotationType" -> type;
            case "toString" -> "config" + values;
            case "hashCode" -> values.hashCode();
            case "equals" -> false;
            default -> m.getDefaultValue();
            };
        }));
    }
}
