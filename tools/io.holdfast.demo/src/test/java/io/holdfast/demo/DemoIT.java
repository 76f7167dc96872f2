package io.holdfast.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;

/**
 * {@code java -jar holdfast-demo.jar} as a user runs it, on free ports: its URLs and credentials are printed, the
 * readings of every device of the site are stored by the backend (through the gateway, over TCP, serial when socat is
 * installed, and the seed MQTT link) and the fridge's alarm opens; SIGTERM stops it and every child; a second run on
 * the same data reuses it (no new credentials, the readings count grows from the first run's).
 */
public class DemoIT {

    static final Path JAR = Path.of(System.getProperty("holdfast.demo.jar", "target/holdfast-demo.jar"));
    static final Path TARGET = Path.of(System.getProperty("holdfast.build.directory", "target"));
    static final Duration LONG = Duration.ofMinutes(5);
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** For the printed URLs, as a browser opens them (the dashboard redirects to its page). */
    static final HttpClient FOLLOW = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    static final Pattern TOKEN = Pattern.compile("admin token (hf_[0-9a-f]{12}_[A-Za-z0-9_-]+)");
    static final Pattern PID = Pattern.compile("\\(pid (\\d+)\\)");
    static final boolean SOCAT = Files.isExecutable(Path.of("/usr/bin/socat"));

    @Test
    public void runsTheSiteStopsOnSigtermAndReusesItsData() throws Exception {
        Path dir = TARGET.resolve("demo-it").resolve(Long.toString(System.nanoTime()));
        Files.createDirectories(dir);
        int api = freePort();
        List<String> args = List.of("--data", dir.resolve("data").toString(), "--api-port", Integer.toString(api),
                "--console-port", Integer.toString(freePort()), "--mqtt-port", Integer.toString(freePort()),
                "--tcp-port", Integer.toString(freePort()), "--rate", "4");
        List<String> devices = new ArrayList<>(List.of(ColdChainSite.FRIDGE, "3C:5E:00:00:00:00", "3C:5E:00:00:00:02",
                "3C:5E:00:00:00:03", "24:5E:00:00:00:00"));
        if (SOCAT) {
            devices.add(ColdChainSite.SERIAL);
        }

        Path out1 = dir.resolve("run1.txt");
        Process first = start(args, out1);
        String token;
        long readings;
        try {
            String output = awaitOutput(first, out1, "Ctrl-C stops everything");
            Matcher m = TOKEN.matcher(output);
            assertThat(m.find()).as("admin token printed:\n" + output).isTrue();
            token = m.group(1);
            assertThat(output).contains("dashboard:   http://127.0.0.1:" + api + "/dashboard", "web console: http://",
                    "user admin, password ");
            // the printed URLs answer: the dashboard's page, the console's (401 without the password)
            assertThat(status(url(output, "dashboard:   (http://\\S+)"))).isEqualTo(200);
            assertThat(status(url(output, "web console: (http://\\S+)"))).isEqualTo(401);
            String t = token;
            await().atMost(LONG).until(() -> readings(api, t).keySet().containsAll(devices)
                    && readings(api, t).values().stream().allMatch(n -> n > 0));
            await().atMost(LONG).until(() -> fridgeAlarmActive(api, t));
            readings = total(readings(api, token));
            stopAndCheck(first, out1);
        } finally {
            cleanUp(first, out1);
        }

        Path out2 = dir.resolve("run2.txt");
        Process second = start(args, out2);
        try {
            String output = awaitOutput(second, out2, "Ctrl-C stops everything");
            assertThat(output).contains("reusing the data in").doesNotContain("admin token hf_")
                    .contains("the password the first run printed");
            long before = readings;
            await().atMost(LONG).until(() -> total(readings(api, token)) > before + 20);
            assertThat(readings(api, token).keySet()).containsAll(devices);
            stopAndCheck(second, out2);
        } finally {
            cleanUp(second, out2);
        }
    }

    private static Process start(List<String> args, Path out) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toAbsolutePath().toString()));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    }

    private static String awaitOutput(Process p, Path out, String text) {
        await().atMost(LONG).pollInterval(Duration.ofMillis(200)).until(() -> {
            String s = Files.readString(out);
            if (!p.isAlive()) {
                throw new AssertionError("the demo exited with " + p.exitValue() + ":\n" + s);
            }
            return s.contains(text);
        });
        try {
            return Files.readString(out);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** SIGTERM (what Ctrl-C's shutdown hook also handles): the demo and every child it printed exit. */
    private static void stopAndCheck(Process p, Path out) throws Exception {
        List<Long> children = pids(out);
        assertThat(children).as("backend, gateway (and socat) pids printed").hasSizeGreaterThanOrEqualTo(2);
        p.toHandle().destroy();
        assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("the demo exits after SIGTERM").isTrue();
        String output = Files.readString(out);
        assertThat(output).contains("stopping the site", "stopping the gateway", "stopping the backend",
                "holdfast-demo: stopped");
        assertThat(output.indexOf("stopping the gateway")).isLessThan(output.indexOf("stopping the backend"));
        for (long pid : children) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("child " + pid + " exited")
                    .isFalse();
        }
    }

    /** After a failure: the demo stopped as a user would, then anything left of it and its children killed. */
    private static void cleanUp(Process p, Path out) throws Exception {
        if (p.isAlive()) {
            p.toHandle().destroy();
            p.waitFor(2, TimeUnit.MINUTES);
            p.destroyForcibly();
        }
        for (long pid : pids(out)) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private static List<Long> pids(Path out) throws IOException {
        List<Long> pids = new ArrayList<>();
        Matcher m = PID.matcher(Files.readString(out));
        while (m.find()) {
            pids.add(Long.parseLong(m.group(1)));
        }
        return pids;
    }

    /** Readings stored per device, from GET /devices. */
    static Map<String, Long> readings(int api, String token) throws Exception {
        Map<String, Long> out = new HashMap<>();
        for (JsonElement d : get(api, token, "/devices").getAsJsonArray("devices")) {
            JsonObject o = d.getAsJsonObject();
            out.put(o.get("id").getAsString(), o.get("readings").getAsLong());
        }
        return out;
    }

    static long total(Map<String, Long> readings) {
        return readings.values().stream().mapToLong(Long::longValue).sum();
    }

    static boolean fridgeAlarmActive(int api, String token) throws Exception {
        for (JsonElement a : get(api, token, "/alarms?state=active").getAsJsonArray("alarms")) {
            JsonObject o = a.getAsJsonObject();
            if (o.get("device").getAsString().equals(ColdChainSite.FRIDGE) && o.get("active").getAsBoolean()) {
                return true;
            }
        }
        return false;
    }

    static JsonObject get(int api, String token, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api + "/api/v1" + path))
                        .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + ": " + r.statusCode() + " " + r.body());
        }
        return JsonParser.parseString(r.body()).getAsJsonObject();
    }

    static String url(String output, String regex) {
        Matcher m = Pattern.compile(regex).matcher(output);
        assertThat(m.find()).as(regex).isTrue();
        return m.group(1);
    }

    static int status(String url) throws Exception {
        return FOLLOW.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
