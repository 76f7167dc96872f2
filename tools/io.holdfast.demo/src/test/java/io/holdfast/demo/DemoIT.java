package io.holdfast.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Test;

/**
 * {@code java -jar holdfast-demo.jar} as a user runs it, on free ports: its URLs and credentials are printed, the
 * readings of every ESP32 gateway device and of every sensor node it relays are stored by the backend under their own
 * ids (through the gateway, over TCP, serial when socat is installed, and the seed MQTT link) and the fridge node's
 * alarm opens; SIGTERM stops it and every child, after the gateway acknowledged every reading of every device and node
 * (the exact seq ranges it prints are then all stored); a second run on the same data reuses it (no new credentials)
 * and, with the serial link's configuration deleted between the runs, adds it again: the serial device's and its nodes'
 * readings of the second run are stored too.
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
    /** A device's or node's line at the stop: what it sent in this run, and what is left unacknowledged. */
    static final Pattern SENT = Pattern
            .compile("holdfast-demo: site: (\\S+) (\\S+) seq (\\d+) to (\\d+), (\\d+) unacknowledged");
    static final String SEED = "24:5E:00:00:00:00";
    static final boolean SOCAT = Files.isExecutable(Path.of("/usr/bin/socat"));

    @Test
    public void runsTheSiteStopsOnSigtermAndReusesItsData() throws Exception {
        Path dir = TARGET.resolve("demo-it").resolve(Long.toString(System.nanoTime()));
        Files.createDirectories(dir);
        int api = freePort();
        List<String> args = List.of("--data", dir.resolve("data").toString(), "--api-port", Integer.toString(api),
                "--console-port", Integer.toString(freePort()), "--mqtt-port", Integer.toString(freePort()),
                "--tcp-port", Integer.toString(freePort()), "--rate", "4");
        // the three TCP devices, the nodes they relay, the seed device; the serial device and its two nodes
        List<String> devices = new ArrayList<>(List.of("A4:5E:00:00:00:00", "A4:5E:00:00:00:01", "A4:5E:00:00:00:02",
                "3C:5E:00:00:00:00", ColdChainSite.FRIDGE, "3C:5E:00:00:00:02", "3C:5E:00:00:00:03",
                "3C:5E:00:00:00:04", "3C:5E:00:00:00:05", "3C:5E:00:00:00:06", SEED));
        List<String> serial = List.of(ColdChainSite.SERIAL, "3C:5E:00:00:00:07", "3C:5E:00:00:00:08");
        if (SOCAT) {
            devices.addAll(serial);
        }
        Path passwordFile = dir.resolve("data").resolve(GatewayConsole.PASSWORD_FILE);

        Path out1 = dir.resolve("run1.txt");
        Process first = start(args, out1);
        String token;
        Map<String, long[]> sent1;
        long seed1;
        try {
            String output = awaitOutput(first, out1, "Ctrl-C stops everything");
            Matcher m = TOKEN.matcher(output);
            assertThat(m.find()).as("admin token printed:\n" + output).isTrue();
            token = m.group(1);
            assertThat(output).contains("dashboard:   http://127.0.0.1:" + api + "/dashboard", "web console: http://",
                    "user admin, password " + Files.readAllLines(passwordFile).get(0) + " (kept in " + passwordFile);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile)))
                    .as("the console password file is the owner's only").isEqualTo("rw-------");
            if (SOCAT) {
                assertThat(output)
                        .contains("serial link esp32-serial on " + dir.resolve("data/pty/gateway") + " added");
            }
            // the printed URLs answer: the dashboard's page, the console's (401 without the password)
            assertThat(status(url(output, "dashboard:   (http://\\S+)"))).isEqualTo(200);
            assertThat(status(url(output, "web console: (http://\\S+)"))).isEqualTo(401);
            String t = token;
            await().atMost(LONG).until(() -> readings(api, t).keySet().containsAll(devices)
                    && readings(api, t).values().stream().allMatch(n -> n > 0));
            await().atMost(LONG).until(() -> fridgeAlarmActive(api, t));
            // a relayed node's readings are the node's: its relay reports its own signal strength only
            assertThat(get(api, token, "/devices/A4:5E:00:00:00:01/latest").getAsJsonObject("metrics").keySet())
                    .contains("rssi").doesNotContain("temperature");
            assertThat(
                    get(api, token, "/devices/" + ColdChainSite.FRIDGE + "/latest").getAsJsonObject("metrics").keySet())
                            .contains("temperature").doesNotContain("rssi");
            seed1 = readings(api, token).get(SEED);
            sent1 = stopAndCheck(first, out1, devices);
        } finally {
            cleanUp(first, out1);
        }
        // an operator deletes the serial link's configuration while the gateway is stopped
        Path serialLinks = dir.resolve("data/gateway/config/io/holdfast/esp32/SerialLink");
        if (SOCAT) {
            try (var files = Files.list(serialLinks)) {
                List<Path> configs = files.toList();
                assertThat(configs).hasSize(1);
                assertThat(Files.readString(configs.get(0))).contains("kura.service.pid=\"esp32-serial\"");
                for (Path c : configs) {
                    Files.delete(c);
                }
            }
        }

        Path out2 = dir.resolve("run2.txt");
        Process second = start(args, out2);
        try {
            String output = awaitOutput(second, out2, "Ctrl-C stops everything");
            assertThat(output).contains("reusing the data in").doesNotContain("admin token hf_")
                    .doesNotContain("user admin, password ").contains("user admin, the password in " + passwordFile)
                    .contains("site: " + sent1.size() + " devices and nodes continue their seq from the last run");
            if (SOCAT) {
                assertThat(output)
                        .contains("serial link esp32-serial on " + dir.resolve("data/pty/gateway") + " added");
            }
            // every reading of the first run is stored, each device's and node's exact seq range (what the gateway
            // acknowledged and had not delivered yet when it stopped arrives now)
            for (Map.Entry<String, long[]> e : sent1.entrySet()) {
                long[] range = e.getValue();
                await().atMost(LONG)
                        .untilAsserted(() -> assertThat(seqs(api, token, e.getKey(), range[0], range[1]))
                                .as(e.getKey() + " seq " + range[0] + " to " + range[1] + " stored")
                                .hasSize((int) (range[1] - range[0] + 1)));
            }
            // the readings of this run, over every link: the serial link's configuration was made again
            for (Map.Entry<String, long[]> e : sent1.entrySet()) {
                await(e.getKey() + " readings of the second run stored").atMost(LONG)
                        .until(() -> !seqs(api, token, e.getKey(), e.getValue()[1] + 1, Long.MAX_VALUE).isEmpty());
            }
            await().atMost(LONG).until(() -> readings(api, token).get(SEED) > seed1 + 5);
            Map<String, long[]> sent2 = stopAndCheck(second, out2, devices);
            // each device and node continued its seq where the first run stopped, as firmware keeps it in flash
            for (Map.Entry<String, long[]> e : sent2.entrySet()) {
                assertThat(e.getValue()[0]).as(e.getKey() + " first seq of the second run")
                        .isEqualTo(sent1.get(e.getKey())[1] + 1);
            }
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

    /**
     * SIGTERM (what Ctrl-C's shutdown hook also handles): the demo and every child it printed exit, after the gateway
     * acknowledged every reading of every device and node.
     *
     * @return what each device and node (the seed device excepted) sent in this run, its first and last seq
     */
    private static Map<String, long[]> stopAndCheck(Process p, Path out, List<String> devices) throws Exception {
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
        assertThat(output).contains("site: every reading acknowledged");
        Map<String, long[]> sent = new HashMap<>();
        Matcher m = SENT.matcher(output);
        while (m.find()) {
            assertThat(m.group(5)).as(m.group(1) + " unacknowledged at the stop").isEqualTo("0");
            sent.put(m.group(1), new long[] { Long.parseLong(m.group(3)), Long.parseLong(m.group(4)) });
        }
        List<String> esp32 = devices.stream().filter(d -> !d.equals(SEED)).toList();
        assertThat(sent.keySet()).as("every ESP32 device and node reported").containsExactlyInAnyOrderElementsOf(esp32);
        return sent;
    }

    /** The seqs the backend stores for {@code device} from {@code from} to {@code to}, all pages. */
    static Set<Long> seqs(int api, String token, String device, long from, long to) throws Exception {
        Set<Long> out = new TreeSet<>();
        String cursor = null;
        do {
            JsonObject page = get(api, token, "/devices/" + device + "/readings?limit=1000"
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            for (JsonElement r : page.getAsJsonArray("readings")) {
                long seq = r.getAsJsonObject().get("seq").getAsLong();
                if (seq >= from && seq <= to) {
                    out.add(seq);
                }
            }
            JsonElement next = page.get("next");
            cursor = next == null || next.isJsonNull() ? null : next.getAsString();
        } while (cursor != null);
        return out;
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
