package io.holdfast.launcher;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code --broker} and {@code --tcp-port}: configurations that take the place of the shipped first-start ones (bundle
 * {@code io.holdfast.gateway.config}) for the services they name, given to the OSGi Configurator as its
 * {@code configurator.initial} framework property with a higher ranking. The Configurator applies them before the
 * services first activate, so a gateway started with {@code --broker} never connects to the shipped broker. A later
 * start without the options keeps the last values given (the Configurator keeps its state in the bundle cache).
 */
final class FirstStartOverrides {

    static final String PROPERTY = "configurator.initial";
    private static final int RANKING = 100;

    private FirstStartOverrides() {
    }

    /** The Configurator JSON for the options, or {@code null} when neither is given. */
    static String json(LauncherOptions o) {
        List<String> pids = new ArrayList<>();
        if (o.broker() != null) {
            // the broker URL was checked: no character in it needs escaping in a JSON string
            pids.add(pid("io.holdfast.cloud.mqtt.MqttCloudEndpoint~holdfast-cloud",
                    "\"kura.service.pid\":" + "\"holdfast-cloud\",\"broker.url\":\"" + o.broker()
                            + "\",\"account.name\":\"holdfast\","
                            + "\"DurableQueue.target\":\"(holdfast.queue.name=default)\""));
            pids.add(pid("io.holdfast.esp32.MqttIngestLink~esp32-seed-mqtt",
                    "\"kura.service.pid\":\"esp32-seed-mqtt\",\"broker.url\":\"" + o.broker() + "\""));
        }
        if (o.tcpPort() != null) {
            pids.add(pid("io.holdfast.esp32.TcpLink~esp32-wifi",
                    "\"kura.service.pid\":\"esp32-wifi\",\"port\":" + o.tcpPort()));
        }
        if (pids.isEmpty()) {
            return null;
        }
        return "{\":configurator:resource-version\":1,\":configurator:symbolic-name\":\"holdfast.command.line\","
                + "\":configurator:version\":\"1\"," + String.join(",", pids) + "}";
    }

    private static String pid(String pid, String props) {
        return "\"" + pid + "\":{\":configurator:ranking\":" + RANKING + "," + props + "}";
    }
}
