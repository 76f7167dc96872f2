package io.holdfast.backend.runtime;

import io.holdfast.launcher.common.Cli;
import io.holdfast.launcher.common.UsageException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * The backend's command line.
 *
 * @param dataDir
 *            configuration, bundle cache, logs and the SQLite database
 * @param host
 *            the address the API listens on
 * @param port
 *            the API's port
 * @param broker
 *            the MQTT broker to subscribe to, {@code null}: keep the configured one (first start: tcp://127.0.0.1:1883)
 * @param jdbcUrl
 *            the database, {@code null}: keep the configured one (first start: SQLite in the data directory)
 * @param shareGroup
 *            the shared subscription group, {@code null}: keep the configured one
 * @param clientId
 *            the MQTT client id, {@code null}: keep the configured one
 * @param mqttPort
 *            the embedded broker's port (when no broker is given)
 */
record Options(Path dataDir, String host, int port, String broker, String jdbcUrl, String shareGroup, String clientId,
        boolean help, boolean version, int mqttPort) {

    /** The same options with the embedded broker's URL as the broker. */
    Options withBroker(String url) {
        return new Options(dataDir, host, port, url, jdbcUrl, shareGroup, clientId, help, version, mqttPort);
    }

    /** The help: picocli's, from {@link Args} (made when asked for, not at every start). */
    static String usage() {
        return Cli.usage(new Args());
    }

    /** What picocli fills. */
    @Command(customSynopsis = "java -jar holdfast-backend.jar [options]", description = { "",
            "Starts the Holdfast backend: MQTT ingest, storage (SQLite by default, or PostgreSQL) and the REST API "
                    + "under /api/v1. The first start prints an admin API token, once.",
            "" }, optionListHeading = "Options:%n", footer = { "",
                    "A value given here is written to the configuration and kept for later starts.",
                    "Exit codes: 2 wrong command line, 3 unusable data directory, 4 port (API or MQTT) in use, "
                            + "1 failed to start." })
    static final class Args {
        @Option(names = "--data", paramLabel = "DIR", converter = Cli.Directory.class, defaultValue = "holdfast-backend-data", description = "data directory: configuration, logs, the SQLite database (default: ${DEFAULT-VALUE}, in the working directory)")
        Path data;
        @Option(names = "--port", paramLabel = "N", converter = Cli.Port.class, defaultValue = "8081", description = "API port (default: ${DEFAULT-VALUE})")
        int port;
        @Option(names = "--host", paramLabel = "ADDR", converter = Cli.Address.class, defaultValue = "0.0.0.0", description = "address the API listens on (default: ${DEFAULT-VALUE}, every interface, with a warning "
                + "at start; 127.0.0.1 keeps it on this machine)")
        String host;
        @Option(names = "--broker", paramLabel = "URL", converter = Broker.class, description = "MQTT broker, tcp://host:1883 or ssl://host:8883 (default: the embedded broker)")
        String broker;
        @Option(names = "--mqtt-port", paramLabel = "N", converter = Cli.Port.class, defaultValue = "1884", description = "port of the embedded MQTT broker, started when no --broker was ever given "
                + "(default: ${DEFAULT-VALUE})")
        int mqttPort;
        @Option(names = "--jdbc-url", paramLabel = "URL", converter = Jdbc.class, description = "database, jdbc:postgresql://host:5432/db?user=..., or jdbc:sqlite:/path "
                + "(default: SQLite in DIR)")
        String jdbc;
        @Option(names = "--share-group", paramLabel = "NAME", converter = Name.class, description = "subscribe as $share/NAME/... so that several backends split the stream "
                + "(default: none, one backend takes the whole stream)")
        String group;
        @Option(names = "--client-id", paramLabel = "ID", converter = Name.class, description = "MQTT client id (default: holdfast-backend-<host name>)")
        String client;
        @Option(names = { "--help", "-h" }, arity = "0", description = "print this help and exit")
        boolean help;
        @Option(names = "--version", arity = "0", description = "print the version and exit")
        boolean version;
    }

    static Options parse(List<String> args) throws UsageException {
        Args a = Cli.parse(new Args(), args);
        return new Options(a.data.toAbsolutePath().normalize(), a.host, a.port, a.broker, a.jdbc, a.group, a.client,
                a.help, a.version, a.mqttPort);
    }

    /** {@code --broker}: tcp:// or ssl://. */
    static final class Broker implements ITypeConverter<String> {
        @Override
        public String convert(String v) throws Cli.Invalid {
            return Cli.startsWith(v, "tcp://", "ssl://");
        }
    }

    /** {@code --jdbc-url}: PostgreSQL or SQLite. */
    static final class Jdbc implements ITypeConverter<String> {
        @Override
        public String convert(String v) throws Cli.Invalid {
            return Cli.startsWith(v, "jdbc:postgresql:", "jdbc:sqlite:");
        }
    }

    /** A share group or client id: what MQTT topics and client ids accept without escaping. */
    static final class Name implements ITypeConverter<String> {
        @Override
        public String convert(String v) throws Cli.Invalid {
            if (!v.matches("[A-Za-z0-9_.:-]{1,64}")) {
                throw new Cli.Invalid("must be 1 to 64 of A-Z a-z 0-9 _ . : -, was '" + v + "'");
            }
            return v;
        }
    }
}
