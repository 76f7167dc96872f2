package io.holdfast.cloud.mqtt.it;

import static io.holdfast.testkit.HoldfastOptions.bundleOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.holdfast.api.queue.DurableQueue;
import io.holdfast.api.status.LinkStatus;
import io.holdfast.api.status.StatusProvider;
import io.holdfast.cloud.mqtt.impl.MqttCloudEndpoint;
import io.holdfast.cloud.mqtt.impl.MqttCloudPublisher;
import io.holdfast.cloud.mqtt.impl.Readings;
import io.holdfast.testkit.HoldfastTestSupport;
import io.holdfast.testkit.Mosquitto;
import java.nio.file.Files;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import org.eclipse.kura.cloudconnection.factory.CloudConnectionFactory;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.publisher.CloudPublisher;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * The bundle in the gateway runtime: configured through Config Admin, a CloudPublisher's publish() goes through the
 * durable queue of the SQLite store bundle to a real Mosquitto.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CloudInContainerIT extends HoldfastTestSupport {

    @Configuration
    public Option[] config() {
        return CloudRuntime.withStore(bundleOf(io.holdfast.configuration.impl.ConfigurationServiceImpl.class));
    }

    @Test
    public void publisherThroughQueueToBrokerConfiguredByConfigAdmin() throws Exception {
        try (Mosquitto broker = Mosquitto.anonymous().start();
                Readings.Counter backend = new Readings.Counter(broker.url(), "acme/#")) {
            DurableQueue queue = service(DurableQueue.class, "(" + DurableQueue.QUEUE_NAME + "=default)");
            ConfigurationAdmin ca = service(ConfigurationAdmin.class, null);
            org.osgi.service.cm.Configuration endpoint = ca.createFactoryConfiguration(MqttCloudEndpoint.PID, "?");
            Dictionary<String, Object> ep = new Hashtable<>();
            ep.put("kura.service.pid", "cloud-it");
            ep.put("broker.url", broker.url());
            ep.put("client.id", "gw-osgi");
            ep.put("account.name", "acme");
            endpoint.update(ep);
            org.osgi.service.cm.Configuration publisher = ca.createFactoryConfiguration(MqttCloudPublisher.PID, "?");
            Dictionary<String, Object> pp = new Hashtable<>();
            pp.put("cloud.endpoint.service.pid", "cloud-it");
            pp.put("appId", "W1");
            pp.put("app.topic", "readings/{device}");
            publisher.update(pp);
            try {
                CloudPublisher pub = service(CloudPublisher.class, null);
                StatusProvider status = service(StatusProvider.class, "(kura.service.pid=cloud-it)");
                await().atMost(TIMEOUT).until(() -> status.status().links().get(0).state() == LinkStatus.State.UP);
                long previous = 0;
                for (int seq = 1; seq <= 100; seq++) {
                    long id = Long.parseLong(pub.publish(new KuraMessage(Readings.reading("dev-osgi", seq))));
                    assertThat(id).as("queue ids grow in publish order").isGreaterThan(previous);
                    previous = id;
                }
                await().atMost(TIMEOUT).until(() -> backend.raw.get() >= 100);
                await().atMost(TIMEOUT).until(() -> queue.stats().depth() == 0);
                assertThat(backend.lastByTopic).containsKey("acme/gw-osgi/W1/readings/dev-osgi");

                CloudConnectionFactory factory = service(CloudConnectionFactory.class, null);
                assertThat(factory.getFactoryPid()).isEqualTo(MqttCloudEndpoint.PID);
                assertThat(factory.getManagedCloudConnectionPids()).contains("cloud-it");
                assertThat(factory.getStackComponentsPids("cloud-it")).isEqualTo(List.of("cloud-it"));

                ObjectClassDefinition ocd = service(MetaTypeService.class, null)
                        .getMetaTypeInformation(bundle("io.holdfast.cloud.mqtt"))
                        .getObjectClassDefinition(MqttCloudEndpoint.PID, null);
                assertThat(ocd.getAttributeDefinitions(ObjectClassDefinition.ALL)).extracting(a -> a.getID())
                        .contains("broker.url", "password", "inflight.window", "DurableQueue.target");
            } finally {
                publisher.delete();
                endpoint.delete();
            }
        }
    }

    /**
     * MQTT 5 inside the runtime (Paho's v5 client embedded in the bundle, its network modules found by ServiceLoader
     * through the bundle's class loader): an ACL that denies the data topics keeps the readings in the store and counts
     * them in the status; once the broker reloads an ACL that allows them, they go out and the store empties.
     */
    @Test
    public void mqtt5KeepsWhatTheBrokerRefusesAndSendsItOnceAllowed() throws Exception {
        try (Mosquitto broker = new Mosquitto("allow_anonymous true\nacl_file @DIR@/acl\n")) {
            Files.writeString(broker.dir.resolve("acl"), "topic read acme/#\ntopic readwrite $EDC/#\n");
            broker.start();
            try (Readings.Counter backend = new Readings.Counter(broker.url(), "acme/#")) {
                DurableQueue queue = service(DurableQueue.class, "(" + DurableQueue.QUEUE_NAME + "=default)");
                ConfigurationAdmin ca = service(ConfigurationAdmin.class, null);
                org.osgi.service.cm.Configuration endpoint = ca.createFactoryConfiguration(MqttCloudEndpoint.PID, "?");
                Dictionary<String, Object> ep = new Hashtable<>();
                ep.put("kura.service.pid", "cloud-v5");
                ep.put("broker.url", broker.url());
                ep.put("client.id", "gw-v5");
                ep.put("account.name", "acme");
                ep.put("mqtt.protocol", "5");
                ep.put("backoff.min.ms", 100L);
                ep.put("backoff.max.ms", 1000L);
                endpoint.update(ep);
                org.osgi.service.cm.Configuration publisher = ca.createFactoryConfiguration(MqttCloudPublisher.PID,
                        "?");
                Dictionary<String, Object> pp = new Hashtable<>();
                pp.put("cloud.endpoint.service.pid", "cloud-v5");
                pp.put("appId", "W1");
                pp.put("app.topic", "readings/{device}");
                publisher.update(pp);
                try {
                    CloudPublisher pub = service(CloudPublisher.class, null);
                    StatusProvider status = service(StatusProvider.class, "(kura.service.pid=cloud-v5)");
                    await().atMost(TIMEOUT).until(() -> status.status().links().get(0).state() == LinkStatus.State.UP);
                    for (int seq = 1; seq <= 50; seq++) {
                        pub.publish(new KuraMessage(Readings.reading("dev-v5", seq)));
                    }
                    await().atMost(TIMEOUT).until(
                            () -> status.status().counters().getOrDefault("cloud.refused.not-authorized", 0L) >= 50);
                    assertThat(queue.stats().depth()).isEqualTo(50);
                    assertThat(backend.raw.get()).isZero();

                    Files.writeString(broker.dir.resolve("acl"), "topic readwrite acme/#\ntopic readwrite $EDC/#\n");
                    broker.reload();
                    await().atMost(TIMEOUT).until(() -> queue.stats().depth() == 0);
                    // counted raw, as the test above does (the exact set of (device, seq) is BrokerRefusalIT's)
                    await().atMost(TIMEOUT).until(() -> backend.raw.get() >= 50);
                    assertThat(backend.lastByTopic).containsKey("acme/gw-v5/W1/readings/dev-v5");
                } finally {
                    publisher.delete();
                    endpoint.delete();
                }
            }
        }
    }
}
