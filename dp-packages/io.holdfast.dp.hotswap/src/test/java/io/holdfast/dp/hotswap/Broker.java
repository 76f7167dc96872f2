package io.holdfast.dp.hotswap;

import io.holdfast.testkit.HoldfastOptions;
import io.holdfast.testkit.TestDirs;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** A Mosquitto of the test's own on a free port: anonymous, no limit on what it queues for a slow subscriber. */
final class Broker implements AutoCloseable {
    private final Path dir = TestDirs.target().resolve("hotswap-mosquitto").resolve(UUID.randomUUID().toString());
    private final int port = HoldfastOptions.freePort();
    private final Process process;

    Broker() throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\nuser root\n"
                + "max_queued_messages 0\nmax_inflight_messages 0\npersistence false\n");
        process = new ProcessBuilder("/usr/sbin/mosquitto", "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("mosquitto did not start: see " + dir.resolve("mosquitto.log"));
                }
                Thread.onSpinWait();
            }
        }
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
