package io.holdfast.launcher;

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
 */
record LauncherOptions(Path dataDir, String host, int port, boolean shell, boolean helpWanted, boolean versionWanted) {

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
              --host ADDR   address the web console listens on (default: 0.0.0.0, every interface)
              --shell       run the Gogo shell on this terminal (default when a terminal is attached)
              --no-shell    do not run the Gogo shell
              --version     print the version and exit
              --help        print this help and exit

            Web console: http://<host>:<port>/system/console, user admin, password admin.
            Change the password at once: Configuration > Apache Felix OSGi Management Console.
            Stop with Ctrl-C or SIGTERM; the gateway shuts down cleanly.
            """;

    /** The command line is wrong; the message says how, in one line. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static LauncherOptions parse(List<String> args, boolean terminalAttached) throws UsageException {
        Path data = Paths.get(DEFAULT_DATA_DIR);
        String host = DEFAULT_HOST;
        int port = DEFAULT_PORT;
        boolean shell = terminalAttached;
        boolean help = false;
        boolean version = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            switch (arg) {
            case "--data" -> {
                String v = value != null ? value : next(args, ++i, arg);
                if (v.isBlank()) {
                    throw new UsageException("--data needs a directory");
                }
                data = Paths.get(v);
            }
            case "--port" -> port = port(value != null ? value : next(args, ++i, arg));
            case "--host" -> {
                host = value != null ? value : next(args, ++i, arg);
                if (host.isBlank()) {
                    throw new UsageException("--host needs an address");
                }
            }
            case "--shell" -> shell = true;
            case "--no-shell" -> shell = false;
            case "--help", "-h" -> help = true;
            case "--version" -> version = true;
            default -> throw new UsageException("unknown option '" + args.get(i) + "'");
            }
            if (value != null && (arg.equals("--shell") || arg.equals("--no-shell") || arg.equals("--help")
                    || arg.equals("--version"))) {
                throw new UsageException(arg + " takes no value");
            }
        }
        return new LauncherOptions(data.toAbsolutePath().normalize(), host, port, shell, help, version);
    }

    private static String next(List<String> args, int i, String option) throws UsageException {
        if (i >= args.size() || args.get(i).startsWith("--")) {
            throw new UsageException(option + " needs a value");
        }
        return args.get(i);
    }

    private static int port(String value) throws UsageException {
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--port must be a number from 1 to 65535, was '" + value + "'");
    }
}
