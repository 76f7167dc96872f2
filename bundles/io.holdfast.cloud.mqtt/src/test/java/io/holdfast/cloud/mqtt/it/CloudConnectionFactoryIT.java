package io.holdfast.cloud.mqtt.it;

import static io.holdfast.testkit.HoldfastOptions.bundleOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.holdfast.cloud.mqtt.impl.MqttCloudEndpoint;
import io.holdfast.cloud.mqtt.impl.MqttCloudPublisher;
import io.holdfast.testkit.HoldfastTestSupport;
import io.holdfast.testkit.Mosquitto;
import java.util.List;
import java.util.Map;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.CloudEndpoint;
import org.eclipse.kura.cloudconnection.factory.CloudConnectionFactory;
import org.eclipse.kura.cloudconnection.publisher.CloudPublisher;
import org.eclipse.kura.configuration.ConfigurationService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Kura's "+ new cloud connection" in the gateway runtime with the standalone ConfigurationService: the factory creates
 * a connection through ConfigurationService with a snapshot (so that Kura restores it after a reboot), lists it, and
 * deletes it with the publishers that name it, again with a snapshot.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CloudConnectionFactoryIT extends HoldfastTestSupport {

    @Configuration
    public Option[] config() {
        return CloudRuntime.withStore(bundleOf(io.holdfast.configuration.impl.ConfigurationServiceImpl.class));
    }

    @Test
    public void createsListsAndDeletesConnectionsThroughConfigurationServiceWithSnapshots() throws Exception {
        try (Mosquitto broker = Mosquitto.anonymous().start()) {
            ConfigurationService cs = service(ConfigurationService.class, null);
            CloudConnectionFactory factory = service(CloudConnectionFactory.class,
                    "(kura.cloud.connection.factory.pid=" + MqttCloudEndpoint.PID + ")");
            assertThat(factory.getFactoryPid()).isEqualTo(MqttCloudEndpoint.PID);
            int snapshots = cs.getSnapshots().size();

            factory.createConfiguration("cloud-f");
            CloudEndpoint endpoint = service(CloudEndpoint.class, "(kura.service.pid=cloud-f)");
            assertThat(endpoint).isNotNull();
            assertThat(cs.getSnapshots()).as("a snapshot after the creation").hasSize(snapshots + 1);
            await().atMost(TIMEOUT).until(() -> factory.getManagedCloudConnectionPids().contains("cloud-f"));
            assertThat(factory.getStackComponentsPids("cloud-f")).isEqualTo(List.of("cloud-f"));
            assertThatThrownBy(() -> factory.createConfiguration("cloud-f")).isInstanceOf(KuraException.class);

            // configured as Kura's page does it: the connection's broker, and a publisher on it
            await().atMost(TIMEOUT).until(() -> cs.getConfigurableComponentPids().contains("cloud-f"));
            cs.updateConfiguration("cloud-f", Map.of("broker.url", broker.url(), "client.id", "gw-f"), false);
            cs.createFactoryConfiguration(MqttCloudPublisher.PID, "pub-f",
                    Map.of("cloud.endpoint.service.pid", "cloud-f", "appId", "F1"), false);
            service(CloudPublisher.class, "(kura.service.pid=pub-f)");
            await().atMost(TIMEOUT).until(() -> cs.getConfigurableComponentPids().contains("pub-f"));

            factory.deleteConfiguration("cloud-f");
            await().atMost(TIMEOUT).until(() -> context
                    .getServiceReferences(CloudEndpoint.class, "(kura.service.pid=cloud-f)").isEmpty()
                    && context.getServiceReferences(CloudPublisher.class, "(kura.service.pid=pub-f)").isEmpty());
            assertThat(factory.getManagedCloudConnectionPids()).doesNotContain("cloud-f");
            assertThat(cs.getSnapshots()).as("one more snapshot after the deletion").hasSize(snapshots + 2);
            assertThat(cs.getSnapshot(cs.getSnapshots().stream().mapToLong(Long::longValue).max().getAsLong()))
                    .extracting(c -> c.getPid()).doesNotContain("cloud-f", "pub-f");
        }
    }
}
