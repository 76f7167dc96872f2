package io.holdfast.sensor.pt100.it;

import static io.holdfast.testkit.HoldfastOptions.bundleOf;
import static io.holdfast.testkit.HoldfastOptions.freePort;
import static io.holdfast.testkit.HoldfastOptions.gatewayRuntime;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.ops4j.pax.exam.CoreOptions.options;

import io.holdfast.testkit.HoldfastOptions;
import io.holdfast.testkit.HoldfastTestSupport;
import io.holdfast.testkit.Mosquitto;
import io.holdfast.testkit.TestDirs;
import java.io.File;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;

/**
 * The PT100 codec installed, updated and removed on a running gateway while devices send {@code pt100} readings through
 * the real driver, cloud connection, SQLite store and a Mosquitto broker to an independent subscriber:
 * <ol>
 * <li>without the bundle, readings are published raw ({@code ma}) and flagged UNDECODED;</li>
 * <li>installed: in Cel, 12 mA on the default -50..150 °C loop is 50 °C; the node with a calibration (+0.5 °C, due in
 * the past) gets 50.5 °C and {@code suspect=calibration.overdue};</li>
 * <li>updated (Bundle.update to a second jar, version 0.1.1, whose loop range defaults to -50..250 °C): 100 °C; while
 * the update stops and starts the bundle no codec is registered, and the readings of that moment are published raw and
 * flagged UNDECODED (not lost);</li>
 * <li>uninstalled: raw again.</li>
 * </ol>
 * The subscriber's (device, seq) set equals the sent set with no duplicate, each device's readings go through the
 * phases in seq order, and no other bundle or component restarts.
 * <p>
 * The probe uses no package of the PT100 bundle (it exports none), so updating it never refreshes the probe.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class Pt100HotSwapIT extends HoldfastTestSupport {

    private static final String PT100 = "io.holdfast.sensor.pt100";
    private static final String PUBLISHER_PID = "pt100-it-publisher";
    private static final String CALIBRATED = "3C:71:BF:00:00:00";
    private static final Pattern SOURCE = Pattern.compile("\"source\":\"([^\"]+)\"");
    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");
    private static final Pattern FLAGS = Pattern.compile("\"flags\":\"([^\"]*)\"");
    private static final Pattern TEMPERATURE = Pattern.compile("\"temperature\":(-?[0-9.]+)");
    private static final Pattern SUSPECT = Pattern.compile("\"suspect\":\"([^\"]*)\"");

    enum Phase {
        RAW, V1, GAP, V2, RAW_AGAIN
    }

    record Received(String id, String source, long seq, String phase) {
    }

    @Configuration
    public Option[] config() {
        return options(gatewayRuntime(bundles()));
    }

    /** The gateway bundles the test runs with: the driver, calibrations, cloud connection and store; not PT100. */
    static Option[] bundles() {
        return options(bundleOf(io.holdfast.api.reading.Reading.class), bundleOf(org.eclipse.kura.KuraException.class),
                bundleOf(com.fazecast.jSerialComm.SerialPort.class),
                bundleOf(org.eclipse.paho.client.mqttv3.MqttClient.class),
                bundleOf(io.holdfast.esp32.impl.Esp32Driver.class), bundleOf(com.google.gson.Gson.class),
                bundleOf(io.holdfast.sensor.calibration.impl.SensorCalibration.class),
                bundleOf(io.holdfast.store.sqlite.impl.SqliteQueue.class), bundleOf(org.sqlite.SQLiteDataSource.class),
                bundleOf(io.holdfast.cloud.mqtt.impl.MqttCloudEndpoint.class),
                bundleOf(com.google.protobuf.Message.class));
    }

    @Test
    public void installUpdateUninstallWhileReadingsFlow() throws Exception {
        assertThat(bundleNamed(PT100)).as("the PT100 bundle is not provisioned").isNull();
        Mosquitto broker = Mosquitto.anonymous().start();
        int brokerPort = broker.port;
        List<org.osgi.service.cm.Configuration> configs = new ArrayList<>();
        ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
        List<TcpSensorNode> nodes = new ArrayList<>();
        MqttClient sub = null;
        try {
            String url = broker.url();
            List<Received> received = new CopyOnWriteArrayList<>();
            sub = new MqttClient(url, "backend-" + brokerPort, new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(true);
            o.setMaxInflight(1000);
            sub.connect(o);
            sub.subscribe("acme/#", 1,
                    (topic, m) -> received.add(parse(new String(m.getPayload(), StandardCharsets.UTF_8))));

            ConfigurationAdmin ca = service(ConfigurationAdmin.class, null);
            configs.add(factory(ca, "io.holdfast.cloud.mqtt.MqttCloudEndpoint",
                    Map.of("kura.service.pid", "cloud-pt", "broker.url", url, "client.id", "gw-pt", "account.name",
                            "acme", "payload.encoding", "SIMPLE_JSON")));
            configs.add(factory(ca, "io.holdfast.cloud.mqtt.MqttCloudPublisher",
                    Map.of("kura.service.pid", PUBLISHER_PID, "cloud.endpoint.service.pid", "cloud-pt", "appId", "W1",
                            "app.topic", "readings/{device}")));
            configs.add(factory(ca, "io.holdfast.sensor.calibration.SensorCalibration",
                    Map.of("device", CALIBRATED, "holdfast.sensor.type", "pt100", "offset", 0.5, "gain", 1.0,
                            "calibrated.on", "2024-01-10", "due.on", "2025-01-10")));
            org.osgi.service.cm.Configuration gateway = ca.getConfiguration("io.holdfast.esp32.Esp32Driver", "?");
            // one publishing thread: readings are decoded in the order they arrived, so each device's phases are
            // ordered by seq
            gateway.update(new Hashtable<>(
                    Map.of("CloudPublisher.target", "(kura.service.pid=" + PUBLISHER_PID + ")", "publish.threads", 1)));
            configs.add(gateway);
            int port = freePort();
            configs.add(factory(ca, "io.holdfast.esp32.TcpLink", Map.of("port", port, "bind.address", "127.0.0.1")));
            await().atMost(TIMEOUT).ignoreExceptions().until(() -> {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    return true;
                }
            });

            for (int i = 0; i < 4; i++) {
                TcpSensorNode n = new TcpSensorNode(String.format("3C:71:BF:00:00:%02X", i), 12.0, port);
                nodes.add(n);
                n.start(timer, 25);
            }
            // readings reach the subscriber and the calibration is registered: everything configured is active
            await().atMost(Duration.ofSeconds(60)).until(() -> count(received, Phase.RAW) >= 100
                    && context.getServiceReferences("io.holdfast.api.codec.Calibration", null) != null);

            Map<Long, String> before = others();
            Map<Long, Long> componentsBefore = componentIds();
            List<String> othersEvents = new CopyOnWriteArrayList<>();
            SynchronousBundleListener watch = e -> {
                if (!PT100.equals(e.getBundle().getSymbolicName())) {
                    othersEvents.add(e.getBundle().getSymbolicName() + " " + e.getType());
                }
            };
            context.addBundleListener(watch);

            File jar = new File(System.getProperty(HoldfastOptions.PROJECT_BUNDLE));
            Bundle pt100 = context.installBundle(jar.toURI().toString());
            pt100.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> count(received, Phase.V1) >= 100);

            File variant = variant(jar);
            try (InputStream in = new FileInputStream(variant)) {
                pt100.update(in);
            }
            refresh(pt100);
            assertThat(pt100.getVersion().toString()).isEqualTo("0.1.1.variant");
            assertThat(pt100.getState()).isEqualTo(Bundle.ACTIVE);
            await().atMost(Duration.ofSeconds(60)).until(() -> count(received, Phase.V2) >= 100);

            pt100.uninstall();
            refresh(pt100);
            await().atMost(Duration.ofSeconds(60)).until(() -> count(received, Phase.RAW_AGAIN) >= 100);

            nodes.forEach(TcpSensorNode::stop);
            await().atMost(Duration.ofSeconds(90)).until(() -> nodes.stream().allMatch(n -> n.acked() == n.lastSent()));
            Set<String> sent = nodes.stream().flatMap(n -> n.sent().stream()).collect(Collectors.toSet());
            await().atMost(Duration.ofSeconds(60)).until(() -> ids(received).containsAll(sent));

            assertThat(ids(received)).as("the subscriber's (device, seq) set").isEqualTo(sent);
            assertThat(received).as("no reading published twice").hasSize(sent.size());
            assertPhasesInOrder(received);
            assertCalibrated(received);
            System.out.println("Pt100HotSwapIT: " + sent.size() + " readings; by phase " + label(received).values()
                    .stream().collect(Collectors.groupingBy(p -> p, java.util.TreeMap::new, Collectors.counting())));

            context.removeBundleListener(watch);
            assertThat(othersEvents).as("no other bundle was stopped, started, updated or refreshed").isEmpty();
            assertThat(others()).as("the other bundles: same ids, same content, active").isEqualTo(before);
            assertThat(componentIds()).as("no component of another bundle was reactivated").isEqualTo(componentsBefore);
        } finally {
            nodes.forEach(n -> {
                try {
                    n.close();
                } catch (java.io.IOException e) {
                    // closing
                }
            });
            timer.shutdownNow();
            if (sub != null && sub.isConnected()) {
                sub.disconnect();
                sub.close();
            }
            for (org.osgi.service.cm.Configuration c : configs) {
                c.delete();
            }
            broker.close();
        }
    }

    private static org.osgi.service.cm.Configuration factory(ConfigurationAdmin ca, String pid,
            Map<String, Object> props) throws java.io.IOException {
        org.osgi.service.cm.Configuration c = ca.createFactoryConfiguration(pid, "?");
        c.update(new Hashtable<>(props));
        return c;
    }

    private static Received parse(String json) {
        Matcher src = SOURCE.matcher(json);
        Matcher seq = SEQ.matcher(json);
        if (!src.find() || !seq.find()) {
            return new Received("no source or seq: " + json, "?", -1, "unexpected: " + json);
        }
        Matcher flags = FLAGS.matcher(json);
        Matcher t = TEMPERATURE.matcher(json);
        Matcher suspect = SUSPECT.matcher(json);
        String phase;
        if (flags.find() && flags.group(1).contains("UNDECODED") && json.contains("\"ma\":12")) {
            phase = "raw";
        } else if (t.find()) {
            phase = "T=" + Double.parseDouble(t.group(1)) + (suspect.find() ? " " + suspect.group(1) : "");
        } else {
            phase = "unexpected: " + json;
        }
        return new Received(src.group(1) + "#" + seq.group(1), src.group(1), Long.parseLong(seq.group(1)), phase);
    }

    /** The phase of a message as far as the message tells it (raw before the install and after the uninstall). */
    private static Phase phaseOf(Received r) {
        return switch (r.phase()) {
        case "raw" -> Phase.RAW;
        case "T=50.0", "T=50.5 calibration.overdue" -> Phase.V1;
        case "T=100.0", "T=100.5 calibration.overdue" -> Phase.V2;
        default -> throw new AssertionError(r.id() + ": " + r.phase());
        };
    }

    /**
     * Each message's phase. Decoded ones tell it (50 or 100 °C); a raw one is {@link Phase#RAW} below its device's
     * first decoded seq, {@link Phase#RAW_AGAIN} above its last one, and {@link Phase#GAP} in between (the codec is
     * unregistered for a moment while Bundle.update stops and starts the bundle; concurrent publishing threads may also
     * decode a reading a little before or after its neighbours).
     */
    private static Map<Received, Phase> label(List<Received> received) {
        Map<String, long[]> decoded = new HashMap<>();
        for (Received r : received) {
            if (phaseOf(r) != Phase.RAW) {
                long[] range = decoded.computeIfAbsent(r.source(), x -> new long[] { Long.MAX_VALUE, -1 });
                range[0] = Math.min(range[0], r.seq());
                range[1] = Math.max(range[1], r.seq());
            }
        }
        Map<Received, Phase> out = new java.util.LinkedHashMap<>();
        for (Received r : received) {
            Phase p = phaseOf(r);
            long[] range = decoded.get(r.source());
            if (p == Phase.RAW && range != null) {
                p = r.seq() < range[0] ? Phase.RAW : r.seq() > range[1] ? Phase.RAW_AGAIN : Phase.GAP;
            }
            out.put(r, p);
        }
        return out;
    }

    private static long count(List<Received> received, Phase phase) {
        return label(received).values().stream().filter(p -> p == phase).count();
    }

    /** Per device: raw first, then the first version, then the second, then raw again, by seq. */
    private static void assertPhasesInOrder(List<Received> received) {
        Map<String, Map<Phase, long[]>> bySource = new HashMap<>();
        label(received).forEach((r, p) -> {
            long[] range = bySource.computeIfAbsent(r.source(), x -> new java.util.EnumMap<>(Phase.class))
                    .computeIfAbsent(p, x -> new long[] { Long.MAX_VALUE, -1 });
            range[0] = Math.min(range[0], r.seq());
            range[1] = Math.max(range[1], r.seq());
        });
        bySource.forEach((source, phases) -> {
            String all = phases.entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue()[0] + ".." + e.getValue()[1])
                    .collect(Collectors.joining(", "));
            assertThat(phases.keySet()).as("%s: %s", source, all).contains(Phase.RAW, Phase.V1, Phase.V2,
                    Phase.RAW_AGAIN);
            long[] raw = phases.get(Phase.RAW);
            long[] v1 = phases.get(Phase.V1);
            long[] v2 = phases.get(Phase.V2);
            long[] again = phases.get(Phase.RAW_AGAIN);
            assertThat(raw[1] < v1[0] && v1[0] < v2[0] && v1[1] < v2[1] && v2[1] < again[0]).as("%s: %s", source, all)
                    .isTrue();
        });
    }

    private static void assertCalibrated(List<Received> received) {
        for (Received r : received) {
            Phase p = phaseOf(r);
            if (p == Phase.V1 || p == Phase.V2) {
                assertThat(r.phase().endsWith(".5 calibration.overdue")).as(r.id() + " " + r.phase())
                        .isEqualTo(r.source().equals(CALIBRATED));
            }
        }
    }

    private static Set<String> ids(List<Received> received) {
        return received.stream().map(Received::id).collect(Collectors.toCollection(HashSet::new));
    }

    /** A second build of the bundle: version 0.1.1, loop range -50..250 °C by default. */
    private static File variant(File jar) throws java.io.IOException {
        File out = TestDirs.target().resolve("io.holdfast.sensor.pt100-variant.jar").toFile();
        try (java.util.jar.JarFile in = new java.util.jar.JarFile(jar)) {
            java.util.jar.Manifest mf = new java.util.jar.Manifest(in.getManifest());
            mf.getMainAttributes().putValue("Bundle-Version", "0.1.1.variant");
            try (java.util.jar.JarOutputStream jos = new java.util.jar.JarOutputStream(
                    new java.io.FileOutputStream(out), mf)) {
                for (java.util.jar.JarEntry e : java.util.Collections.list(in.entries())) {
                    if (e.getName().equals("META-INF/MANIFEST.MF")) {
                        continue;
                    }
                    byte[] b = in.getInputStream(e).readAllBytes();
                    if (e.getName().equals("OSGI-INF/io.holdfast.sensor.pt100.Pt100Codec.xml")) {
                        String xml = new String(b, StandardCharsets.UTF_8);
                        String changed = xml.replace("name=\"loop.max\" type=\"Double\" value=\"150.0\"",
                                "name=\"loop.max\" type=\"Double\" value=\"250.0\"");
                        assertThat(changed).as("the component's default loop range").isNotEqualTo(xml);
                        b = changed.getBytes(StandardCharsets.UTF_8);
                    }
                    jos.putNextEntry(new java.util.jar.JarEntry(e.getName()));
                    jos.write(b);
                    jos.closeEntry();
                }
            }
        }
        return out;
    }

    private void refresh(Bundle b) throws InterruptedException {
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(b), e -> {
            if (e.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                done.countDown();
            }
        });
        assertThat(done.await(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).as("refreshed").isTrue();
    }

    private Bundle bundleNamed(String name) {
        for (Bundle b : context.getBundles()) {
            if (name.equals(b.getSymbolicName())) {
                return b;
            }
        }
        return null;
    }

    /** Every bundle but the probe and PT100: id to name, state and last-modified time (none for the system bundle). */
    private Map<Long, String> others() {
        Map<Long, String> m = new HashMap<>();
        for (Bundle b : context.getBundles()) {
            if (!PT100.equals(b.getSymbolicName()) && b != context.getBundle()) {
                // Equinox stamps the system bundle's last-modified time when a refresh persists its state
                m.put(b.getBundleId(), b.getSymbolicName() + " " + b.getState() + " "
                        + (b.getBundleId() == 0 ? "" : b.getLastModified()));
            }
        }
        return m;
    }

    /** Every active component configuration of the other bundles: its id (a new one after a reactivation). */
    private Map<Long, Long> componentIds() {
        ServiceComponentRuntime scr = service(ServiceComponentRuntime.class, null);
        Map<Long, Long> m = new HashMap<>();
        for (Bundle b : context.getBundles()) {
            if (PT100.equals(b.getSymbolicName())) {
                continue;
            }
            scr.getComponentDescriptionDTOs(b).forEach(d -> {
                for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                    if (c.state == ComponentConfigurationDTO.ACTIVE) {
                        m.put(c.id, b.getBundleId());
                    }
                }
            });
        }
        return m;
    }
}
