package io.holdfast.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.holdfast.testkit.HoldfastOptions;
import io.holdfast.testkit.TestDirs;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.After;
import org.junit.Test;

/**
 * The gateway run with every secret it knows configured: the console's HTTPS key store password, the cloud connection's
 * password and client key store password, the TCP link's TLS key store password and device tokens (one plain, one as
 * its hash). None of them may appear in the log file, the status page, the JSON status or the Configuration Status
 * page; the tokens still let their devices in, and a wrong one does not.
 */
public class SecretsIT {
    private static final Duration START = Duration.ofSeconds(90);
    private static final String CLOUD_PID = "io.holdfast.cloud.mqtt.MqttCloudEndpoint~holdfast-cloud";
    private static final String TCP_LINK_PID = "io.holdfast.esp32.TcpLink~esp32-wifi";
    private static final String PLAIN_MAC = "24:0A:C4:00:00:01";
    private static final String HASHED_MAC = "24:0A:C4:00:00:02";
    private static final String WRONG_MAC = "24:0A:C4:00:00:03";

    private final String consolePassword = "console-" + UUID.randomUUID();
    private final String cloudPassword = "cloud-pw-" + UUID.randomUUID();
    private final String cloudKeystorePassword = "cloud-ks-" + UUID.randomUUID();
    private final String linkKeystorePassword = "link-ks-" + UUID.randomUUID();
    private final String plainToken = "plain-token-" + UUID.randomUUID();
    private final String hashedToken = "hashed-token-" + UUID.randomUUID();
    private final String wrongToken = "wrong-token-" + UUID.randomUUID();
    private Process gateway;

    @After
    public void stop() {
        if (gateway != null) {
            gateway.destroyForcibly();
        }
    }

