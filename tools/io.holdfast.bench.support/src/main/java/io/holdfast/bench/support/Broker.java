package io.holdfast.bench.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Mosquitto 2 on a free loopback port, configured for a benchmark: no persistence, no in-flight or queue limits. Not
 * the test kit's {@code Mosquitto}: that one waits with Awaitility and keeps its folder under {@code target/}, neither
 * of which is in the measured runtime, and its queue limits are those of the tests.
 */
public final class Broker implements AutoCloseable {
    /** The broker executable. */
    public static final String BINARY = "/usr/sbin/mosquitto";

    /** The port it listens on. */
    public final int port;
    private final Path dir;
    private Process process;

    /**
     * A broker not started yet.
     *
     * @param dir
     *            its folder: configuration and log
     *
     * @throws IOException
     *             if the folder cannot be made or no port found
     */
    public Broker(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            this.port = s.getLocalPort();
        }
    }

    /** @return {@code tcp://127.0.0.1:port} */
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /**
     * Starts it and waits until it listens.
     *
     * @return this broker
     *
     * @throws IOException
     *             if it cannot be started
     * @throws InterruptedException
     *             if interrupted while waiting
     */
    public Broker start() throws IOException, InterruptedException {
        Path conf = dir.resolve("mosquitto.conf");
        // started as root, mosquitto would drop to its own user, which may not read the folder
        String user = "root".equals(System.getProperty("user.name")) ? "user root\n" : "";
        Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\n" + user + "persistence false\n"
        // no limit on QoS 1 messages in flight to a subscriber, a deep queue for a subscriber that lags
                + "max_inflight_messages 0\nmax_queued_messages 2000000\nmax_queued_bytes 0\n"
                + "log_dest stderr\nlog_type error\nlog_type warning\n");
        process = new ProcessBuilder(BINARY, "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile())).start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mosquitto exited: see " + dir.resolve("mosquitto.log"));
            }
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return this;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("mosquitto does not listen on " + port, e);
                }
                Thread.sleep(20);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.destroy();
            process.waitFor();
        }
    }
}
