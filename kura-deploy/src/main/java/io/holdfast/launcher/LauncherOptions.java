package io.holdfast.launcher;

import io.holdfast.launcher.common.Cli;
import io.holdfast.launcher.common.UsageException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * The command line of the standalone gateway.
 *
 * @param dataDir
 *            where configuration, the bundle cache, logs and stores live
 * @param host
 *            the address the web console listens on
 * @param port
 *            the web console's port
 * @param shell
 *            whether to run the interactive Gogo shell on this terminal
 * @param helpWanted
 *            whether {@code --help} was given
 * @param versionWanted
 *            whether {@code --version} was given
 * @param consolePasswordFile
 *            a file whose first line becomes the web console's password, or {@code null}: keep the stored one (first
 *            start: a random one, printed once)
 * @param https
 *            whether the web console is served over HTTPS only
 * @param httpsKeystore
 *            the operator's key store for HTTPS, or {@code null}: a self-signed certificate made on the first start
 * @param httpsKeystorePasswordFile
 *            a file whose first line is that key store's password
 * @param broker
 *            the MQTT broker of the cloud connection and of the seed MQTT link, or {@code null}: the shipped
 *            first-start configuration's
 * @param tcpPort
 *            the ESP32 TCP link's port, or {@code null}: the shipped first-start configuration's
 */
record LauncherOptions(Path dataDir, String host, int port, boolean shell, boolean helpWanted, boolean versionWanted,
        Path consolePasswordFile, boolean https, Path httpsKeystore, Path httpsKeystorePasswordFile, String broker,
        Integer tcpPort) {

    static final String DEFAULT_DATA_DIR = "holdfast-data";
    static final int DEFAULT_PORT = 8080;
    static final String DEFAULT_HOST = "0.0.0.0";

    /** The help: picocli's, from {@link Args} (made when asked for, not at every start). */
    static String usage() {
        return Cli.usage(new Args());
    }

    /** What picocli fills; {@link #parse} checks the combinations and makes the record. */
    @Command(customSynopsis = "java -jar holdfast-gateway.jar [options]", description = { "",
            "Starts the Holdfast gateway: Apache Felix with Declarative Services, Config Admin, "
                    + "Metatype, Event Admin, Deployment Admin, the Felix Web Console and Holdfast's gateway bundles.",
            "" }, optionListHeading = "Options:%n", footer = { "",
                    "Web console: http://<host>:<port>/system/console, user admin. There is no default password: "
                            + "the first start with a new data directory prints a random one, once, and keeps "
                            + "only its salted hash in DIR/etc/console-password. To reset it, stop the gateway, "
                            + "delete that file and start again (a new password is printed), or start once with "
                            + "--console-password-file.",
                    "Stop with Ctrl-C or SIGTERM; the gateway shuts down cleanly." })
    static final class Args {
        @Option(names = "--data", paramLabel = "DIR", converter = Cli.Directory.class, defaultValue = DEFAULT_DATA_DIR, description = "data directory: configuration, bundle cache, logs, stores (default: ./${DEFAULT-VALUE})")
        Path data;
        @Option(names = "--port", paramLabel = "N", converter = Cli.Port.class, defaultValue = ""
                + DEFAULT_PORT, description = "web console port (default: ${DEFAULT-VALUE})")
        int port;
        @Option(names = "--host", paramLabel = "ADDR", converter = Cli.Address.class, defaultValue = DEFAULT_HOST, description = "address the web console listens on (default: ${DEFAULT-VALUE}, every interface, with a "
                + "warning at start; 127.0.0.1 keeps it on this machine)")
        String host;
        @Option(names = "--https", arity = "0", description = "serve the web console over HTTPS only, on --port, with "
                + "a self-signed certificate made on the first start (DIR/etc/https.p12) unless --https-keystore names "
                + "one (default: off, plain HTTP)")
        boolean https;
        @Option(names = "--https-keystore", paramLabel = "FILE", converter = Cli.File.class, description = "the operator's key store for --https (PKCS12, or JKS for a *.jks file; default: none)")
        Path keystore;
        @Option(names = "--https-keystore-password-file", paramLabel = "FILE", converter = Cli.File.class, description = "a file whose first line is that key store's password (default: none)")
        Path keystorePassword;
        @Option(names = "--console-password-file", paramLabel = "FILE", converter = Cli.File.class, description = "set the web console password to the first line of FILE (at least 8 characters); only "
                + "its salted hash is kept (default: none, keep the stored one)")
        Path consolePassword;
        @Option(names = "--broker", paramLabel = "URL", converter = BrokerUrl.class, description = "the MQTT broker "
                + "of the cloud connection and of the seed MQTT link, tcp://host:port or ssl://host:port, kept for "
                + "later starts (default: the first-start configuration's, tcp://localhost:1883)")
        String broker;
        @Option(names = "--tcp-port", paramLabel = "N", converter = Cli.Port.class, description = "the port of the "
                + "ESP32 TCP link, kept for later starts (default: the first-start configuration's, 7420)")
        Integer tcpPort;
        Boolean shell;
        @Option(names = { "--help", "-h" }, arity = "0", description = "print this help and exit")
        boolean help;
        @Option(names = "--version", arity = "0", description = "print the version and exit")
        boolean version;

        @Option(names = "--shell", arity = "0", description = "run the Gogo shell on this terminal (default when a terminal is attached)")
        void shell(boolean ignored) {
            shell = true; // the last of --shell and --no-shell wins
        }

        @Option(names = "--no-shell", arity = "0", description = "do not run the Gogo shell")
        void noShell(boolean ignored) {
            shell = false;
        }
    }

    static LauncherOptions parse(List<String> args, boolean terminalAttached) throws UsageException {
        Args a = Cli.parse(new Args(), args);
        if (a.keystore != null && a.keystorePassword == null) {
            throw new UsageException("--https-keystore needs --https-keystore-password-file");
        }
        if (a.keystore == null && a.keystorePassword != null) {
            throw new UsageException("--https-keystore-password-file needs --https-keystore");
        }
        return new LauncherOptions(a.data.toAbsolutePath().normalize(), a.host, a.port,
                a.shell == null ? terminalAttached : a.shell, a.help, a.version, absolute(a.consolePassword),
                a.https || a.keystore != null, absolute(a.keystore), absolute(a.keystorePassword), a.broker, a.tcpPort);
    }

    /** A broker URL: tcp:// or ssl://, a host and a port, nothing a JSON string would need escaped. */
    static final class BrokerUrl implements ITypeConverter<String> {
        @Override
        public String convert(String value) throws Cli.Invalid {
            Cli.startsWith(value, "tcp://", "ssl://");
            try {
                URI u = new URI(value);
                if (u.getHost() == null || u.getPort() < 1 || value.contains("\"") || value.contains("\\")) {
                    throw new Cli.Invalid("must be tcp://host:port or ssl://host:port, was '" + value + "'");
                }
            } catch (URISyntaxException e) {
                throw new Cli.Invalid("must be tcp://host:port or ssl://host:port, was '" + value + "'");
            }
            return value;
        }
    }

    private static Path absolute(Path p) {
        return p == null ? null : p.toAbsolutePath().normalize();
    }
}
