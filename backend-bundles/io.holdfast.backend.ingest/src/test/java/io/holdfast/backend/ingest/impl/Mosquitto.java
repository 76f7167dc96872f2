package io.holdfast.backend.ingest.impl;

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

/** A real Mosquitto 2 on a free port with its configuration under target/, stopped by {@link #close()}. */
public final class Mosquitto implements AutoCloseable {

    public final int port = HoldfastOptions.freePort();
    private final Path dir = TestDirs.target().resolve("mosquitto").resolve(UUID.randomUUID().toString());
    private final Process process;

    public Mosquitto() {
        try {
            Files.createDirectories(dir);
            Path conf = dir.resolve("mosquitto.conf");
            Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\nuser root\n"
                    + "persistence false\nmax_inflight_messages 0\nmax_queued_messages 1000000\nlog_dest stderr\n");
            process = new ProcessBuilder("/usr/sbin/mosquitto", "-c", conf.toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start mosquitto", e);
        }
        await().atMost(Duration.ofSeconds(10)).until(this::listening);
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
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

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
