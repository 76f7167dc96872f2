package io.holdfast.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.holdfast.launcher.common.UsageException;
import java.nio.file.Paths;
import java.util.List;
import org.junit.Test;

public class LauncherOptionsTest {

    @Test
    public void defaults() throws Exception {
        LauncherOptions o = LauncherOptions.parse(List.of(), false);

        assertThat(o.dataDir()).isEqualTo(Paths.get("holdfast-data").toAbsolutePath());
        assertThat(o.port()).isEqualTo(8080);
        assertThat(o.host()).isEqualTo("0.0.0.0");
        assertThat(o.shell()).isFalse();
        assertThat(LauncherOptions.parse(List.of(), true).shell()).isTrue();
    }

    @Test
    public void acceptsSpaceAndEqualsForms() throws Exception {
        LauncherOptions o = LauncherOptions
                .parse(List.of("--data", "/var/lib/hf", "--port=9090", "--host", "127.0.0.1", "--no-shell"), true);

        assertThat(o.dataDir()).isEqualTo(Paths.get("/var/lib/hf"));
        assertThat(o.port()).isEqualTo(9090);
        assertThat(o.host()).isEqualTo("127.0.0.1");
        assertThat(o.shell()).isFalse();
    }

    @Test
    public void rejectsBadCommandLinesWithOneClearLine() {
        assertThatThrownBy(() -> LauncherOptions.parse(List.of("--port", "http"), false))
                .isInstanceOf(UsageException.class).hasMessage("--port must be a number from 1 to 65535, was 'http'");
        assertThatThrownBy(() -> LauncherOptions.parse(List.of("--port", "0"), false))
                .isInstanceOf(UsageException.class).hasMessageContaining("1 to 65535");
        assertThatThrownBy(() -> LauncherOptions.parse(List.of("--port"), false)).isInstanceOf(UsageException.class)
                .hasMessage("--port needs a value");
        assertThatThrownBy(() -> LauncherOptions.parse(List.of("--data", "--port", "1"), false))
                .isInstanceOf(UsageException.class).hasMessage("--data needs a value");
        assertThatThrownBy(() -> LauncherOptions.parse(List.of("--frobnicate"), false))
                .isInstanceOf(UsageException.class).hasMessage("unknown option '--frobnicate'");
        assertThatThrownBy(() -> LauncherOptions.parse(List.of("--help=yes"), false)).isInstanceOf(UsageException.class)
                .hasMessage("--help takes no value");
    }

    @Test
    public void usageSaysThereIsNoDefaultPasswordAndHowToResetIt() {
        assertThat(LauncherOptions.usage()).contains("user admin. There is no default password")
                .contains("delete that file and start again").contains("--console-password-file FILE")
                .doesNotContain("password admin");
    }

    @Test
    public void httpsWithTheOperatorsKeystoreNeedsItsPassword() throws Exception {
        assertThat(LauncherOptions.parse(List.of(), false).https()).isFalse();
        LauncherOptions o = LauncherOptions.parse(List.of("--https"), false);
        assertThat(o.https()).isTrue();
        assertThat(o.httpsKeystore()).isNull();
        o = LauncherOptions.parse(List.of("--https-keystore", "ks.p12", "--https-keystore-password-file", "pw"), false);
        assertThat(o.https()).as("a key store means HTTPS").isTrue();
        assertThat(o.httpsKeystore()).isEqualTo(Paths.get("ks.p12").toAbsolutePath());
        assertThatThrownBy(() -> LauncherOptions.parse(List.of("--https-keystore", "ks.p12"), false))
                .isInstanceOf(UsageException.class).hasMessage("--https-keystore needs --https-keystore-password-file");
        assertThatThrownBy(() -> LauncherOptions.parse(List.of("--https=yes"), false))
                .isInstanceOf(UsageException.class).hasMessage("--https takes no value");
    }

    @Test
    public void takesAConsolePasswordFile() throws Exception {
        assertThat(LauncherOptions.parse(List.of(), false).consolePasswordFile()).isNull();
        assertThat(LauncherOptions.parse(List.of("--console-password-file", "pw.txt"), false).consolePasswordFile())
                .isEqualTo(Paths.get("pw.txt").toAbsolutePath());
        assertThatThrownBy(() -> LauncherOptions.parse(List.of("--console-password-file="), false))
                .isInstanceOf(UsageException.class).hasMessage("--console-password-file needs a file");
    }

    @Test
    public void takesTheBrokerAndTheTcpPortAsConfiguratorOverrides() throws Exception {
        LauncherOptions none = LauncherOptions.parse(List.of(), false);
        assertThat(none.broker()).isNull();
        assertThat(none.tcpPort()).isNull();
        assertThat(FirstStartOverrides.json(none)).isNull();
        LauncherOptions o = LauncherOptions.parse(List.of("--broker", "tcp://127.0.0.1:1884", "--tcp-port", "17420"),
                false);
        assertThat(o.broker()).isEqualTo("tcp://127.0.0.1:1884");
        assertThat(o.tcpPort()).isEqualTo(17420);
        assertThat(FirstStartOverrides.json(o)).contains(
                "\"io.holdfast.cloud.mqtt.MqttCloudEndpoint~holdfast-cloud\":{\":configurator:ranking\":100,"
                        + "\"kura.service.pid\":\"holdfast-cloud\",\"broker.url\":\"tcp://127.0.0.1:1884\"",
                "\"io.holdfast.esp32.MqttIngestLink~esp32-seed-mqtt\":{\":configurator:ranking\":100,"
                        + "\"kura.service.pid\":\"esp32-seed-mqtt\",\"broker.url\":\"tcp://127.0.0.1:1884\"}",
                "\"io.holdfast.esp32.TcpLink~esp32-wifi\":{\":configurator:ranking\":100,"
                        + "\"kura.service.pid\":\"esp32-wifi\",\"port\":17420}");
        assertThat(FirstStartOverrides.json(LauncherOptions.parse(List.of("--tcp-port", "9"), false)))
                .doesNotContain("broker.url");
        assertThatThrownBy(() -> LauncherOptions.parse(List.of("--broker", "localhost:1883"), false))
                .isInstanceOf(UsageException.class).hasMessageContaining("--broker").hasMessageContaining("tcp://");
        assertThatThrownBy(() -> LauncherOptions.parse(List.of("--broker", "tcp://host"), false))
                .isInstanceOf(UsageException.class).hasMessageContaining("tcp://host:port");
        assertThatThrownBy(() -> LauncherOptions.parse(List.of("--broker", "tcp://a\"b:1"), false))
                .isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> LauncherOptions.parse(List.of("--tcp-port", "0"), false))
                .isInstanceOf(UsageException.class).hasMessageContaining("--tcp-port");
    }
}
