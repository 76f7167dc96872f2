package io.holdfast.e2e.bench;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
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
 * The gateway jar as a process ({@code java -Xmx.. -jar holdfast-gateway.jar --data .. --broker .. --tcp-port ..}),
 * optionally under {@code taskset -c CPUS} (the test kit's {@code JarProcess} takes no command prefix, and pinning
 * after the start would let the JVM size itself for every core), with its console's JSON status.
 */
final class GatewayProcess implements AutoCloseable {

    private static final Pattern STARTED = Pattern.compile("holdfast: gateway started in (\\d+) ms");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /** How a gateway is started. */
    record Spec(Path jar, Path data, String heap, String cpus, String broker, int tcpPort, int consolePort,
            Path passwordFile, String password) {
    }

    /** Start-up figures: the launcher's own line, and from {@code exec} to the console's first 200. */
    record Startup(long launcherMs, long firstAnswerMs) {
    }

    final Spec spec;
    private final Process process;
    private final Path output;
    private final long startNanos;

    private GatewayProcess(Spec spec, Process process, Path output, long startNanos) {
        this.spec = spec;
        this.process = process;
        this.output = output;
        this.startNanos = startNanos;
    }

    static GatewayProcess start(Spec spec, String name) throws IOException {
        Path dir = spec.data().getParent();
        Files.createDirectories(dir.resolve("tmp"));
        List<String> cmd = new ArrayList<>();
        if (spec.cpus() != null) {
            cmd.addAll(List.of("taskset", "-c", spec.cpus()));
        }
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + spec.heap(),
                "-Djava.io.tmpdir=" + dir.resolve("tmp"), "-jar", spec.jar().toString(), "--data",
                spec.data().toString(), "--port", Integer.toString(spec.consolePort()), "--host", "127.0.0.1",
                "--no-shell", "--console-password-file", spec.passwordFile().toString(), "--broker", spec.broker(),
                "--tcp-port", Integer.toString(spec.tcpPort())));
        Path out = dir.resolve(name + ".out");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        return new GatewayProcess(spec, p, out, t0);
    }

    long pid() {
        return process.pid();
    }

    String output() throws IOException {
        return Files.readString(output);
    }

    /** Waits for the launcher's line and for the console to answer; fails if the process ends. */
    Startup awaitStarted(Duration atMost) throws IOException, InterruptedException {
        long end = System.nanoTime() + atMost.toNanos();
        long launcher = -1;
        long answer = -1;
        while (launcher < 0 || answer < 0) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the gateway exited " + process.exitValue() + ": see " + output);
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException(
                        "the gateway did not start in " + atMost.toSeconds() + " s: see " + output);
            }
            if (launcher < 0) {
                Matcher m = STARTED.matcher(output());
                if (m.find()) {
                    launcher = Long.parseLong(m.group(1));
                }
            }
            if (answer < 0 && status() != null) {
                answer = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
            }
            TimeUnit.MILLISECONDS.sleep(20); // polling the console of a gateway that is starting
        }
        return new Startup(launcher, answer);
    }

    /** The console's {@code holdfast.json}, or {@code null} when it does not answer 200 (yet). */
    JsonObject status() {
        try {
            HttpRequest r = HttpRequest
                    .newBuilder(URI.create("http://127.0.0.1:" + spec.consolePort() + "/system/console/holdfast.json"))
                    .timeout(Duration.ofSeconds(5))
                    .header("Authorization",
                            "Basic " + Base64.getEncoder()
                                    .encodeToString(("admin:" + spec.password()).getBytes(StandardCharsets.UTF_8)))
                    .build();
            HttpResponse<String> res = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
            if (res.statusCode() != 200) {
                return null;
            }
            JsonElement e = JsonParser.parseString(res.body());
            return e.isJsonObject() && e.getAsJsonObject().has("backlogs") ? e.getAsJsonObject() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The store's backlog (sum of the queues' depths) the console shows, or -1 when it does not answer. */
    long backlog() {
        JsonObject s = status();
        if (s == null) {
            return -1;
        }
        long sum = 0;
        for (JsonElement q : s.getAsJsonArray("backlogs")) {
            sum += q.getAsJsonObject().get("depth").getAsLong();
        }
        return sum;
    }

    /** SIGKILL, and waits for the end. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM (the bundles stop in order), SIGKILL after 60 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
