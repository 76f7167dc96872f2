package io.holdfast.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.holdfast.testkit.HoldfastOptions;
import io.holdfast.testkit.TestDirs;
import java.io.File;
import java.io.IOException;
import javax.net.ssl.SSLContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.After;
import org.junit.Test;

/**
 * The executable jar, started as a user starts it: {@code java -jar target/holdfast-gateway.jar}.
 */
public class LauncherIT {
    private static final Duration START = Duration.ofSeconds(60);
    private static final String CONSOLE_PID = "org.apache.felix.webconsole.internal.servlet.OsgiManager";
    private static final String TCP_LINK_PID = "io.holdfast.esp32.TcpLink~esp32-wifi";

    /** The console password the tests give the launcher (--console-password-file), as automation would. */
    private static final String PASSWORD = "it-" + UUID.randomUUID();
    private static final String CREDENTIALS = "admin:" + PASSWORD;
    private static final Pattern SHOWN_PASSWORD = Pattern
            .compile("web console user admin, password (\\S+) \\(shown once");

    private final List<Process> started = new ArrayList<>();

    @After
    public void killLeftovers() {
        started.forEach(Process::destroyForcibly);
    }

    @Test
    public void startsServesTheConsoleAndStopsCleanlyOnSigterm() throws Exception {
        Path data = newDataDir();
        int port = HoldfastOptions.freePort();
        Gateway g = start(data, port);

        await().atMost(START).until(() -> g.output().contains("gateway started in"));
        assertThat(ConsoleHttp.get(port, "/system/console/bundles.json", CREDENTIALS).body())
                .contains("bundles active");
        assertThat(code(port, "/system/console/bundles.json", null)).isEqualTo(401);
        assertThat(g.output()).contains("holdfast: warning: the web console listens on every interface (0.0.0.0)");

        g.process.destroy(); // SIGTERM
        assertThat(g.process.waitFor(60, TimeUnit.SECONDS)).as("stops within 60 s").isTrue();
        assertThat(g.process.exitValue()).as("exit after SIGTERM").isEqualTo(143);
        assertThat(g.output()).contains("holdfast: gateway stopped").doesNotContain(" ERROR ");
        assertThat(data.resolve("log/holdfast.log")).exists();
        String log = Files.readString(data.resolve("log/holdfast.log"));
        assertThat(log).doesNotContain("ERROR");
        // slf4j 2 found logback (through io.holdfast.slf4j.provider): Holdfast's slf4j loggers write to the one log,
        // and slf4j printed no "SLF4J(W): No SLF4J providers were found" on the terminal
        assertThat(log).containsPattern("\\] io\\.holdfast\\.\\S+ - ");
        assertThat(g.output()).doesNotContain("SLF4J");
    }

