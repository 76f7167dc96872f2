package io.holdfast.backend.dashboard.it;

import static org.awaitility.Awaitility.await;

import io.holdfast.testkit.HoldfastOptions;
import io.holdfast.testkit.JarProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The processes of a simulated site, each as an operator starts it ({@link JarProcess}, its output in a file under
 * target/): {@code java -jar holdfast-backend.jar}, {@code java -jar holdfast-gateway.jar}; the broker is the test
 * kit's {@code Mosquitto}.
 */
final class Site {

    static final Path TARGET = Path.of(System.getProperty("holdfast.build.directory", "target"));
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** The gateway's web console password (the gateway has no default one: it is given with a file). */
    static final String CONSOLE_PASSWORD = "it-console-password";

    private Site() {
    }

    static int freePort() {
        return HoldfastOptions.freePort();
    }

    static Path backendJar() {
        return JarProcess.jar("holdfast.backend.jar",
                Path.of("../io.holdfast.backend.runtime/target/holdfast-backend.jar"));
    }

    static Path gatewayJar() {
        return JarProcess.jar("holdfast.gateway.jar", Path.of("../../kura-deploy/target/holdfast-gateway.jar"));
    }

    /** The backend jar on the API port, with {@code --broker tcp://127.0.0.1:<mqttPort>}. */
    static JarProcess backend(Path dir, int port, int mqttPort) {
        return backend(dir, port, List.of("--broker", "tcp://127.0.0.1:" + mqttPort));
    }

    /**
     * The backend jar on the API port with its MQTT options ({@code --broker URL}, or {@code --mqtt-port N} for its
     * embedded broker), once it printed its admin token and its dashboard is connected to the broker.
     */
    static JarProcess backend(Path dir, int port, List<String> mqtt) {
        List<String> args = new ArrayList<>(List.of("--data", dir.resolve("data").toString(), "--port",
                Integer.toString(port), "--host", "127.0.0.1", "--client-id", "it-backend"));
        args.addAll(mqtt);
        JarProcess p = JarProcess.start("backend", backendJar(), dir, "384m", args);
        p.awaitOutput("holdfast-backend: hf_", Duration.ofSeconds(180));
        return p.awaitOutput("dashboard connected", Duration.ofSeconds(180));
    }

    static String adminToken(JarProcess backend) {
        Matcher m = Pattern.compile("holdfast-backend: (hf_[0-9a-f]{12}_[A-Za-z0-9_-]+)").matcher(backend.output());
        if (!m.find()) {
            throw new IllegalStateException("no admin token printed:\n" + backend.output());
        }
        return m.group(1);
    }

    /** The gateway jar with its web console on {@code consolePort}, once the console answers. */
    static JarProcess gateway(Path dir, int consolePort) {
        Path password = dir.resolve("console-password");
        try {
            Files.createDirectories(dir);
            Files.writeString(password, CONSOLE_PASSWORD + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JarProcess p = JarProcess.start("gateway", gatewayJar(), dir, "384m",
                List.of("--data", dir.resolve("data").toString(), "--port", Integer.toString(consolePort), "--host",
                        "127.0.0.1", "--no-shell", "--console-password-file", password.toString()));
        await().atMost(Duration.ofSeconds(180)).until(() -> {
            p.alive();
            return console(consolePort, "GET", "/system/console/configMgr", null) == 200;
        });
        return p;
    }

    /** A web console GET as admin: the body. */
    static String consoleBody(int port, String path) {
        try {
            HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(20))
                    .header("Authorization",
                            "Basic " + Base64.getEncoder()
                                    .encodeToString(("admin:" + CONSOLE_PASSWORD).getBytes(StandardCharsets.UTF_8)))
                    .build();
            HttpResponse<String> res = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + ": " + res.statusCode() + " " + res.body());
            }
            return res.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
