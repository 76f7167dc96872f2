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
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
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
        for (String bsn : new String[] { "io.holdfast.api", "io.holdfast.kura.compat" }) {
            assertThat(bundle(bsn).getState()).as(bsn).isEqualTo(Bundle.ACTIVE);
        }
    }

    @Test
    public void webConsoleNeedsCredentialsAndReportsEveryBundleActive() throws Exception {
        await().atMost(TIMEOUT).until(() -> get("/system/console/bundles.json", "admin:admin").code() == 200);

        ConsoleHttp.Response json = get("/system/console/bundles.json", "admin:admin");
        Matcher m = BUNDLE_COUNTS.matcher(json.body());
        assertThat(m.find()).as(json.body()).isTrue();
        int total = Integer.parseInt(m.group(1));
        int active = Integer.parseInt(m.group(2)) + Integer.parseInt(m.group(3));
        assertThat(total).isEqualTo(context.getBundles().length);
        assertThat(active).as("active bundles, as the web console counts them").isEqualTo(total);

        assertThat(get("/system/console/bundles.json", null).code()).isEqualTo(401);
        assertThat(get("/system/console/bundles.json", "admin:wrong").code()).isEqualTo(401);
        assertThat(get("/system/console/components", "admin:admin").code()).as("DS plugin").isEqualTo(200);
        assertThat(get("/system/console/configMgr", "admin:admin").code()).as("configuration manager").isEqualTo(200);
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
            assertThat(get("/system/console/bundles.json", "admin:admin").code()).isEqualTo(401);
        } finally {
            cfg.delete();
        }
        await().atMost(TIMEOUT).until(() -> get("/system/console/bundles.json", "admin:admin").code() == 200);
    }

    private ConsoleHttp.Response get(String path, String credentials) {
        return ConsoleHttp.get(Integer.parseInt(context.getProperty(HTTP_PORT)), path, credentials);
    }
}
