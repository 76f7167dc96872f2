package io.holdfast.esp32.it;

import static io.holdfast.testkit.HoldfastOptions.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.holdfast.api.status.DeviceStatus;
import io.holdfast.api.status.GatewayStatus;
import io.holdfast.api.status.LinkStatus;
import io.holdfast.simulator.Faults;
import io.holdfast.simulator.SimDevice;
import io.holdfast.simulator.TcpFleet;
import io.holdfast.testkit.RecordingPublisher;
import java.time.Duration;
import java.util.Map;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/** A thousand simulated devices on the TCP link, through the driver into a CloudPublisher. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TcpLinkIT extends Esp32TestSupport {

    @Configuration
    public Option[] config() {
        return esp32Runtime();
    }

    @Test
    public void aThousandDevicesEveryReadingStoredOnceAndAckedAfterPublish() throws Exception {
        RecordingPublisher publisher = new RecordingPublisher();
        register(publisher);
        configureGateway(Map.of("publish.threads", 4));
        int port = freePort();
        org.osgi.service.cm.Configuration link = createLink(TCP,
                Map.of("port", port, "bind.address", "127.0.0.1", "max.connections", 2_000));
        awaitLink(link, LinkStatus.State.UP);

        TcpFleet.Options o = new TcpFleet.Options("127.0.0.1", port, 1_000, 2, SimDevice.Mode.NATIVE, true, 100,
                new Faults(0.002, 0.002, 0, 0), 5_000, 0x3C, 11, null);
        try (TcpFleet fleet = new TcpFleet(o)) {
            fleet.start();
            await().atMost(Duration.ofSeconds(60)).failFast(() -> false).conditionEvaluationListener(c -> {
                if (c.getElapsedTimeInMS() % 5_000 < 110) {
                    System.out.println("fleet connected " + fleet.connected() + " connects " + fleet.connects()
                            + " generated " + fleet.generated() + " link " + linkStatus(link));
                }
            }).until(() -> fleet.connected() == 1_000);
            await().atMost(Duration.ofSeconds(60)).until(() -> fleet.generated() >= 20_000);
            fleet.pause();
            await().atMost(Duration.ofSeconds(90)).until(() -> fleet.unacked() == 0);
            assertThat(fleet.acked()).isEqualTo(fleet.generated());
            assertThat(publisher.ids()).hasSize((int) fleet.generated());
            assertThat(publisher.duplicates()).isZero();

            GatewayStatus status = gatewayStatus();
            assertThat(status.devices()).hasSize(1_000);
            DeviceStatus d = status.devices().get(0);
            assertThat(d.firmware()).isEqualTo("0.3.1");
            assertThat(d.linkId()).isEqualTo(link.getPid());
            assertThat(status.devices().stream().mapToLong(DeviceStatus::readings).sum()).isEqualTo(fleet.generated());
            assertThat(status.counter("frames.rejected.bad.crc")).isEqualTo(fleet.badCrcSent());
            assertThat(status.counter("frames.rejected.not.json")).isEqualTo(fleet.garbageSent());
            assertThat(linkStatus(link).messages()).isGreaterThanOrEqualTo(fleet.generated());
        }
    }

    @Test
    public void configurableFromKurasConsoleAndImportsKuraReadyRanges() {
        Bundle driver = bundle("io.holdfast.esp32");
        MetaTypeInformation info = service(MetaTypeService.class, null).getMetaTypeInformation(driver);
        assertThat(info.getPids()).contains(GATEWAY);
        assertThat(info.getFactoryPids()).contains(TCP, SERIAL, MQTT);
        ObjectClassDefinition gw = info.getObjectClassDefinition(GATEWAY, null);
        assertThat(gw.getID()).isEqualTo(GATEWAY);
        assertThat(gw.getAttributeDefinitions(ObjectClassDefinition.ALL)).extracting(a -> a.getID())
                .contains("CloudPublisher.target", "buffer.size", "publish.threads", "crc.required");
        assertThat(info.getObjectClassDefinition(SERIAL, null).getAttributeDefinitions(ObjectClassDefinition.ALL))
                .extracting(a -> a.getID()).contains("port", "baud", "data.bits", "parity", "stop.bits");
        String imports = driver.getHeaders().get("Import-Package");
        assertThat(imports).contains("org.eclipse.paho.client.mqttv3;version=\"[1.2,2)\"")
                .contains("org.slf4j;version=\"[1.7,3)\"").contains("org.eclipse.kura.message;version=\"[1.4,2)\"");
        assertThat(driver.getHeaders().get("Export-Package")).isNull();
    }
}
