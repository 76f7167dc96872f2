package io.holdfast.backend.runtime;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The single-box default: when no broker was ever given with {@code --broker} for this data directory, the launcher
 * runs Moquette 0.17 (MQTT 3.1.1) next to the framework, on the launcher's class path, and the ingest subscribes to it.
 * Moquette is not an OSGi bundle and drags in metrics, Librato, Bugsnag and Jackson; running it outside the framework
 * needs only Netty, H2 MVStore and slf4j on the class path and keeps the OSGi runtime as it was. Its sessions and
 * queued QoS 1 messages are kept in {@code <data>/broker/}; its log (warnings and errors) is
 * {@code <data>/log/broker.log}. Once {@code --broker} was given, the file {@code <data>/external-broker} says so and
 * later starts use the configured broker without the option.
 */
final class EmbeddedBroker implements AutoCloseable {

    /** The port is taken: the one line the launcher prints. */
    static final class PortInUse extends Exception {
        private static final long serialVersionUID = 1L;

        PortInUse(String message) {
            super(message);
        }
    }

    private final io.moquette.broker.Server server;
    private final String url;

    private EmbeddedBroker(io.moquette.broker.Server server, String url) {
        this.server = server;
        this.url = url;
    }

    /**
     * Starts the embedded broker if this data directory has no external broker.
     *
     * @return the broker, or {@code null} when an external broker is (or was) given
     */
    static EmbeddedBroker startIfNoBroker(Options o, Path data, Path log) throws PortInUse, IOException {
        Path marker = data.resolve("external-broker");
        if (o.broker() != null) {
            Files.writeString(marker, "--broker was given: the embedded broker is not started\n");
            return null;
        }
        if (Files.exists(marker)) {
            return null;
        }
        if (!free(o.host(), o.mqttPort())) {
            throw new PortInUse("MQTT port " + o.mqttPort() + " on " + o.host() + " is already in use; stop what uses "
                    + "it, choose another with --mqtt-port, or give an external broker with --broker");
        }
        System.setProperty("org.slf4j.simpleLogger.logFile", log.resolve("broker.log").toString());
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        Properties p = new Properties();
        p.setProperty("host", o.host());
        p.setProperty("port", Integer.toString(o.mqttPort()));
        p.setProperty("websocket_port", "disabled");
        p.setProperty("allow_anonymous", "true");
        p.setProperty("telemetry_enabled", "false"); // 0.17 reports to its authors by default
        p.setProperty("persistence_enabled", "true");
        p.setProperty("data_path", Files.createDirectories(data.resolve("broker")) + "/");
        p.setProperty("netty.mqtt.message_size", Integer.toString(8 * 1024 * 1024));
        io.moquette.broker.Server server = new io.moquette.broker.Server();
        server.startServer(new io.moquette.broker.config.MemoryConfig(p));
        String host = o.host().equals("0.0.0.0") ? "127.0.0.1" : o.host();
        if (!listening(host, o.mqttPort())) {
            server.stopServer();
            throw new PortInUse("the embedded MQTT broker did not listen on port " + o.mqttPort() + "; see "
                    + log.resolve("broker.log"));
        }
        return new EmbeddedBroker(server, "tcp://" + host + ":" + o.mqttPort());
    }

    /** Where the ingest finds it. */
    String url() {
        return url;
    }

    private static boolean free(String host, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(host), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean listening(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 2_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        server.stopServer();
    }
}
