package io.holdfast.backend.dashboard.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.holdfast.simulator.TcpFleet;
import io.holdfast.testkit.JarProcess;
import io.holdfast.testkit.Mosquitto;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestWatcher;
import org.junit.runner.Description;
import org.junit.runners.MethodSorters;
import org.openqa.selenium.By;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard in headless Chromium against a running site: Mosquitto, the backend jar, the gateway jar (with the
 * deployment bundle) connected to the same broker, and readings published as the gateway's ESP32 publisher does.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class DashboardBrowserIT {

    static final String GW = "site-gw-1";
    static final Duration WAIT = Duration.ofSeconds(60);
    static Path dir;
    static Mosquitto mosquitto;
    static JarProcess backend;
    static JarProcess gateway;
    static final String CLOUD_PID = "io.holdfast.cloud.mqtt.MqttCloudEndpoint~holdfast-cloud";
    static int port;
    static int mqtt;
    static int console;
    static int tcp;
    static String token;
    static MqttClient sim;
    static Browser browser;
    static long seq = 1;

    @BeforeClass
    public static void startSite() throws Exception {
        dir = Site.TARGET.resolve("it").resolve(Long.toString(System.nanoTime()));
        mosquitto = Mosquitto.anonymous().start();
        mqtt = mosquitto.port;
        port = Site.freePort();
        backend = Site.backend(dir.resolve("backend"), port, mqtt);
        token = Site.adminToken(backend);
        console = Site.freePort();
        gateway = Site.gateway(dir.resolve("gateway"), console);
        // the gateway's cloud connection to the test broker, and downloads allowed from this backend only
        assertThat(Fixtures.configure(console, CLOUD_PID, cloud(Map.of()))).isBetween(200, 399);
        assertThat(Fixtures.configure(console, "io.holdfast.deploy.Deployer",
                Map.of("download.allowed.prefixes", "http://127.0.0.1:" + port + "/dashboard/dp/"))).isBetween(200,
                        399);
        tcp = Site.freePort();
        Fixtures.configure(console, "io.holdfast.esp32.TcpLink~esp32-wifi",
                Map.of("kura.service.pid", "esp32-wifi", "port", Integer.toString(tcp)));
        await().atMost(WAIT).until(() -> Fixtures.api(port, token, "GET", "/gateways", null)[1]
                .contains("\"clientId\":\"" + GW + "\",\"account\":\"holdfast\",\"online\":true"));

        sim = new MqttClient("tcp://127.0.0.1:" + mqtt, "it-site-sim", new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setMaxInflight(1000);
        sim.connect(o);
        long now = System.currentTimeMillis();
        for (int i = 50; i >= 1; i--) {
            long ts = now - i * 60_000L;
            boolean silence = i >= 20 && i < 30; // fridge-01 was silent for ten minutes: a gap
            boolean warm = i >= 8 && i < 14; // and above 8 °C for six minutes: an excursion
            if (!silence) {
                Fixtures.publish(sim, GW, "fridge-01", seq, ts, warm ? 9.1 + (i % 3) * 0.3 : 4.0 + Math.sin(i / 4.0),
                        -58 - i % 5);
            }
            Fixtures.publish(sim, GW, "fridge-02", seq, ts, 3.5 + Math.cos(i / 5.0) * 0.6, -71);
            Fixtures.publish(sim, GW, "freezer-01", seq, ts, -19.5 + Math.sin(i / 3.0), -66);
            seq++;
        }
        // and a week of history of fridge-01 before that, every 20 min: a twelve-hour silence and a warm afternoon
        for (int i = 7 * 72; i > 4; i--) {
            long ts = now - 65 * 60_000L - i * 20 * 60_000L;
            boolean silence = i > 4 * 72 && i <= 4 * 72 + 36;
            boolean warm = i > 2 * 72 && i <= 2 * 72 + 9;
            if (!silence) {
                Fixtures.publish(sim, GW, "fridge-01", 100_000 + i, ts,
                        warm ? 8.6 + (i % 4) * 0.4 : 4.2 + 1.1 * Math.sin(i / 9.0) + (i % 5) * 0.15, -60);
            }
        }
        await().atMost(WAIT).until(() -> Fixtures.api(port, token, "GET", "/devices", null)[1].contains("freezer-01")
                && Fixtures.api(port, token, "GET", "/devices/fridge-01", null)[1]
                        .contains("\"readings\":" + (40 + 7 * 72 - 4 - 36))
                && Fixtures.api(port, token, "GET", "/devices/freezer-01", null)[1].contains("\"readings\":50"));
        assertThat(Fixtures.api(port, token, "POST", "/alarm-rules",
                "{\"device\":\"fridge-01\",\"metric\":\"temperature\","
                        + "\"kind\":\"ABOVE\",\"threshold\":8,\"hysteresis\":0.5,\"durationSeconds\":300,\"enabled\":true}")[0])
                                .isEqualTo("201");
        browser = new Browser(dir.resolve("chromium-profile"));
    }

    @AfterClass
    public static void stopSite() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (sim != null && sim.isConnected()) {
            sim.disconnect();
        }
        for (AutoCloseable p : new AutoCloseable[] { gateway, backend, mosquitto }) {
            if (p != null) {
                p.close();
            }
        }
    }

    @Rule
    public TestWatcher failures = new TestWatcher() {
        @Override
        protected void failed(Throwable e, Description d) {
            if (browser != null) {
                browser.screenshot("failed-" + d.getMethodName());
                System.out.println("page at failure of " + d.getMethodName() + ": " + browser.driver.getCurrentUrl()
                        + "\n" + browser.driver.findElement(By.tagName("body")).getText() + "\nconsole: "
                        + browser.consoleMessages());
            }
        }
    };

    static String url(String path) {
        return "http://127.0.0.1:" + port + "/dashboard" + path;
    }

    static WebElement waitFor(By by) {
        return await().atMost(WAIT).ignoreExceptions().until(() -> browser.driver.findElement(by),
                e -> e.isDisplayed());
    }

    static void login() {
        browser.driver.get(url("/"));
        if (browser.driver.getCurrentUrl().endsWith("/login")) {
            waitFor(By.id("token")).sendKeys(token);
            browser.driver.findElement(By.id("login-button")).click();
        }
        waitFor(By.id("who"));
        await().atMost(WAIT).until(() -> browser.driver.findElement(By.id("who")).getText().contains("admin"));
    }

    @Test
    public void a_nothingIsServedWithoutALogin() throws Exception {
        browser.driver.get(url("/"));
        assertThat(browser.driver.getCurrentUrl()).endsWith("/dashboard/login");
        for (String path : List.of("/assets/app.js", "/assets/core.js", "/api/devices", "/events", "/session")) {
            HttpResponse<String> r = Site.HTTP.send(HttpRequest.newBuilder(URI.create(url(path))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path).isEqualTo(401);
            assertThat(r.body()).doesNotContain("HF.pages");
        }
        HttpResponse<String> page = Site.HTTP.send(HttpRequest.newBuilder(URI.create(url("/login"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("script-src 'self'")
                .contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(page.body()).doesNotContain("<script>").doesNotContain("onclick=").doesNotContain("style=");

        waitFor(By.id("token")).sendKeys("hf_000000000000_not-a-real-token");
        browser.driver.findElement(By.id("login-button")).click();
        assertThat(waitFor(By.id("login-error")).getText()).contains("refused");
        assertThat(browser.driver.manage().getCookieNamed("hf_session")).isNull();
        browser.screenshot("login");
    }

    @Test
    public void b_theOverviewShowsTheSite() throws Exception {
        login();
        assertThat(browser.driver.manage().getCookieNamed("hf_session").isHttpOnly()).isTrue();
        waitFor(By.cssSelector("tr[data-device='freezer-01']"));
        assertThat(browser.driver.findElement(By.cssSelector("#count-devices .num")).getText()).isEqualTo("3");
        assertThat(browser.driver.findElement(By.cssSelector("#count-gateways .num")).getText()).isEqualTo("1 / 1");
        WebElement row = browser.driver.findElement(By.cssSelector("tr[data-device='fridge-02']"));
        assertThat(row.getText()).contains("Online").contains("site-gw-1").contains("-71 dBm");
        // search and filter
        browser.driver.findElement(By.id("search")).sendKeys("fridge");
        await().atMost(WAIT).until(() -> browser.driver.findElements(By.cssSelector("tr[data-device]")).size() == 2);
        browser.driver.findElement(By.id("search")).clear();
        browser.driver.findElement(By.id("search")).sendKeys(" ");
        await().atMost(WAIT).until(() -> browser.driver.findElements(By.cssSelector("tr[data-device]")).size() == 3);
        waitFor(By.cssSelector("#live.on"));
        browser.screenshot("overview");

        browser.driver.manage().window().setSize(new Dimension(390, 844));
        browser.driver.navigate().refresh();
        waitFor(By.cssSelector("tr[data-device='freezer-01']"));
        browser.screenshot("overview-phone");
        browser.driver.manage().window().setSize(new Dimension(1366, 1000));
    }

    @Test
    public void c_aDeviceChartShowsHistoryAndALiveReading() throws Exception {
        login();
        browser.driver.get(url("/#/device/fridge-01"));
        WebElement chart = waitFor(By.cssSelector("#chart canvas"));
        assertThat(chart).isNotNull();
        await().atMost(WAIT)
                .until(() -> "40".equals(browser.driver.findElement(By.id("chart")).getAttribute("data-points")));
        assertThat(browser.driver.findElement(By.id("chart-note")).getText()).contains("40 readings");
        assertThat(browser.driver.findElement(By.id("csv")).getAttribute("href"))
                .contains("readings.csv?metric=temperature");
        waitFor(By.cssSelector("#live.on"));
        Fixtures.publish(sim, GW, "fridge-01", seq++, System.currentTimeMillis(), 5.55, -60);
        await().atMost(WAIT)
                .until(() -> "5.55".equals(browser.driver.findElement(By.id("chart")).getAttribute("data-last-value")));
        assertThat(browser.driver.findElement(By.id("chart")).getAttribute("data-points")).isEqualTo("41");
        browser.screenshot("device");

        browser.driver.findElement(By.cssSelector("button[data-range='7d']")).click();
        await().atMost(WAIT)
                .until(() -> browser.driver.findElement(By.id("chart-note")).getText().contains("hour buckets"));
        browser.screenshot("device-week");
        assertThat(browser.consoleMessages()).noneMatch(m -> m.contains("Content Security Policy"));
    }

    @Test
    public void d_anAlarmIsAcknowledgedWithAComment() throws Exception {
        String rules = Fixtures.api(port, token, "GET", "/alarm-rules?device=fridge-01", null)[1];
        long ruleId = Long.parseLong(rules.replaceAll("(?s).*\"id\":(\\d+).*", "$1"));
        long alarmId;
        // written through the store's database, so that the test need not wait out a rule's duration
        try (Connection c = DriverManager
                .getConnection("jdbc:sqlite:" + dir.resolve("backend/data/backend/holdfast.db"));
                PreparedStatement p = c.prepareStatement(
                        "INSERT INTO alarms (rule_id, device, metric, kind, started_at, peak) VALUES (?, 'fridge-01', 'temperature', 'ABOVE', ?, 9.7)",
                        java.sql.Statement.RETURN_GENERATED_KEYS)) {
            p.setLong(1, ruleId);
            p.setLong(2, System.currentTimeMillis() - 6 * 60_000);
            p.executeUpdate();
            try (ResultSet rs = p.getGeneratedKeys()) {
                rs.next();
                alarmId = rs.getLong(1);
            }
        }
        login();
        browser.driver.get(url("/#/alarms"));
        By form = By.cssSelector("form[data-alarm='" + alarmId + "']");
        waitFor(form);
        await().atMost(WAIT).until(() -> browser.driver.findElement(By.id("alarm-count")).getText().equals("1"));
        // the list re-renders on live events: what is typed must survive that
        browser.driver.findElement(form).findElement(By.className("ack-comment"))
                .sendKeys("Door was left open; closed it, product checked");
        browser.screenshot("alarms-open");
        await().atMost(WAIT).ignoreExceptions().until(() -> {
            browser.driver.findElement(form).findElement(By.className("ack-button")).click();
            return true;
        });
        new Select(waitFor(By.id("alarm-filter"))).selectByValue("all");
        await().atMost(WAIT)
                .until(() -> browser.driver.findElement(By.cssSelector("tr[data-alarm-row='" + alarmId + "']"))
                        .getText().contains("Acknowledged"));
        assertThat(Fixtures.api(port, token, "GET", "/alarms", null)[1]).contains("Door was left open")
                .contains("\"ackBy\":\"first-start admin");
        browser.screenshot("alarms");

        browser.driver.get(url("/#/audit"));
        assertThat(waitFor(By.id("audit-verify")).getText()).contains("Chain verified");
        assertThat(browser.driver.findElement(By.id("audit")).getText()).contains("alarm.ack")
                .contains("dashboard.login").contains("dashboard.login.refused");
        browser.screenshot("audit");
    }

    @Test
    public void e_aPackageIsDeployedToTheGatewayAndUninstalled() throws Exception {
        Path dp = Fixtures.deploymentPackage(dir.resolve("packages"), "io.holdfast.it.hello", "1.0.0");
        login();
        browser.driver.get(url("/#/deploy"));
        waitFor(By.id("dp-file")).sendKeys(dp.toAbsolutePath().toString());
        browser.driver.findElement(By.id("upload")).click();
        WebElement install = waitFor(By.cssSelector("tr[data-package] button.install"));
        new Select(browser.driver.findElement(By.id("gateway"))).selectByValue(GW);
        install.click();
        await().atMost(Duration.ofSeconds(120))
                .until(() -> browser.driver
                        .findElements(By.cssSelector("tr[data-job][data-phase='install'][data-status='COMPLETED']"))
                        .size() == 1);
        await().atMost(WAIT).until(
                () -> browser.driver.findElement(By.id("gateway-packages")).getText().contains("io.holdfast.it.hello"));
        assertThat(browser.driver.findElement(By.id("gw-bundles")).getText()).contains("io.holdfast.it.hello.bundle");
        browser.screenshot("deploy");

        // the uninstall's job row ends COMPLETED. A small package is uninstalled in milliseconds, so the gateway's
        // COMPLETED notification can reach the page (live events, on a stream already open) before the answer to the
        // POST that requested it (status REQUESTED), which must not take the row back: the browser's network latency
        // makes that order certain here
        ChromiumNetworkConditions slow = new ChromiumNetworkConditions();
        slow.setLatency(Duration.ofMillis(2500));
        browser.driver.setNetworkConditions(slow);
        try {
            browser.driver.findElement(By.cssSelector("tr[data-gw-package='io.holdfast.it.hello'] button")).click();
            browser.driver.switchTo().alert().accept();
            await().atMost(WAIT).until(() -> browser.driver.findElements(By.cssSelector("tr[data-job]")).size() == 2);
            // COMPLETED, and still COMPLETED after the POST's answer has come (longer than the latency)
            await().atMost(WAIT).during(Duration.ofSeconds(4))
                    .until(() -> browser.driver
                            .findElements(
                                    By.cssSelector("tr[data-job][data-phase='uninstall'][data-status='COMPLETED']"))
                            .size() == 1);
        } finally {
            browser.driver.deleteNetworkConditions();
        }
        // asked once (the page asks again by itself after a finished job): a click at every poll would clear the list
        // before the gateway's answer could fill it
        browser.driver.findElement(By.id("refresh-gateway")).click();
        await().atMost(WAIT).ignoreExceptions().until(() -> browser.driver.findElement(By.id("gw-packages")).getText()
                .contains("No deployment package installed"));
        String audit = Fixtures.api(port, token, "GET", "/audit?limit=1000", null)[1];
        assertThat(audit).contains("deploy.upload").contains("deploy.install").contains("deploy.uninstall")
                .contains("deploy.list");
        assertThat(Fixtures.api(port, token, "GET", "/audit/verify", null)[1]).contains("\"ok\":true");
    }

    @Test
    public void f_aChangeWithoutTheCsrfTokenIsRefused() throws Exception {
        login();
        String cookie = "hf_session=" + browser.driver.manage().getCookieNamed("hf_session").getValue();
        HttpResponse<String> r = Site.HTTP.send(HttpRequest.newBuilder(URI.create(url("/api/alarm-rules")))
                .header("Cookie", cookie).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"device\":\"x\",\"metric\":\"t\",\"kind\":\"ABOVE\","
                        + "\"threshold\":1,\"hysteresis\":0,\"durationSeconds\":0,\"enabled\":true}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).contains("csrf");
        assertThat(Fixtures.api(port, token, "GET", "/alarm-rules?device=x", null)[1]).contains("\"rules\":[]");
        // logging out ends the session on the server
        browser.driver.findElement(By.id("logout")).click();
        await().atMost(WAIT).until(() -> browser.driver.getCurrentUrl().endsWith("/login"));
        HttpResponse<String> after = Site.HTTP.send(
                HttpRequest.newBuilder(URI.create(url("/session"))).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(after.statusCode()).isEqualTo(401);
    }

    /** The gateway's cloud connection to the test broker as client GW, with {@code extra} properties. */
    static Map<String, String> cloud(Map<String, String> extra) {
        Map<String, String> m = new HashMap<>(
                Map.of("kura.service.pid", "holdfast-cloud", "broker.url", "tcp://127.0.0.1:" + mqtt, "client.id", GW,
                        "account.name", "holdfast", "DurableQueue.target", "(holdfast.queue.name=default)"));
        m.putAll(extra);
        return m;
    }

    @Test
    public void g_theOverviewShowsTheBacklogTheGatewayReports() throws Exception {
        // the cloud connection sends one reading and holds the others (a rate limit of one per 10 000 s), and reports
        // its store's backlog every second
        long t0 = System.currentTimeMillis();
        assertThat(Fixtures.configure(console, CLOUD_PID,
                cloud(Map.of("rate.limit", "0.0001", "rate.limit.burst", "1", "status.interval.seconds", "1"))))
                        .isBetween(200, 399);
        await().atMost(WAIT).until(() -> backlog().map(b -> b.get("reportedAt").getAsLong() > t0).orElse(false));
        TcpFleet fleet = new TcpFleet(TcpFleet.Options.simple("127.0.0.1", tcp, 2, 10));
        long acked;
        try {
            fleet.start();
            await().atMost(WAIT).until(() -> fleet.acked() >= 40);
            fleet.pause();
            await().atMost(WAIT).until(() -> fleet.unacked() == 0);
            acked = fleet.acked();
        } finally {
            fleet.close();
        }
        // every acked reading is stored and all but the first (the burst) wait: the gateway's own status page says so,
        // and the backend reports that exact number
        long expected = acked - 1;
        await().atMost(WAIT).until(() -> gatewayDepth() == expected);
        await().atMost(WAIT).until(() -> backlog().map(b -> b.get("messages").getAsLong() == expected).orElse(false));
        login();
        By cell = By.cssSelector("td[data-backlog='" + GW + "']");
        await().atMost(WAIT).until(() -> browser.driver.findElement(cell).getText().startsWith(expected + "\n"));
        assertThat(browser.driver.findElement(cell).getText()).contains("oldest").contains("reported");
        browser.screenshot("overview");
        assertThat(Fixtures.configure(console, CLOUD_PID, cloud(Map.of()))).isBetween(200, 399);
    }

    /** The backlog GET /gateways reports for GW, if any. */
    static Optional<JsonObject> backlog() throws Exception {
        JsonObject body = JsonParser.parseString(Fixtures.api(port, token, "GET", "/gateways", null)[1])
                .getAsJsonObject();
        for (JsonElement g : body.getAsJsonArray("gateways")) {
            JsonObject o = g.getAsJsonObject();
            if (o.get("clientId").getAsString().equals(GW) && o.get("backlog").isJsonObject()) {
                return Optional.of(o.getAsJsonObject("backlog"));
            }
        }
        return Optional.empty();
    }

    /** The depth of the gateway's default queue, from its web console's holdfast.json. */
    static long gatewayDepth() {
        JsonObject status = JsonParser.parseString(Site.consoleBody(console, "/system/console/holdfast.json"))
                .getAsJsonObject();
        for (JsonElement q : status.getAsJsonArray("backlogs")) {
            if (q.getAsJsonObject().get("name").getAsString().equals("default")) {
                return q.getAsJsonObject().get("depth").getAsLong();
            }
        }
        throw new IllegalStateException("no queue default in " + status);
    }
}
