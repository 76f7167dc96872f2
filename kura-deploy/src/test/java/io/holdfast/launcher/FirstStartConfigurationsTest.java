package io.holdfast.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.holdfast.launcher.FirstStartConfigurations.Entry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class FirstStartConfigurationsTest {

    @Test
    public void parsesPidsFactoryPidsAndProperties() throws Exception {
        List<Entry> entries = FirstStartConfigurations.parse(new BufferedReader(new StringReader("""
                # comment
                [a.Factory~one]
                broker.url = tcp://localhost:1883
                app.topic = readings/{device}

                [b.Singleton]
                x=1
                """)));

        assertThat(entries).containsExactly(
                new Entry(null, "a.Factory", "one",
                        Map.of("broker.url", "tcp://localhost:1883", "app.topic", "readings/{device}")),
                new Entry("b.Singleton", null, null, Map.of("x", "1")));
    }

    @Test
    public void rejectsALineOutsideABlock() {
        assertThatThrownBy(() -> FirstStartConfigurations.parse(new BufferedReader(new StringReader("x = 1\n"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 1");
    }

    @Test
    public void theShippedFileParsesAndLinksThePublisherToTheEndpoint() throws Exception {
        List<Entry> entries = FirstStartConfigurations.parse(new BufferedReader(new InputStreamReader(
                FirstStartConfigurations.class.getResourceAsStream("first-start.configs"), StandardCharsets.UTF_8)));

        Entry endpoint = entries.stream().filter(e -> "io.holdfast.cloud.mqtt.MqttCloudEndpoint".equals(e.factoryPid()))
                .findFirst().orElseThrow();
        Entry publisher = entries.stream()
                .filter(e -> "io.holdfast.cloud.mqtt.MqttCloudPublisher".equals(e.factoryPid())).findFirst()
                .orElseThrow();
        assertThat(publisher.properties().get("cloud.endpoint.service.pid"))
                .isEqualTo(endpoint.properties().get("kura.service.pid"));
    }
}
