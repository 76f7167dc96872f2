package io.holdfast.demo;

import io.holdfast.launcher.common.Cli;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The demo's command line (picocli, with the launchers' converters and one-line errors). */
@Command(customSynopsis = "java -jar holdfast-demo.jar [options]", description = { "",
        "Runs the whole Holdfast system on this machine: the backend (SQLite, embedded MQTT broker), the gateway "
                + "runtime connected to it, and a simulated cold-chain site. Ctrl-C stops everything.",
        "" }, optionListHeading = "Options:%n", footer = { "",
                "The first run prints the dashboard's admin token and the web console's password, once. Later runs on "
                        + "the same --data reuse the data, the credentials and the ports of the first run." })
final class Options {

    static final int DEFAULT_TCP_PORT = 7420;
    static final int DEFAULT_MQTT_PORT = 1884;

    @Option(names = "--data", paramLabel = "DIR", converter = Cli.Directory.class, defaultValue = "holdfast-demo-data", description = "where the backend, the gateway and the demo keep their data (default: ./${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--host", paramLabel = "ADDR", converter = Cli.Address.class, defaultValue = "127.0.0.1", description = "the address every service listens on (default: ${DEFAULT-VALUE}, this machine only)")
    String host;

    @Option(names = "--api-port", paramLabel = "N", converter = Cli.Port.class, defaultValue = "8081", description = "the backend's REST API and dashboard (default: ${DEFAULT-VALUE})")
    int apiPort;

    @Option(names = "--console-port", paramLabel = "N", converter = Cli.Port.class, defaultValue = "8080", description = "the gateway's web console (default: ${DEFAULT-VALUE})")
    int consolePort;

    @Option(names = "--mqtt-port", paramLabel = "N", converter = Cli.Port.class, description = "the backend's embedded MQTT broker (default: "
            + DEFAULT_MQTT_PORT + ", or the first run's)")
    Integer mqttPort;

    @Option(names = "--tcp-port", paramLabel = "N", converter = Cli.Port.class, description = "the gateway's TCP link for ESP32 devices (default: "
            + DEFAULT_TCP_PORT + ", or the first run's)")
    Integer tcpPort;

    @Option(names = "--rate", paramLabel = "R", defaultValue = "1", description = "readings per second per simulated device, at most 16 (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--backend-jar", paramLabel = "FILE", converter = Cli.File.class, description = "the backend's jar (default: the reactor's backend-bundles/io.holdfast.backend.runtime/target/holdfast-backend.jar, or next to this jar)")
    Path backendJar;

    @Option(names = "--gateway-jar", paramLabel = "FILE", converter = Cli.File.class, description = "the gateway's jar (default: the reactor's kura-deploy/target/holdfast-gateway.jar, or next to this jar)")
    Path gatewayJar;

    @Option(names = "--no-serial", arity = "0", description = "no serial device (default: one on a socat pty pair when socat is installed)")
    boolean noSerial;

    @Option(names = { "--help", "-h" }, arity = "0", description = "print this help and exit")
    boolean help;
}
