package io.holdfast.launcher;

import static io.holdfast.testkit.HoldfastOptions.HTTP_PORT;
import static io.holdfast.testkit.HoldfastOptions.gatewayRuntime;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.ops4j.pax.exam.CoreOptions.options;

import io.holdfast.testkit.HoldfastTestSupport;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.holdfast.api.status.DeviceStatus;
import io.holdfast.api.status.GatewayStatus;
import io.holdfast.api.status.LinkStatus;
import io.holdfast.api.status.StatusProvider;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.namespace.HostNamespace;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * The whole gateway runtime (the service set from cnf/ plus the gateway bundles) on Felix.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class GatewayRuntimeIT extends HoldfastTestSupport {

    private static final String CONSOLE_PID = "org.apache.felix.webconsole.internal.servlet.OsgiManager";
    private static final Pattern BUNDLE_COUNTS = Pattern.compile("\"s\":\\[(\\d+),(\\d+),(\\d+),(\\d+),(\\d+)\\]");

    @Configuration
    public Option[] config() {
        return options(gatewayRuntime(GatewayBundles.gatewayBundleOptions()));
    }

    @Test
    public void holdfastBundlesAreActive() {
        for (String bsn : new String[] { "io.holdfast.api", "io.holdfast.kura.compat", "io.holdfast.configuration",
                "io.holdfast.console", "io.holdfast.store.sqlite", "io.holdfast.cloud.mqtt", "io.holdfast.esp32",
                "io.holdfast.sensor.calibration", "io.holdfast.sensor.seed", "io.holdfast.sensor.pt100",
                "io.holdfast.sensor.ds18b20", "io.holdfast.sensor.bme280", "io.holdfast.oled" }) {
            assertThat(bundle(bsn).getState()).as(bsn).isEqualTo(Bundle.ACTIVE);
        }
    }

    @Test
    public void slf4jFindsLogbackThroughTheFragmentWithoutAMediator() throws Exception {
        Bundle fragment = bundle("io.holdfast.slf4j.provider");
        assertThat(fragment.getState()).as("the fragment is attached").isEqualTo(Bundle.RESOLVED);
        List<BundleWire> hosts = fragment.adapt(BundleWiring.class).getRequiredWires(HostNamespace.HOST_NAMESPACE);
        assertThat(hosts).hasSize(1);
        assertThat(hosts.get(0).getProvider().getSymbolicName()).isEqualTo("slf4j.api");
        // slf4j's own LoggerFactory, as every bundle that logs sees it: logback's context, not the no-operation one
        Object factory = bundle("slf4j.api").loadClass("org.slf4j.LoggerFactory").getMethod("getILoggerFactory")
                .invoke(null);
        assertThat(factory.getClass().getName()).isEqualTo("ch.qos.logback.classic.LoggerContext");
        assertThat(context.getBundles()).noneMatch(b -> String.valueOf(b.getSymbolicName()).contains("spifly"));
        // the fragment stands in for the Service Loader Mediator for slf4j and logback only: a bundle that starts to
        // require the extender (and would get no mediation) must be looked at; Jetty's requirement is optional
        List<String> requirers = bundle("slf4j.api").adapt(BundleWiring.class).getProvidedWires("osgi.extender")
                .stream().map(w -> w.getRequirer().getSymbolicName()).distinct().sorted().toList();
        assertThat(requirers).containsExactly("ch.qos.logback.classic", "org.apache.felix.http.jetty12", "slf4j.api");
    }

    @Test
    public void webConsoleNeedsCredentialsAndReportsEveryBundleActive() throws Exception {
        await().atMost(TIMEOUT).until(() -> get("/system/console/bundles.json", consoleCredentials()).code() == 200);

        ConsoleHttp.Response json = get("/system/console/bundles.json", consoleCredentials());
        Matcher m = BUNDLE_COUNTS.matcher(json.body());
        assertThat(m.find()).as(json.body()).isTrue();
        int total = Integer.parseInt(m.group(1));
        int active = Integer.parseInt(m.group(2)) + Integer.parseInt(m.group(3));
        assertThat(total).isEqualTo(context.getBundles().length);
        assertThat(active).as("active bundles, as the web console counts them").isEqualTo(total);

        assertThat(get("/system/console/bundles.json", null).code()).isEqualTo(401);
        assertThat(get("/system/console/bundles.json", "admin:wrong").code()).isEqualTo(401);
        assertThat(get("/system/console/bundles.json", "admin:admin").code()).as("no default password").isEqualTo(401);
        assertThat(get("/system/console/components", consoleCredentials()).code()).as("DS plugin").isEqualTo(200);
        assertThat(get("/system/console/configMgr", consoleCredentials()).code()).as("configuration manager")
                .isEqualTo(200);
    }

    @Test
    public void configurationThroughMetatypeAndConfigAdminTakesEffect() throws Exception {
        Bundle console = bundle("org.apache.felix.webconsole");
        MetaTypeInformation info = service(MetaTypeService.class, null).getMetaTypeInformation(console);
        ObjectClassDefinition ocd = info.getObjectClassDefinition(CONSOLE_PID, null);
        assertThat(ocd.getAttributeDefinitions(ObjectClassDefinition.ALL)).extracting(a -> a.getID())
                .contains("username", "password");

        org.osgi.service.cm.Configuration cfg = service(ConfigurationAdmin.class, null).getConfiguration(CONSOLE_PID,
                "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("password", "s3cret-for-test");
        cfg.update(props);
        try {
            await().atMost(TIMEOUT)
                    .until(() -> get("/system/console/bundles.json", "admin:s3cret-for-test").code() == 200);
            assertThat(get("/system/console/bundles.json", consoleCredentials()).code()).isEqualTo(401);
        } finally {
            cfg.delete();
        }
        await().atMost(TIMEOUT).until(() -> get("/system/console/bundles.json", consoleCredentials()).code() == 200);
    }

    @Test
    public void holdfastPageShowsEveryStatusProvider() {
        Instant now = Instant.now();
        DeviceStatus device = new DeviceStatus("<b>3C:E9:0E:72:12:4C</b>", "tcp-1", "0.3.1", "ESP32-WROOM", List.of(),
                List.of("temperature"), now, now, -51, 42, 0, 6.0);
        LinkStatus link = new LinkStatus("tcp-1", LinkStatus.Kind.TCP, LinkStatus.State.UP, "0.0.0.0:7000", now, null,
                0, 42, 0);
        StatusProvider provider = () -> new GatewayStatus(Instant.now(), List.of(link), List.of(device), List.of(),
                Map.of(GatewayStatus.RATE_READINGS_IN, 3.0), Map.of());
        ServiceRegistration<StatusProvider> reg = context.registerService(StatusProvider.class, provider, null);
        try {
            await().atMost(TIMEOUT).until(() -> get("/system/console/holdfast.json", consoleCredentials()).body()
                    .contains("\"deviceId\":\"\\u003cb\\u003e3C:E9:0E:72:12:4C\\u003c/b\\u003e\""));
            ConsoleHttp.Response page = get("/system/console/holdfast", consoleCredentials());
            assertThat(page.code()).isEqualTo(200);
            assertThat(page.body()).contains("&lt;b&gt;3C:E9:0E:72:12:4C&lt;/b&gt;").contains("-51 dBm (65 %)")
                    .contains("0.0.0.0:7000").contains("Holdfast status");
            assertThat(get("/system/console/holdfast.json", null).code()).isEqualTo(401);
        } finally {
            reg.unregister();
        }
        await().atMost(TIMEOUT)
                .until(() -> !get("/system/console/holdfast.json", consoleCredentials()).body().contains("tcp-1"));
    }

    private ConsoleHttp.Response get(String path, String credentials) {
        return ConsoleHttp.get(Integer.parseInt(context.getProperty(HTTP_PORT)), path, credentials);
    }
}
