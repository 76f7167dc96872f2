package io.holdfast.backend.dashboard.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The processes of a simulated site, each as an operator starts it, its output in a file under target/: a Mosquitto,
 * {@code java -jar holdfast-backend.jar}, {@code java -jar holdfast-gateway.jar}.
 */
final class Site {

    static final Path TARGET = Path.of(System.getProperty("holdfast.build.directory", "target"));
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** The gateway's web console password (the gateway has no default one: it is given with a file). */
    static final String CONSOLE_PASSWORD = "it-console-password";

    private Site() {
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A started process with its output file. */
    static final class Proc implements AutoCloseable {
        final Process process;
        final Path output;
        final String name;

        Proc(String name, Path dir, List<String> cmd) {
            this.name = name;
            try {
                Files.createDirectories(dir.resolve("tmp")); // the JVM's java.io.tmpdir, where sqlite-jdbc unpacks
                output = dir.resolve(name + ".out");
                process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String output() {
            try {
                return Files.readString(output);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void alive() {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited " + process.exitValue() + ":\n" + output());
            }
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    static Proc mosquitto(Path dir, int port) throws IOException {
        Files.createDirectories(dir);
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\nuser root\n"
                + "persistence false\nmax_queued_messages 100000\nlog_dest stderr\n");
        Proc p = new Proc("mosquitto", dir, List.of("/usr/sbin/mosquitto", "-c", conf.toString()));
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            p.alive();
            return listening(port);
        });
        return p;
    }

    static Proc backend(Path dir, int port, int mqttPort) {
        List<String> cmd = new ArrayList<>(java("holdfast.backend.jar", dir));
        cmd.addAll(List.of("--data", dir.resolve("data").toString(), "--port", Integer.toString(port), "--host",
                "127.0.0.1", "--broker", "tcp://127.0.0.1:" + mqttPort, "--client-id", "it-backend"));
        Proc p = new Proc("backend", dir, cmd);
        await().atMost(Duration.ofSeconds(180)).until(() -> {
            p.alive();
            return p.output().contains("holdfast-backend: hf_") && p.output().contains("dashboard connected");
        });
        return p;
    }

    static String adminToken(Proc backend) {
        Matcher m = Pattern.compile("holdfast-backend: (hf_[0-9a-f]{12}_[A-Za-z0-9_-]+)").matcher(backend.output());
        if (!m.find()) {
            throw new IllegalStateException("no admin token printed:\n" + backend.output());
        }
        return m.group(1);
    }

    static Proc gateway(Path dir, int consolePort) {
        List<String> cmd = new ArrayList<>(java("holdfast.gateway.jar", dir));
        Path password = dir.resolve("console-password");
        try {
            Files.createDirectories(dir);
            Files.writeString(password, CONSOLE_PASSWORD + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        cmd.addAll(List.of("--data", dir.resolve("data").toString(), "--port", Integer.toString(consolePort), "--host",
                "127.0.0.1", "--no-shell", "--console-password-file", password.toString()));
        Proc p = new Proc("gateway", dir, cmd);
        await().atMost(Duration.ofSeconds(180)).until(() -> {
            p.alive();
            return console(consolePort, "GET", "/system/console/configMgr", null) == 200;
        });
        return p;
    }

    private static List<String> java(String jarProperty, Path dir) {
        String jar = System.getProperty(jarProperty);
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException(jarProperty + " is not built: " + jar);
        }
        return List.of(System.getProperty("java.home") + "/bin/java", "-Xmx384m",
                "-Djava.io.tmpdir=" + dir.resolve("tmp"), "-jar", jar);
    }

    /** A web console request as admin; -1 when nothing answered. */
    static int console(int port, String method, String path, String form) {
        try {
            Files.createDirectories(TARGET);
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(20)).header("Authorization", "Basic " + Base64.getEncoder()
                            .encodeToString(("admin:" + CONSOLE_PASSWORD).getBytes(StandardCharsets.UTF_8)));
            if (form != null) {
                b.header("Content-Type", "application/x-www-form-urlencoded").method(method,
                        HttpRequest.BodyPublishers.ofString(form));
            } else {
                b.method(method, HttpRequest.BodyPublishers.noBody());
            }
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
