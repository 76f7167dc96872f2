package io.holdfast.deploy.it;

import static io.holdfast.testkit.HoldfastOptions.bundleOf;
import static io.holdfast.testkit.HoldfastOptions.gatewayRuntime;
import static io.holdfast.testkit.HoldfastOptions.projectBundle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import io.holdfast.api.queue.DurableQueue;
import io.holdfast.testkit.HoldfastOptions;
import io.holdfast.testkit.HoldfastTestSupport;
import io.holdfast.testkit.Mosquitto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.eclipse.kura.KuraException;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.deploymentadmin.DeploymentAdmin;
import org.osgi.service.deploymentadmin.DeploymentPackage;

/**
 * DEPLOY-V2 end to end: a cloud-side client (plain Paho) sends requests through a test-started Mosquitto to the cloud
 * connection, whose request handler registry carries the deployment bundle's handler; packages come from an HTTP server
 * in the test and are installed by the real Felix Deployment Admin.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DeployV2IT extends HoldfastTestSupport {
    private static final String DEVICE = "gw-deploy";

    private Mosquitto broker;
    private FileServer files;
    private DeployClient cloud;
    private org.osgi.service.cm.Configuration endpoint;
    private org.osgi.service.cm.Configuration deployer;

    @Configuration
    public Option[] config() {
        Path fixtures = Fixtures.make();
        return options(
                gatewayRuntime(projectBundle(), bundleOf(KuraException.class), bundleOf(DurableQueue.class),
                        bundleOf(io.holdfast.cloud.mqtt.impl.MqttCloudEndpoint.class),
                        bundleOf(io.holdfast.store.sqlite.impl.SqliteQueue.class),
                        bundleOf(org.sqlite.SQLiteDataSource.class), bundleOf(MqttAsyncClient.class),
                        bundleOf(com.google.gson.JsonParser.class), bundleOf(com.google.protobuf.Message.class)),
                systemProperty(DeployerIT.FIXTURES).value(fixtures.toString()));
    }

    @Before
    public void connect() throws Exception {
        broker = Mosquitto.anonymous().start();
        files = new FileServer(Path.of(System.getProperty(DeployerIT.FIXTURES)));
        ConfigurationAdmin ca = service(ConfigurationAdmin.class, null);
        deployer = ca.getConfiguration("io.holdfast.deploy.Deployer", "?");
        Dictionary<String, Object> d = new Hashtable<>();
        d.put("download.allowed.prefixes",
                new String[] { files.prefix("ok"), files.prefix("cut"), files.prefix("hold") });
        d.put("download.read.timeout", 10);
        deployer.update(d);
        // the component restarts with the new configuration: wait for it, or a request may meet the old allow-list
        String okPrefix = files.prefix("ok");
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(deployerPrefixes()).contains(okPrefix));
        endpoint = ca.createFactoryConfiguration("io.holdfast.cloud.mqtt.MqttCloudEndpoint", "?");
        Dictionary<String, Object> ep = new Hashtable<>();
        ep.put("kura.service.pid", "deploy-it");
        ep.put("broker.url", broker.url());
        ep.put("client.id", DEVICE);
        ep.put("account.name", "acme");
        ep.put("payload.encoding", "SIMPLE_JSON");
        endpoint.update(ep);
        cloud = new DeployClient(broker.url(), "acme", DEVICE);
        // ready when the handler answers (a request sent before the connection subscribed is lost: send again)
        String[] id = { cloud.request("GET", "bundles", Map.of()) };
        long[] sent = { System.nanoTime() };
        await().atMost(TIMEOUT).until(() -> {
            DeployClient.Message r = cloud.reply(id[0]);
            if (r != null) {
                return "200".equals(r.metric("response.code"));
            }
            if (System.nanoTime() - sent[0] > Duration.ofSeconds(2).toNanos()) {
                id[0] = cloud.request("GET", "bundles", Map.of());
                sent[0] = System.nanoTime();
            }
            return false;
        });
    }

    @After
    public void disconnect() throws Exception {
        for (DeploymentPackage dp : service(DeploymentAdmin.class, null).listDeploymentPackages()) {
            if (!dp.getName().equals("System")) {
                dp.uninstall();
            }
        }
        Files.deleteIfExists(Path.of(context.getProperty(HoldfastOptions.DATA_DIR), "packages", "dpa.properties"));
        cloud.close();
        // release held downloads first, then wait until both components have really let go of this test's set-up:
        // Config Admin delivers the deletions on one thread, so a slow one would delay the next test's configuration
        String okPrefix = files.prefix("ok");
        files.close();
        endpoint.delete();
        deployer.delete();
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(deployerPrefixes()).doesNotContain(okPrefix));
        await().atMost(TIMEOUT)
                .until(() -> context.getAllServiceReferences(null, "(kura.service.pid=deploy-it)") == null);
        broker.close();
    }

    @Test
    public void downloadResumedVerifiedInstalledThenListedAndUninstalled() throws Exception {
        Path dp = Path.of(System.getProperty(DeployerIT.FIXTURES), "fixture_2.0.0.dp");
        String hash = "SHA-256:"
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(dp)));
        DeployClient.Message reply = call("EXEC", "download",
                Map.of("dp.uri", files.url("cut", "fixture_2.0.0.dp"), "dp.name", "fixture", "dp.version", "2.0.0",
                        "dp.download.protocol", "HTTP", "job.id", 41L, "dp.install.system.update", false,
                        "dp.download.hash", hash, "dp.download.block.size", 256));
        assertThat(reply.metric("response.code")).isEqualTo("200");
        assertThat(reply.metric("job.id")).isEqualTo("41");

        await().atMost(TIMEOUT).until(() -> last(cloud.notifications(41, "install"), "dp.install.status"),
                s -> "COMPLETED".equals(s));
        List<DeployClient.Message> download = cloud.notifications(41, "download");
        assertThat(download).extracting(m -> m.metric("dp.download.status")).startsWith("IN_PROGRESS")
                .endsWith("COMPLETED");
        List<Integer> progress = download.stream().map(m -> Integer.parseInt(m.metric("dp.download.progress")))
                .toList();
        assertThat(progress).as("progress").isSorted().contains(100).hasSizeGreaterThan(2);
        assertThat(download.get(0).metric("client.id")).isEqualTo(DEVICE);
        assertThat(download.get(0).metric("dp.name")).isEqualTo("fixture");
        assertThat(files.requests).as("the second attempt resumed").hasSize(2).last().asString()
                .startsWith("/cut/fixture_2.0.0.dp bytes=").doesNotEndWith("bytes=0-");
        assertThat(cloud.notifications(41, "install")).extracting(m -> m.metric("dp.install.status"))
                .containsExactly("IN_PROGRESS", "COMPLETED");
        assertThat(bundle("fixture.a").getVersion().toString()).isEqualTo("2.0.0");
        assertThat(bundle("fixture.a").getState()).isEqualTo(Bundle.ACTIVE);

        DeployClient.Message packages = call("GET", "packages", Map.of());
        assertThat(packages.body()).contains("<package><name>fixture</name><version>2.0.0</version><bundles>")
                .contains("<bundle><name>fixture.b</name><version>2.0.0</version><id>");
        DeployClient.Message bundles = call("GET", "bundles", Map.of());
        assertThat(bundles.body()).contains("<bundle><name>fixture.a</name><version>2.0.0</version><id>"
                + bundle("fixture.a").getBundleId() + "</id><state>ACTIVE</state></bundle>");

        long id = bundle("fixture.a").getBundleId();
        assertThat(call("EXEC", "stop/" + id, Map.of()).metric("response.code")).isEqualTo("200");
        assertThat(bundle("fixture.a").getState()).isEqualTo(Bundle.RESOLVED);
        assertThat(call("EXEC", "start/" + id, Map.of()).metric("response.code")).isEqualTo("200");
        assertThat(bundle("fixture.a").getState()).isEqualTo(Bundle.ACTIVE);
        assertThat(call("EXEC", "start/99999", Map.of()).metric("response.code")).isEqualTo("404");

        assertThat(call("EXEC", "uninstall", Map.of("dp.name", "fixture", "job.id", 42L)).metric("response.code"))
                .isEqualTo("200");
        await().atMost(TIMEOUT).until(() -> last(cloud.notifications(42, "uninstall"), "dp.uninstall.status"),
                s -> "COMPLETED".equals(s));
        assertThat(service(DeploymentAdmin.class, null).getDeploymentPackage("fixture")).isNull();
    }

    @Test
    public void hashMismatchIsRefusedAndNothingInstalled() throws Exception {
        DeployClient.Message reply = call("EXEC", "download",
                Map.of("dp.uri", files.url("ok", "fixture_1.0.0.dp"), "dp.name", "fixture", "dp.version", "1.0.0",
                        "dp.download.protocol", "HTTP", "job.id", 51L, "dp.install.system.update", false,
                        "dp.download.hash", "SHA-256:" + "0".repeat(64)));
        assertThat(reply.metric("response.code")).isEqualTo("200");
        await().atMost(TIMEOUT).until(() -> last(cloud.notifications(51, "download"), "dp.download.status"),
                s -> "FAILED".equals(s));
        DeployClient.Message failed = cloud.notifications(51, "download")
                .get(cloud.notifications(51, "download").size() - 1);
        assertThat(failed.metric("dp.download.error.message")).startsWith("hash mismatch");
        assertThat(cloud.notifications(51, "install")).isEmpty();
        assertThat(service(DeploymentAdmin.class, null).getDeploymentPackage("fixture")).isNull();
    }

    @Test
    public void badRequestsAreAnsweredWithOneLine() throws Exception {
        DeployClient.Message outside = call("EXEC", "download",
                Map.of("dp.uri", "http://127.0.0.1:1/elsewhere.dp", "dp.name", "fixture", "dp.version", "1.0.0",
                        "dp.download.protocol", "HTTP", "job.id", 61L, "dp.install.system.update", false));
        assertThat(outside.metric("response.code")).isEqualTo("400");
        assertThat(outside.metric("response.exception.message")).startsWith("download URL not allowed");
        assertThat(files.requests).isEmpty();

        DeployClient.Message missing = call("EXEC", "download", Map.of("dp.name", "fixture", "job.id", 62L));
        assertThat(missing.metric("response.code")).isEqualTo("400");
        assertThat(missing.metric("response.exception.message")).isEqualTo("missing metric dp.uri");
        assertThat(call("GET", "nothing", Map.of()).metric("response.code")).isEqualTo("404");
        assertThat(call("DEL", "download", Map.of()).metric("response.code")).as("nothing to cancel").isEqualTo("404");
    }

    @Test
    public void downloadIsCancelled() throws Exception {
        call("EXEC", "download",
                Map.of("dp.uri", files.url("hold", "fixture_1.0.0.dp"), "dp.name", "fixture", "dp.version", "1.0.0",
                        "dp.download.protocol", "HTTP", "job.id", 71L, "dp.install.system.update", false));
        await().atMost(TIMEOUT)
                .until(() -> "IN_PROGRESS".equals(call("GET", "download", Map.of()).metric("dp.download.status"))
                        && !files.requests.isEmpty());
        assertThat(call("DEL", "download", Map.of()).metric("response.code")).isEqualTo("200");
        await().atMost(TIMEOUT).until(() -> last(cloud.notifications(71, "download"), "dp.download.status"),
                s -> "CANCELLED".equals(s));
        files.release();
        assertThat(call("GET", "download", Map.of()).metric("dp.download.status")).isEqualTo("CANCELLED");
        assertThat(service(DeploymentAdmin.class, null).getDeploymentPackage("fixture")).isNull();
    }

    /**
     * After an install and after an uninstall the cloud connection publishes BIRTH and APPS again, as Kura does, on the
     * same MQTT session (no reconnect).
     */
    @Test
    public void birthAndAppsAgainAfterInstallAndUninstall() throws Exception {
        List<String> lifecycle = new java.util.concurrent.CopyOnWriteArrayList<>();
        org.eclipse.paho.client.mqttv3.MqttClient watcher = new org.eclipse.paho.client.mqttv3.MqttClient(broker.url(),
                "lifecycle-watcher", new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
        watcher.connect();
        try {
            watcher.subscribe("$EDC/acme/" + DEVICE + "/MQTT/#", 1,
                    (t, m) -> lifecycle.add(t.substring(t.lastIndexOf('/') + 1) + " "
                            + new String(m.getPayload(), java.nio.charset.StandardCharsets.UTF_8)));
            io.holdfast.api.status.StatusProvider status = service(io.holdfast.api.status.StatusProvider.class,
                    "(kura.service.pid=deploy-it)");
            long reconnects = status.status().links().get(0).reconnects();
            assertThat(lifecycle).as("nothing before the install").isEmpty();

            call("EXEC", "download",
                    Map.of("dp.uri", files.url("ok", "fixture_1.0.0.dp"), "dp.name", "fixture", "dp.version", "1.0.0",
                            "dp.download.protocol", "HTTP", "job.id", 81L, "dp.install.system.update", false));
            await().atMost(TIMEOUT).until(() -> last(cloud.notifications(81, "install"), "dp.install.status"),
                    s -> "COMPLETED".equals(s));
            await().atMost(TIMEOUT).until(() -> lifecycle.stream().anyMatch(l -> l.startsWith("BIRTH "))
                    && lifecycle.stream().anyMatch(l -> l.startsWith("APPS ")));
            assertThat(lifecycle).filteredOn(l -> l.startsWith("BIRTH ")).first().asString()
                    .contains("\"application_ids\":\"DEPLOY-V2\"");

            call("EXEC", "uninstall", Map.of("dp.name", "fixture", "job.id", 82L));
            await().atMost(TIMEOUT).until(() -> last(cloud.notifications(82, "uninstall"), "dp.uninstall.status"),
                    s -> "COMPLETED".equals(s));
            await().atMost(TIMEOUT).until(() -> lifecycle.stream().filter(l -> l.startsWith("BIRTH ")).count() == 2);
            assertThat(status.status().links().get(0).reconnects()).as("the same session").isEqualTo(reconnects);
            assertThat(lifecycle).noneMatch(l -> l.startsWith("DC ") || l.startsWith("LWT "));
        } finally {
            watcher.disconnect();
            watcher.close();
        }
    }

    private DeployClient.Message call(String method, String resource, Map<String, Object> metrics) throws Exception {
        String id = cloud.request(method, resource, metrics);
        return await().atMost(TIMEOUT).until(() -> cloud.reply(id), r -> r != null);
    }

    private static String last(List<DeployClient.Message> messages, String metric) {
        return messages.isEmpty() ? null : messages.get(messages.size() - 1).metric(metric);
    }

    /** The allow-list the running Deployer component was activated with, as its service properties show it. */
    private List<String> deployerPrefixes() throws Exception {
        ServiceReference<?>[] refs = context.getAllServiceReferences(null,
                "(component.name=io.holdfast.deploy.Deployer)");
        if (refs == null) {
            return List.of();
        }
        List<String> prefixes = new ArrayList<>();
        for (ServiceReference<?> ref : refs) {
            Object v = ref.getProperty("download.allowed.prefixes");
            if (v instanceof String[] a) {
                prefixes.addAll(Arrays.asList(a));
            } else if (v != null) {
                prefixes.add(String.valueOf(v));
            }
        }
        return prefixes;
    }
}