    @Test
    public void configurationSurvivesARestart() throws Exception {
        Path data = newDataDir();
        int port = HoldfastOptions.freePort();
        Gateway first = start(data, port);
        await().atMost(START).until(() -> first.output().contains("gateway started in"));
        // the OSGi Configurator creates the first-start configurations: the cloud connection and the two ESP32 links
        await().atMost(START)
                .until(() -> status(port).contains("\"id\":\"holdfast-cloud\"")
                        && status(port).contains("\"id\":\"esp32-wifi\"")
                        && status(port).contains("\"id\":\"esp32-seed-mqtt\""));

        // an operator who does not want the TCP link deletes its configuration
        int deleted = ConsoleHttp
                .post(port, "/system/console/configMgr/" + TCP_LINK_PID, CREDENTIALS, "apply=true&delete=true").code();
        assertThat(deleted).isLessThan(400);
        await().atMost(START).until(() -> !status(port).contains("\"id\":\"esp32-wifi\""));

        // what an operator does first: change the console password in Configuration
        int code = ConsoleHttp.post(port, "/system/console/configMgr/" + CONSOLE_PID, CREDENTIALS,
                "apply=true&action=ajaxConfigManager&propertylist=password&password=changed-" + port).code();
        assertThat(code).isLessThan(400);
        await().atMost(START).until(() -> code(port, "/system/console/bundles.json", "admin:changed-" + port) == 200);
        first.process.destroy();
        assertThat(first.process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        Gateway second = start(data, port);
        await().atMost(START).until(() -> second.output().contains("gateway started in"));
        await().atMost(START).until(() -> code(port, "/system/console/bundles.json", "admin:changed-" + port) == 200);
        assertThat(code(port, "/system/console/bundles.json", "admin:admin")).isEqualTo(401);
        assertThat(code(port, "/system/console/bundles.json", CREDENTIALS)).isEqualTo(401);
        assertThat(second.output()).contains("gateway started in");
        // first-start configurations are made once: the others are back, the deleted one stays deleted
        await().atMost(START).until(() -> status(port, "admin:changed-" + port).contains("\"id\":\"holdfast-cloud\"")
                && status(port, "admin:changed-" + port).contains("\"id\":\"esp32-seed-mqtt\""));
        await().during(Duration.ofSeconds(5)).atMost(START)
                .until(() -> !status(port, "admin:changed-" + port).contains("\"id\":\"esp32-wifi\""));
    }

    @Test
    public void brokerAndTcpPortFromTheCommandLineFromTheFirstActivationAndKept() throws Exception {
        Path data = newDataDir();
        int port = HoldfastOptions.freePort();
        int mqtt = HoldfastOptions.freePort(); // no broker there: the connection's status names it while it retries
        int tcp = HoldfastOptions.freePort();
        String broker = "tcp://127.0.0.1:" + mqtt;
        Gateway first = start(data, port, "--broker", broker, "--tcp-port", Integer.toString(tcp));
        await().atMost(START).until(() -> first.output().contains("gateway started in"));
        await().atMost(START).until(() -> listening(tcp));
        await().atMost(START)
                .until(() -> status(port).contains("\"id\":\"holdfast-cloud\",\"kind\":\"CLOUD\",\"state\":")
                        && status(port).contains("\"detail\":\"" + broker + " /readings/"));
        assertThat(status(port)).contains("\"detail\":\"0.0.0.0:" + tcp + "\"", broker);
        // never the shipped broker or port, not even before the Configurator applied the options
        assertThat(Files.readString(data.resolve("log/holdfast.log"))).doesNotContain(":1883").doesNotContain(":7420");
        first.process.destroy();
        assertThat(first.process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        Gateway second = start(data, port); // without the options: the last values given are kept
        await().atMost(START).until(() -> second.output().contains("gateway started in"));
        await().atMost(START).until(() -> listening(tcp));
        assertThat(status(port)).contains("\"detail\":\"" + broker + " /readings/");
        assertThat(Files.readString(data.resolve("log/holdfast.log"))).doesNotContain(":1883");
    }

    private static boolean listening(int port) {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    public void aNewDataDirectoryGetsARandomPasswordShownOnceAndKeptAsAHash() throws Exception {
        Path data = newDataDir();
        int port = HoldfastOptions.freePort();
        Gateway first = startWithoutPassword(data, port);
        await().atMost(START).until(() -> SHOWN_PASSWORD.matcher(first.output()).find());
        Matcher shown = SHOWN_PASSWORD.matcher(first.output());
        assertThat(shown.find()).isTrue();
        String password = shown.group(1);
        assertThat(password).hasSize(20).doesNotContain("admin");
        assertThat(first.output()).contains("gateway started in").contains("/system/console");

        await().atMost(START).until(() -> code(port, "/system/console/bundles.json", "admin:" + password) == 200);
        assertThat(code(port, "/system/console/bundles.json", "admin:admin")).as("admin/admin").isEqualTo(401);
        assertThat(code(port, "/system/console/bundles.json", null)).isEqualTo(401);
        String stored = Files.readString(data.resolve("etc/console-password")).strip();
        assertThat(stored).matches("\\{sha-256\\}[0-9a-f]{16}-1000-[A-Za-z0-9+/]{43}=").doesNotContain(password);
        assertThat(Files.readString(data.resolve("log/holdfast.log"))).doesNotContain(password);
        first.process.destroy();
        assertThat(first.process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        Gateway second = startWithoutPassword(data, port);
        await().atMost(START).until(() -> second.output().contains("gateway started in"));
        await().atMost(START).until(() -> code(port, "/system/console/bundles.json", "admin:" + password) == 200);
        assertThat(code(port, "/system/console/bundles.json", "admin:admin")).isEqualTo(401);
        assertThat(second.output()).as("shown once").doesNotContain(password).doesNotContain("shown once");
        assertThat(Files.readString(data.resolve("etc/console-password")).strip()).isEqualTo(stored);
    }

    @Test
    public void servesTheConsoleOverHttpsOnlyWhenAskedWithACertificateMadeOnce() throws Exception {
        Path data = newDataDir();
        int port = HoldfastOptions.freePort();
        Gateway g = start(data, port, "--https", "--host", "127.0.0.1");
        await().atMost(START).until(() -> g.output().contains("gateway started in"));
        assertThat(g.output()).contains("web console at https://127.0.0.1:" + port + "/system/console")
                .doesNotContain("warning: the web console listens on every interface");
        SSLContext tls = ConsoleHttp.trusting(data);

        await().atMost(START).until(() -> https(tls, port, "/system/console/bundles.json", CREDENTIALS) == 200);
        assertThat(https(tls, port, "/system/console/bundles.json", "admin:admin")).isEqualTo(401);
        assertThat(code(port, "/system/console/bundles.json", CREDENTIALS)).as("plain HTTP").isNotEqualTo(200);
        String keystorePassword = Files.readString(data.resolve("etc/https.password")).strip();
        assertThat(Files.readString(data.resolve("log/holdfast.log"))).doesNotContain(keystorePassword);
        byte[] keystore = Files.readAllBytes(data.resolve("etc/https.p12"));
        g.process.destroy();
        assertThat(g.process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        Gateway second = start(data, port, "--https", "--host", "127.0.0.1");
        await().atMost(START).until(() -> second.output().contains("gateway started in"));
        assertThat(Files.readAllBytes(data.resolve("etc/https.p12"))).as("the same certificate").isEqualTo(keystore);
        await().atMost(START).until(() -> https(tls, port, "/system/console/bundles.json", CREDENTIALS) == 200);
    }

    private static int https(SSLContext tls, int port, String path, String credentials) {
        return ConsoleHttp.get(tls, port, path, credentials).code();
    }

    @Test
    public void aConsolePasswordFileThatIsTooShortGivesOneLineAndExit2() throws Exception {
        Path file = Files.writeString(Files.createTempFile(TestDirs.target(), "short-password", ".txt"), "admin\n");
        Result r = runToEnd("--data", newDataDir().toString(), "--port", Integer.toString(HoldfastOptions.freePort()),
                "--console-password-file", file.toString());
        assertThat(r.code).isEqualTo(2);
        assertThat(r.output.strip()).isEqualTo(
                "holdfast: the console password in " + file + " must be at least 8 characters on its first line");
    }

    @Test
    public void aWrongCommandLineGivesOneLineAndExit2() throws Exception {
        Result r = runToEnd("--port", "http");
        assertThat(r.code).isEqualTo(2);
        assertThat(r.output.strip())
                .isEqualTo("holdfast: --port must be a number from 1 to 65535, was 'http' (see --help)");

        r = runToEnd("--frobnicate");
        assertThat(r.code).isEqualTo(2);
        assertThat(r.output.strip().lines()).hasSize(1);
    }

    @Test
    public void helpAndVersionExitZero() throws Exception {
        Result help = runToEnd("--help");
        assertThat(help.code).isZero();
        assertThat(help.output).contains("--data DIR").contains("--console-password-file FILE")
                .contains("no default password").doesNotContain("password admin");
        Result version = runToEnd("--version");
        assertThat(version.code).isZero();
        assertThat(version.output).startsWith("Holdfast gateway ");
    }

    @Test
    public void anUnusableDataDirectoryGivesOneLineAndExit3() throws Exception {
        Path file = TestDirs.target().resolve("launcher-it").resolve("a-file-" + UUID.randomUUID());
        Files.createDirectories(file.getParent());
        Files.writeString(file, "not a directory");
        Result r = runToEnd("--data", file.toString(), "--port", Integer.toString(HoldfastOptions.freePort()));
        assertThat(r.code).isEqualTo(3);
        assertThat(r.output.strip()).isEqualTo("holdfast: data directory " + file + " is a file, not a directory");

        Path underAFile = file.resolve("data");
        r = runToEnd("--data", underAFile.toString(), "--port", Integer.toString(HoldfastOptions.freePort()));
        assertThat(r.code).isEqualTo(3);
        assertThat(r.output.strip()).startsWith("holdfast: data directory " + underAFile + " is not writable");
        assertThat(r.output.strip().lines()).hasSize(1);

        Path proc = Path.of("/proc/holdfast-" + UUID.randomUUID());
        r = runToEnd("--data", proc.toString(), "--port", Integer.toString(HoldfastOptions.freePort()));
        assertThat(r.code).isEqualTo(3);
        assertThat(r.output.strip()).startsWith("holdfast: data directory " + proc + " is not writable");
    }

    @Test
    public void aDataDirectoryInUseGivesOneLineAndExit3() throws Exception {
        Path data = newDataDir();
        Gateway first = start(data, HoldfastOptions.freePort());
        await().atMost(START).until(() -> first.output().contains("gateway started in"));

        Result r = runToEnd("--data", data.toString(), "--port", Integer.toString(HoldfastOptions.freePort()));
        assertThat(r.code).isEqualTo(3);
        assertThat(r.output.strip()).isEqualTo(
                "holdfast: data directory " + data + " is in use by another Holdfast gateway; give this one --data");
    }

    @Test
    public void aPortInUseGivesOneLineAndExit4() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0));
            int port = taken.getLocalPort();
            Result r = runToEnd("--data", newDataDir().toString(), "--port", Integer.toString(port));
            assertThat(r.code).isEqualTo(4);
            assertThat(r.output.strip()).isEqualTo("holdfast: port " + port
                    + " on 0.0.0.0 is already in use; stop what uses it or choose another with --port");
        }
    }

    private record Gateway(Process process, Path log) {
        String output() throws IOException {
            return Files.readString(log);
        }
    }

    private record Result(int code, String output) {
    }

    private static Path newDataDir() throws IOException {
        Path dir = TestDirs.target().resolve("launcher-it").resolve(UUID.randomUUID().toString());
        Files.createDirectories(dir.getParent());
        return dir;
    }

    /** Starts the gateway with the tests' console password ({@link #CREDENTIALS}) and more options. */
    private Gateway start(Path data, int port, String... more) throws IOException {
        Path passwordFile = Files.createTempFile(TestDirs.target(), "console-password-", ".txt");
        Files.writeString(passwordFile, PASSWORD + "\n");
        List<String> args = new ArrayList<>(List.of("--console-password-file", passwordFile.toString()));
        args.addAll(List.of(more));
        return launch(data, port, args);
    }

    private Gateway startWithoutPassword(Path data, int port) throws IOException {
        return launch(data, port, List.of());
    }

    private Gateway launch(Path data, int port, List<String> more) throws IOException {
        Path log = Files.createTempFile(TestDirs.target(), "gateway-", ".out");
        List<String> args = new ArrayList<>(
                List.of("--data", data.toString(), "--port", Integer.toString(port), "--no-shell"));
        args.addAll(more);
        Process p = command(args.toArray(new String[0])).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        started.add(p);
        return new Gateway(p, log);
    }

    private Result runToEnd(String... args) throws Exception {
        Path log = Files.createTempFile(TestDirs.target(), "launcher-", ".out");
        Process p = command(args).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        started.add(p);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("exits").isTrue();
        return new Result(p.exitValue(), Files.readString(log));
    }

    private static ProcessBuilder command(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Djava.io.tmpdir=" + TestDirs.target().resolve("tmp"));
        cmd.add("-jar");
        cmd.add(new File(TestDirs.target().toFile(), "holdfast-gateway.jar").getAbsolutePath());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(TestDirs.target().toFile());
    }

    private static String status(int port) {
        return status(port, CREDENTIALS);
    }

    private static String status(int port, String credentials) {
        return ConsoleHttp.get(port, "/system/console/holdfast.json", credentials).body();
    }

    private static int code(int port, String path, String credentials) {
        return ConsoleHttp.get(port, path, credentials).code();
    }
}
