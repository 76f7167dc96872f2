package io.holdfast.backend.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.Test;

/** The launcher's one-line errors and exit codes, from the real jar. */
public class LauncherIT {

    @Test
    public void saysInOneLineWhatIsWrongAndExitsWithItsCode() throws Exception {
        try (Backend b = new Backend(Backend.newDataDir(), "--port", "x")) {
            assertThat(b.waitForExit()).isEqualTo(2);
            assertThat(b.output().strip())
                    .isEqualTo("holdfast-backend: --port must be a number from 1 to 65535, " + "was 'x' (see --help)");
        }
        try (Backend b = new Backend(Backend.newDataDir(), "--broker", "http://x")) {
            assertThat(b.waitForExit()).isEqualTo(2);
            assertThat(b.output().lines()).hasSize(1);
        }
        Path file = Files.createTempFile(io.holdfast.testkit.TestDirs.target(), "not-a-dir", ".txt");
        int freePort = io.holdfast.testkit.HoldfastOptions.freePort();
        try (Backend b = new Backend(file, "--port", Integer.toString(freePort))) {
            assertThat(b.waitForExit()).isEqualTo(3);
            assertThat(b.output().strip()).endsWith("is a file, not a directory");
        }
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0));
            try (Backend b = new Backend(Backend.newDataDir(), "--port", Integer.toString(taken.getLocalPort()))) {
                assertThat(b.waitForExit()).isEqualTo(4);
                assertThat(b.output().strip()).isEqualTo("holdfast-backend: port " + taken.getLocalPort()
                        + " on 0.0.0.0 is already in use; stop what uses it or choose another with --port");
            }
        }
    }

    @Test
    public void warnsWhenTheApiListensOnEveryInterface() throws Exception {
        int port = io.holdfast.testkit.HoldfastOptions.freePort();
        int mqttPort = io.holdfast.testkit.HoldfastOptions.freePort();
        try (Backend b = new Backend(Backend.newDataDir(), "--port", Integer.toString(port), "--mqtt-port",
                Integer.toString(mqttPort)).awaitStarted()) {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> b.output().contains("holdfast-backend: warning: the API listens on every interface "
                            + "(0.0.0.0); anyone who can reach this machine can try to log in. --host 127.0.0.1 keeps "
                            + "it local"));
        }
    }
}
