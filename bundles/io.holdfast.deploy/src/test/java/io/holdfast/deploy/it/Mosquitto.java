package io.holdfast.deploy.it;

import static org.awaitility.Awaitility.await;

import io.holdfast.testkit.HoldfastOptions;
import io.holdfast.testkit.TestDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/**
 * A real Mosquitto 2 broker on a free port, with its own configuration file under target/ ({@code @DIR@} in the extra
 * configuration names its folder).
 */
final class Mosquitto implements AutoCloseable {
    static final String BINARY = "/usr/sbin/mosquitto";

    final int port;
    final Path dir;
    private final String extraConfig;
    private Process process;

    Mosquitto(String extraConfig) {
        this.port = HoldfastOptions.freePort();
        this.dir = TestDirs.target().resolve("mosquitto").resolve(UUID.randomUUID().toString());
        this.extraConfig = extraConfig;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Mosquitto anonymous() {
        return new Mosquitto("allow_anonymous true\n");
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    Mosquitto start() {
        try {
            Path conf = dir.resolve("mosquitto.conf");
            Files.writeString(conf, "listener " + port + " 127.0.0.1\n"
            // started as root it would drop to its own user, which cannot read files under target/
                    + "user root\npersistence false\nmax_inflight_messages 0\n"
                    + "max_queued_messages 1000000\nlog_dest stderr\n" + extraConfig.replace("@DIR@", dir.toString()));
            process = new ProcessBuilder(BINARY, "-c", conf.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + BINARY, e);
        }
        await().atMost(Duration.ofSeconds(10)).until(this::listening);
        return this;
    }

    private boolean listening() {
        if (!process.isAlive()) {
            throw new IllegalStateException("mosquitto exited: see " + dir.resolve("mosquitto.log"));
        }
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGKILL: no goodbye to anyone. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    void restart() {
        kill();
        start();
    }

    @Override
    public void close() {
        if (process != null) {
            kill();
        }
    }
}
