package io.holdfast.backend.runtime;

import java.nio.file.Path;
import java.util.List;

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

    static final String USAGE = """
            Usage: java -jar holdfast-backend.jar [options]

            Starts the Holdfast backend: MQTT ingest, storage (SQLite by default, or PostgreSQL) and the
            REST API under /api/v1. The first start prints an admin API token, once.

            Options:
              --data DIR          data directory: configuration, logs, the SQLite database (default: ./holdfast-backend-data)
              --port N            API port (default: 8081)
              --host ADDR         address the API listens on (default: 0.0.0.0)
              --broker URL        MQTT broker, tcp://host:1883 or ssl://host:8883 (default: the embedded broker)
              --mqtt-port N       port of the embedded MQTT broker, started when no --broker was ever given (default: 1884)
              --jdbc-url URL      database, jdbc:postgresql://host:5432/db?user=..., or jdbc:sqlite:/path (default: SQLite in DIR)
              --share-group NAME  subscribe as $share/NAME/... so that several backends split the stream
              --client-id ID      MQTT client id (default: holdfast-backend-<host name>)
              --help, --version

            A value given here is written to the configuration and kept for later starts.
            Exit codes: 2 wrong command line, 3 unusable data directory, 4 port (API or MQTT) in use, 1 failed to start.
            """;

    /** A command line the backend cannot run with; the message says why, in one line. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static Options parse(List<String> args) throws UsageException {
        Path data = Path.of("holdfast-backend-data");
        String host = "0.0.0.0";
        int port = 8081;
        String broker = null;
        String jdbc = null;
        String group = null;
        String client = null;
        boolean help = false;
        boolean version = false;
        int mqttPort = 1884;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
            case "--data" -> data = Path.of(next(args, ++i, a));
            case "--host" -> host = next(args, ++i, a);
            case "--port" -> port = port(next(args, ++i, a), a);
            case "--mqtt-port" -> mqttPort = port(next(args, ++i, a), a);
            case "--broker" -> broker = url(next(args, ++i, a), a, "tcp://", "ssl://");
            case "--jdbc-url" -> jdbc = url(next(args, ++i, a), a, "jdbc:postgresql:", "jdbc:sqlite:");
            case "--share-group" -> group = name(next(args, ++i, a), a);
            case "--client-id" -> client = name(next(args, ++i, a), a);
            case "--help", "-h" -> help = true;
            case "--version" -> version = true;
            default -> throw new UsageException("unknown option " + a);
            }
        }
        return new Options(data.toAbsolutePath().normalize(), host, port, broker, jdbc, group, client, help, version,
                mqttPort);
    }

    private static String next(List<String> args, int i, String option) throws UsageException {
        if (i >= args.size() || args.get(i).startsWith("--")) {
            throw new UsageException(option + " needs a value");
        }
        return args.get(i);
    }

    private static String url(String v, String option, String... prefixes) throws UsageException {
        for (String p : prefixes) {
            if (v.startsWith(p) && v.length() > p.length()) {
                return v;
            }
        }
        throw new UsageException(option + " must start with " + String.join(" or ", prefixes));
    }

    private static String name(String v, String option) throws UsageException {
        if (!v.matches("[A-Za-z0-9_.:-]{1,64}")) {
            throw new UsageException(option + " must be 1 to 64 of A-Z a-z 0-9 _ . : -, was '" + v + "'");
        }
        return v;
    }

    private static int port(String value, String option) throws UsageException {
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(option + " must be a number from 1 to 65535, was '" + value + "'");
    }
}
