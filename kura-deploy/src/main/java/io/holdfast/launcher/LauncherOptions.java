package io.holdfast.launcher;

import io.holdfast.launcher.common.CommandLine;
import io.holdfast.launcher.common.UsageException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

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
 */
record LauncherOptions(Path dataDir, String host, int port, boolean shell, boolean helpWanted, boolean versionWanted,
        Path consolePasswordFile, boolean https, Path httpsKeystore, Path httpsKeystorePasswordFile) {

    static final String DEFAULT_DATA_DIR = "holdfast-data";
    static final int DEFAULT_PORT = 8080;
    static final String DEFAULT_HOST = "0.0.0.0";

    static final String USAGE = """
            Usage: java -jar holdfast-gateway.jar [options]

            Starts the Holdfast gateway: Apache Felix with Declarative Services, Config Admin, Metatype,
            Event Admin, Deployment Admin, the Felix Web Console and Holdfast's gateway bundles.

            Options:
              --data DIR    data directory: configuration, bundle cache, logs, stores (default: ./holdfast-data)
              --port N      web console port (default: 8080)
              --host ADDR   address the web console listens on (default: 0.0.0.0, every interface, with a
                            warning at start; 127.0.0.1 keeps it on this machine)
              --https       serve the web console over HTTPS only, on --port, with a self-signed certificate
                            made on the first start (DIR/etc/https.p12) unless --https-keystore names one
              --https-keystore FILE
                            the operator's key store for --https (PKCS12, or JKS for a *.jks file)
              --https-keystore-password-file FILE
                            a file whose first line is that key store's password
              --console-password-file FILE
                            set the web console password to the first line of FILE (at least 8 characters);
                            only its salted hash is kept
              --shell       run the Gogo shell on this terminal (default when a terminal is attached)
              --no-shell    do not run the Gogo shell
              --version     print the version and exit
              --help        print this help and exit

            Web console: http://<host>:<port>/system/console, user admin. There is no default password: the
            first start with a new data directory prints a random one, once, and keeps only its salted hash in
            DIR/etc/console-password. To reset it, stop the gateway, delete that file and start again (a new
            password is printed), or start once with --console-password-file.
            Stop with Ctrl-C or SIGTERM; the gateway shuts down cleanly.
            """;

    static LauncherOptions parse(List<String> args, boolean terminalAttached) throws UsageException {
        Path data = Paths.get(DEFAULT_DATA_DIR);
        String host = DEFAULT_HOST;
        int port = DEFAULT_PORT;
        boolean shell = terminalAttached;
        boolean help = false;
        boolean version = false;
        Path consolePassword = null;
        boolean https = false;
        Path keystore = null;
        Path keystorePassword = null;
        CommandLine cl = new CommandLine(args);
        while (cl.next()) {
            switch (cl.option()) {
            case "--data" -> data = cl.path();
            case "--port" -> port = CommandLine.port(cl.value());
            case "--host" -> host = cl.value("an address");
            case "--console-password-file" -> consolePassword = Path.of(cl.value("a file"));
            case "--https" -> https = cl.flag();
            case "--https-keystore" -> keystore = Path.of(cl.value("a file"));
            case "--https-keystore-password-file" -> keystorePassword = Path.of(cl.value("a file"));
            case "--shell" -> shell = cl.flag();
            case "--no-shell" -> shell = !cl.flag();
            case "--help", "-h" -> help = cl.flag();
            case "--version" -> version = cl.flag();
            default -> throw cl.unknown();
            }
        }
        if (keystore != null && keystorePassword == null) {
            throw new UsageException("--https-keystore needs --https-keystore-password-file");
        }
        if (keystore == null && keystorePassword != null) {
            throw new UsageException("--https-keystore-password-file needs --https-keystore");
        }
        return new LauncherOptions(data.toAbsolutePath().normalize(), host, port, shell, help, version,
                absolute(consolePassword), https || keystore != null, absolute(keystore), absolute(keystorePassword));
    }

    private static Path absolute(Path p) {
        return p == null ? null : p.toAbsolutePath().normalize();
    }
}