    @Test
    public void noSecretReachesTheLogOrAStatusPage() throws Exception {
        Path work = TestDirs.target().resolve("secrets-it").resolve(UUID.randomUUID().toString());
        Path data = work.resolve("data");
        Files.createDirectories(work);
        Path passwordFile = Files.writeString(work.resolve("console-password.txt"), consolePassword + "\n");
        Path cloudKeystore = keystore(work.resolve("cloud-client.p12"), cloudKeystorePassword);
        Path linkKeystore = keystore(work.resolve("tcp-link.p12"), linkKeystorePassword);
        int port = HoldfastOptions.freePort();
        int linkPort = HoldfastOptions.freePort();
        int noBroker = HoldfastOptions.freePort();

        Path out = work.resolve("gateway.out");
        gateway = new ProcessBuilder(java(), "-Djava.io.tmpdir=" + TestDirs.target().resolve("tmp"), "-jar",
                new File(TestDirs.target().toFile(), "holdfast-gateway.jar").getAbsolutePath(), "--data",
                data.toString(), "--port", Integer.toString(port), "--no-shell", "--https", "--console-password-file",
                passwordFile.toString()).directory(TestDirs.target().toFile()).redirectErrorStream(true)
                        .redirectOutput(out.toFile()).start();
        await().atMost(START).until(() -> Files.readString(out).contains("gateway started in"));
        String httpsKeystorePassword = Files.readString(data.resolve("etc/https.password")).strip();
        SSLContext tls = ConsoleHttp.trusting(data);
        String admin = "admin:" + consolePassword;
        await().atMost(START).until(() -> status(tls, port, admin).contains("\"id\":\"esp32-wifi\"")
                && status(tls, port, admin).contains("\"id\":\"holdfast-cloud\""));

        // the cloud connection tries TLS with a client key store to a port where no broker listens
        Map<String, String> cloud = new LinkedHashMap<>();
        cloud.put("broker.url", "ssl://127.0.0.1:" + noBroker);
        cloud.put("username", "gateway-user");
        cloud.put("password", cloudPassword);
        cloud.put("ssl.client.keystore", cloudKeystore.toString());
        cloud.put("ssl.client.keystore.password", cloudKeystorePassword);
        long failedBefore = count(data.resolve("log/holdfast.log"), "cannot connect");
        assertThat(configure(tls, port, admin, CLOUD_PID, cloud)).isLessThan(400);
        Map<String, String> link = new LinkedHashMap<>();
        link.put("port", Integer.toString(linkPort));
        link.put("tls.enabled", "true");
        link.put("tls.keystore.path", linkKeystore.toString());
        link.put("tls.keystore.password", linkKeystorePassword);
        link.put("auth.required", "true");
        link.put("auth.tokens", PLAIN_MAC + "=" + plainToken + "," + HASHED_MAC + "=sha256:" + sha256(hashedToken) + ","
                + WRONG_MAC + "=" + UUID.randomUUID());
        assertThat(configure(tls, port, admin, TCP_LINK_PID, link)).isLessThan(400);
        await().atMost(START).until(() -> status(tls, port, admin).contains(":" + linkPort + " TLS tokens"));

        // the tokens work: the two right ones let their devices in, the wrong one does not
        hello(linkPort, PLAIN_MAC, plainToken);
        hello(linkPort, HASHED_MAC, hashedToken);
        hello(linkPort, WRONG_MAC, wrongToken);
        await().atMost(START).until(() -> status(tls, port, admin).contains("\"deviceId\":\"" + PLAIN_MAC + "\"")
                && status(tls, port, admin).contains("\"deviceId\":\"" + HASHED_MAC + "\""));
        await().atMost(START).until(() -> Files.readString(data.resolve("log/holdfast.log")).contains("unauthorized"));
        assertThat(status(tls, port, admin)).doesNotContain("\"deviceId\":\"" + WRONG_MAC + "\"");
        // and the reconfigured cloud connection has failed at least once against the missing broker
        await().atMost(START).until(() -> count(data.resolve("log/holdfast.log"), "cannot connect") > failedBefore);

        List<String> secrets = List.of(consolePassword, httpsKeystorePassword, cloudPassword, cloudKeystorePassword,
                linkKeystorePassword, plainToken, hashedToken, wrongToken);
        Map<String, String> seen = new LinkedHashMap<>();
        seen.put("log/holdfast.log", Files.readString(data.resolve("log/holdfast.log")));
        seen.put("launcher output", Files.readString(out));
        seen.put("holdfast.json", status(tls, port, admin));
        seen.put("holdfast page", ConsoleHttp.get(tls, port, "/system/console/holdfast", admin).body());
        seen.put("configuration status",
                ConsoleHttp.get(tls, port, "/system/console/status-Configurations.txt", admin).body());
        seen.put("cloud configuration page",
                ConsoleHttp.get(tls, port, "/system/console/configMgr/" + CLOUD_PID, admin).body());
        seen.put("link configuration page",
                ConsoleHttp.get(tls, port, "/system/console/configMgr/" + TCP_LINK_PID, admin).body());
        assertThat(seen.get("configuration status")).contains(TCP_LINK_PID);
        for (Map.Entry<String, String> e : seen.entrySet()) {
            for (String secret : secrets) {
                assertThat(e.getValue()).as(e.getKey()).isNotEmpty().doesNotContain(secret);
            }
        }
        gateway.destroy();
        assertThat(gateway.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String log = Files.readString(data.resolve("log/holdfast.log"));
        for (String secret : secrets) {
            assertThat(log).as("the log after the stop").doesNotContain(secret);
        }
    }

    /** Says hello over TLS as a device would, and waits until the gateway has read it (it answers or closes). */
    private static void hello(int port, String mac, String token) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] { new AnyServer() }, null);
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            OutputStream os = s.getOutputStream();
            os.write(("{\"t\":\"hello\",\"mac\":\"" + mac + "\",\"fw\":\"0.3.1\",\"chip\":\"ESP32-WROOM\","
                    + "\"sensors\":[\"temperature\"],\"uptime\":1000,\"seq\":0,\"token\":\"" + token + "\"}\n")
                            .getBytes(StandardCharsets.UTF_8));
            os.flush();
            try {
                s.getInputStream().read();
            } catch (IOException e) {
                // closed or timed out: either way the gateway has had the hello
            }
        }
    }

    /** The devices' side: the link's certificate is the test's own self-signed one. */
    private static final class AnyServer implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    private static int configure(SSLContext tls, int port, String admin, String pid, Map<String, String> props) {
        StringBuilder form = new StringBuilder("apply=true&action=ajaxConfigManager&propertylist=")
                .append(URLEncoder.encode(String.join(",", props.keySet()), StandardCharsets.UTF_8));
        props.forEach((k, v) -> form.append('&').append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return ConsoleHttp.post(tls, port, "/system/console/configMgr/" + pid, admin, form.toString()).code();
    }

    private static String status(SSLContext tls, int port, String admin) {
        return ConsoleHttp.get(tls, port, "/system/console/holdfast.json", admin).body();
    }

    private static Path keystore(Path file, String password) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "test", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", file.toString(), "-storepass", password)
                        .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        return file;
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static long count(Path file, String text) throws IOException {
        return Files.readString(file).lines().filter(l -> l.contains(text)).count();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
