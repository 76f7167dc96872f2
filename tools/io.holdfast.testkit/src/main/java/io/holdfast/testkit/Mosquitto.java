package io.holdfast.testkit;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * A real Mosquitto 2 broker for tests, on a free port of 127.0.0.1, with its own folder under {@code target/} for its
 * configuration file and log. Persistence is off and the broker neither limits messages in flight nor drops queued ones
 * (its defaults, 20 in flight and 1 000 queued, would throttle or lose what the tests count). Extra configuration lines
 * (an ACL or password file, TLS listeners) are appended; {@code @DIR@} in them names the broker's folder.
 *
 * <pre>
 * try (Mosquitto broker = Mosquitto.anonymous().start()) {
 *     connect(broker.url());
 *     broker.kill(); // SIGKILL, as a power cut would
 *     broker.start(); // the same port again
 * }
 * </pre>
 */
public final class Mosquitto implements AutoCloseable {
    /** The broker executable: Debian's {@code /usr/sbin/mosquitto}, or {@code mosquitto} on the path. */
    public static final String BINARY = new File("/usr/sbin/mosquitto").canExecute() ? "/usr/sbin/mosquitto"
            : "mosquitto";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    /** The port the broker listens on, the same across restarts. */
    public final int port;
    /** The broker's folder: configuration, log, and whatever the test puts there. */
    public final Path dir;
    private final String extraConfig;
    private Process process;

    /**
     * A broker not started yet.
     *
     * @param extraConfig
     *            configuration lines after the defaults, {@code @DIR@} standing for {@link #dir}; end each with a
     *            newline
     */
    public Mosquitto(String extraConfig) {
        this(TestDirs.target().resolve("mosquitto").resolve(UUID.randomUUID().toString()), extraConfig);
    }

    /**
     * A broker not started yet, with its files in a folder of the caller's (a tool that runs outside a build).
     *
     * @param dir
     *            its folder (created)
     * @param extraConfig
     *            configuration lines after the defaults, {@code @DIR@} standing for {@link #dir}; a line given again
     *            wins (e.g. {@code persistence true}); end each with a newline
     */
    public Mosquitto(Path dir, String extraConfig) {
        this.port = Ports.free();
        this.dir = dir;
        this.extraConfig = extraConfig;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return a broker that lets every client in, not started yet */
    public static Mosquitto anonymous() {
        return new Mosquitto("allow_anonymous true\n");
    }

    /** @return the broker's URL for Paho, {@code tcp://127.0.0.1:port} */
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** @return the broker's log file */
    public Path log() {
        return dir.resolve("mosquitto.log");
    }

    /**
     * Starts the broker (again, after {@link #kill()} or {@link #stop()}) and waits until it accepts connections.
     *
     * @return this broker
     */
    public Mosquitto start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("mosquitto is running already on port " + port);
        }
        try {
            Path conf = dir.resolve("mosquitto.conf");
            Files.writeString(conf, "listener " + port + " 127.0.0.1\n"
            // started as root it would drop to its own user, which cannot read files under target/
                    + "user root\npersistence false\nmax_inflight_messages 0\n"
                    + "max_queued_messages 1000000\nlog_dest stderr\n" + extraConfig.replace("@DIR@", dir.toString()));
            process = new ProcessBuilder(BINARY, "-c", conf.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + BINARY, e);
        }
        try {
            await().atMost(START_TIMEOUT).until(this::listening);
        } catch (RuntimeException e) {
            kill();
            throw e;
        }
        return this;
    }

    private boolean listening() {
        if (!process.isAlive()) {
            throw new IllegalStateException("mosquitto exited: see " + log());
        }
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** @return whether the broker process runs (it may have been stopped by someone else) */
    public boolean running() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: no goodbye to anyone, as a power cut would do. */
    public void kill() {
        end(process.destroyForcibly());
    }

    /** SIGTERM: the broker closes its connections and exits. */
    public void stop() {
        process.destroy();
        end(process);
    }

    /**
     * SIGHUP: the broker reads its configuration again (Mosquitto reloads its ACL and password files) and keeps its
     * connections.
     */
    public void reload() {
        try {
            Commands.run(List.of("kill", "-HUP", Long.toString(process.pid())), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Kills the broker and starts it again on the same port. */
    public void restart() {
        kill();
        start();
    }

    /**
     * Publishes one retained message with Debian's {@code mosquitto_pub} (MQTT 5, QoS 1), as a device on the network
     * would.
     *
     * @param topic
     *            the topic
     * @param payload
     *            the payload, as UTF-8
     *
     * @throws AssertionError
     *             with its output, if {@code mosquitto_pub} fails
     * @throws IOException
     *             if {@code mosquitto_pub} cannot be run
     * @throws InterruptedException
     *             if interrupted while it runs
     */
    public void publishRetained(String topic, String payload) throws IOException, InterruptedException {
        Commands.run(List.of("mosquitto_pub", "-h", "127.0.0.1", "-p", Integer.toString(port), "-q", "1", "-r", "-V",
                "mqttv5", "-t", topic, "-m", payload), null);
    }

    private static void end(Process p) {
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kills the broker if it was started. */
    @Override
    public void close() {
        if (process != null) {
            kill();
        }
    }
}
