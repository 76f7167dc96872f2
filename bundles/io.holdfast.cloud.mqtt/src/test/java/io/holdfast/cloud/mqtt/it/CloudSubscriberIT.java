package io.holdfast.cloud.mqtt.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.holdfast.api.status.LinkStatus;
import io.holdfast.api.status.StatusProvider;
import io.holdfast.cloud.mqtt.impl.MqttCloudEndpoint;
import io.holdfast.cloud.mqtt.impl.MqttCloudSubscriber;
import io.holdfast.testkit.HoldfastTestSupport;
import io.holdfast.testkit.Mosquitto;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.eclipse.kura.cloudconnection.CloudConnectionManager;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.subscriber.CloudSubscriber;
import org.eclipse.kura.cloudconnection.subscriber.listener.CloudSubscriberListener;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Cloud subscribers in the gateway runtime against a real Mosquitto: an application registers a
 * {@link CloudSubscriberListener} with a {@link CloudSubscriber} configured through Config Admin; a cloud application
 * (a plain Paho client) publishes to the gateway's topic; the listener receives each message exactly once, with Kura's
 * message properties, before and after a broker restart and a disconnect/connect; once unregistered it receives
 * nothing.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CloudSubscriberIT extends HoldfastTestSupport {

    private static final String TOPIC = "acme/gw-sub/APP1/commands/";

    @Configuration
    public Option[] config() {
        return CloudRuntime.withStore();
    }

    /** A listener that records what it receives: the value of the metric n, and the message. */
    private static final class Recorder implements CloudSubscriberListener {
        final List<Long> numbers = new CopyOnWriteArrayList<>();
        final List<KuraMessage> messages = new CopyOnWriteArrayList<>();

        @Override
        public void onMessageArrived(KuraMessage message) {
            Object n = message.getPayload().getMetric("n");
            numbers.add(n instanceof Number x ? x.longValue() : -1L);
            messages.add(message);
        }
    }

    /** Kura's simple JSON payload, as a cloud application writes it. */
    private static byte[] command(long n) {
        return String.format(Locale.ROOT, "{\"sentOn\":%d,\"metrics\":{\"n\":%d,\"what\":\"blink\"}}",
                1_767_225_600_000L + n, n).getBytes(StandardCharsets.UTF_8);
    }

    /** The cloud application's session: clean, with room for the PUBACKs Paho counts after a reconnect. */
    private static MqttConnectOptions cloudOptions() {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setMaxInflight(1000);
        return o;
    }

    private static void send(MqttClient cloud, long from, long to) throws Exception {
        for (long n = from; n < to; n++) {
            cloud.publish(TOPIC + "c" + n, command(n), 1, false);
        }
    }

    private static List<Long> range(long from, long to) {
        List<Long> r = new ArrayList<>();
        IntStream.range((int) from, (int) to).forEach(i -> r.add((long) i));
        return r;
    }

    @Test
    public void aListenerReceivesEachMessageOnceAcrossABrokerRestartAndAReconnectUntilUnregistered() throws Exception {
        try (Mosquitto broker = Mosquitto.anonymous().start()) {
            ConfigurationAdmin ca = service(ConfigurationAdmin.class, null);
            org.osgi.service.cm.Configuration endpoint = ca.createFactoryConfiguration(MqttCloudEndpoint.PID, "?");
            Dictionary<String, Object> ep = new Hashtable<>();
            ep.put("kura.service.pid", "cloud-sub-it");
            ep.put("broker.url", broker.url());
            ep.put("client.id", "gw-sub");
            ep.put("account.name", "acme");
            ep.put("backoff.min.ms", 100L);
            ep.put("backoff.max.ms", 500L);
            endpoint.update(ep);
            org.osgi.service.cm.Configuration subscriber = ca.createFactoryConfiguration(MqttCloudSubscriber.PID, "?");
            Dictionary<String, Object> sp = new Hashtable<>();
            sp.put("kura.service.pid", "sub-it");
            sp.put("cloud.endpoint.service.pid", "cloud-sub-it");
            sp.put("appId", "APP1");
            sp.put("app.topic", "commands/#");
            sp.put("qos", 1);
            subscriber.update(sp);
            MqttClient cloud = new MqttClient(broker.url(), "cloud-app", new MemoryPersistence());
            try {
                CloudSubscriber sub = service(CloudSubscriber.class, "(kura.service.pid=sub-it)");
                StatusProvider status = service(StatusProvider.class, "(kura.service.pid=cloud-sub-it)");
                CloudConnectionManager manager = service(CloudConnectionManager.class,
                        "(kura.service.pid=cloud-sub-it)");
                Recorder app = new Recorder();
                Recorder witness = new Recorder();
                // the application first, the witness after it: a message reaches them in that order
                sub.registerCloudSubscriberListener(app);
                sub.registerCloudSubscriberListener(witness);
                await().atMost(TIMEOUT).until(() -> status.status().links().get(0).state() == LinkStatus.State.UP);
                cloud.connect(cloudOptions());

                send(cloud, 0, 100);
                await().atMost(TIMEOUT).until(() -> app.numbers.size() >= 100);
                assertThat(app.numbers).as("each message exactly once")
                        .containsExactlyInAnyOrderElementsOf(range(0, 100));
                KuraMessage first = app.messages.stream().filter(m -> m.getPayload().getMetric("n").equals(7L))
                        .findFirst().get();
                assertThat(first.getProperties()).containsEntry("APP_ID", "APP1")
                        .containsEntry("APP_TOPIC", "commands/c7").containsEntry("CONTROL", false)
                        .containsEntry("topic", TOPIC + "c7");
                assertThat(first.getPayload().getMetric("what")).isEqualTo("blink");
                assertThat(first.getPayload().getTimestamp().getTime()).isEqualTo(1_767_225_600_007L);

                // the broker restarts: the gateway reconnects and subscribes again
                long reconnects = status.status().links().get(0).reconnects();
                broker.restart();
                await().atMost(TIMEOUT).until(() -> status.status().links().get(0).reconnects() > reconnects
                        && status.status().links().get(0).state() == LinkStatus.State.UP);
                await().atMost(TIMEOUT).ignoreExceptions().until(() -> {
                    if (!cloud.isConnected()) {
                        cloud.connect(cloudOptions());
                    }
                    return cloud.isConnected();
                });
                send(cloud, 100, 200);
                await().atMost(TIMEOUT).until(() -> app.numbers.size() >= 200);
                assertThat(app.numbers).as("each message exactly once, after a broker restart")
                        .containsExactlyInAnyOrderElementsOf(range(0, 200));

                // the application disconnects and connects the cloud connection
                manager.disconnect();
                assertThat(manager.isConnected()).isFalse();
                manager.connect();
                assertThat(manager.isConnected()).isTrue();
                send(cloud, 200, 300);
                await().atMost(TIMEOUT).until(() -> app.numbers.size() >= 300);
                assertThat(app.numbers).as("each message exactly once, after a reconnect")
                        .containsExactlyInAnyOrderElementsOf(range(0, 300));

                // unregistered, the application hears nothing more; the witness shows the messages did arrive
                sub.unregisterCloudSubscriberListener(app);
                send(cloud, 300, 310);
                await().atMost(TIMEOUT).until(() -> witness.numbers.containsAll(range(300, 310)));
                assertThat(witness.numbers).containsExactlyInAnyOrderElementsOf(range(0, 310));
                assertThat(app.numbers).as("nothing after unregistering").hasSize(300);
            } finally {
                if (cloud.isConnected()) {
                    cloud.disconnect();
                }
                cloud.close();
                subscriber.delete();
                endpoint.delete();
            }
        }
    }
}
