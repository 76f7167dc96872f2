package io.holdfast.esp32.it;

import static io.holdfast.testkit.HoldfastOptions.bundleOf;
import static io.holdfast.testkit.HoldfastOptions.freePort;
import static io.holdfast.testkit.HoldfastOptions.kuraR7Runtime;
import static io.holdfast.testkit.HoldfastOptions.projectBundle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.ops4j.pax.exam.CoreOptions.options;

import io.holdfast.api.status.LinkStatus;
import io.holdfast.testkit.RecordingPublisher;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.Version;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * The driver on what Kura 5.x gives a bundle: Equinox 3.16 with Felix SCR 2.1 (DS 1.4, constructor injection), Config
 * Admin, Metatype and Event Admin. Runs in its own failsafe execution, with Equinox on the class path.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class Esp32EquinoxIT extends Esp32TestSupport {

    @Configuration
    public Option[] config() {
        return options(kuraR7Runtime(projectBundle(), bundleOf(io.holdfast.api.reading.Reading.class),
                bundleOf(io.holdfast.sensor.seed.impl.RssiCodec.class), bundleOf(org.eclipse.kura.KuraException.class),
                bundleOf(com.fazecast.jSerialComm.SerialPort.class),
                bundleOf(org.eclipse.paho.client.mqttv3.MqttClient.class), bundleOf(com.google.gson.Gson.class)));
    }

    @Test
    public void aReadingIsPublishedAndAckedOnEquinoxWithScr21() throws Exception {
        assertThat(context.getBundle(0).getSymbolicName()).isEqualTo("org.eclipse.osgi");
        assertThat(bundle("org.apache.felix.scr").getVersion()).isLessThan(new Version(2, 2, 0));

        RecordingPublisher publisher = new RecordingPublisher();
        register(publisher);
        configureGateway(Map.of());
        int port = freePort();
        org.osgi.service.cm.Configuration link = createLink(TCP, Map.of("port", port, "bind.address", "127.0.0.1"));
        awaitLink(link, LinkStatus.State.UP);
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(("{\"t\":\"hello\",\"mac\":\"3C:E9:0E:72:12:4C\",\"uptime\":5000,\"seq\":7}\n"
                    + "{\"t\":\"r\",\"mac\":\"3C:E9:0E:72:12:4C\",\"seq\":7,\"uptime\":5001,\"type\":\"temperature\","
                    + "\"v\":{\"temperature\":4.25}}\n").getBytes(StandardCharsets.UTF_8));
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            String line;
            do {
                line = in.readLine();
            } while (line != null && !line.startsWith("{\"t\":\"ack\""));
            assertThat(line).isEqualTo("{\"t\":\"ack\",\"seq\":7}");
        }
        await().atMost(TIMEOUT).until(() -> publisher.count() == 1);
        assertThat(publisher.messages().get(0).getPayload().getMetric("temperature.unit")).isEqualTo("Cel");

        ServiceComponentRuntime scr = service(ServiceComponentRuntime.class, null);
        Bundle driver = bundle("io.holdfast.esp32");
        int active = 0;
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(driver)) {
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                assertThat(c.state).as(d.name + " " + c.failure)
                        .isNotEqualTo(ComponentConfigurationDTO.FAILED_ACTIVATION);
                active += c.state == ComponentConfigurationDTO.ACTIVE ? 1 : 0;
            }
        }
        assertThat(active).as("Esp32Driver, TcpLink and Downlink").isGreaterThanOrEqualTo(3);
    }
}
