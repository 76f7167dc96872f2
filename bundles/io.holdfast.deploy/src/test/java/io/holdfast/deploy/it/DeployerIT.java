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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.eclipse.kura.KuraException;
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
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.deploymentadmin.DeploymentAdmin;
import org.osgi.service.deploymentadmin.DeploymentPackage;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * The deployment bundle in the gateway runtime with the real Felix Deployment Admin, driven through the web console's
 * Packages page: install, upgrade, downgrade, uninstall, broken packages rolled back, protected bundles refused, signed
 * packages required, packages reinstalled when the framework lost them.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DeployerIT extends HoldfastTestSupport {
    static final String FIXTURES = "holdfast.deploy.fixtures";
    private static final String PID = "io.holdfast.deploy.Deployer";

    private Console console;

    @Configuration
    public Option[] config() {
        Path fixtures = Fixtures.make();
        return options(gatewayRuntime(projectBundle(), bundleOf(KuraException.class), bundleOf(DurableQueue.class)),
                systemProperty(FIXTURES).value(fixtures.toString()));
    }

    @Before
    public void login() {
        console = new Console(context.getProperty(HoldfastOptions.HTTP_PORT), "admin",
                context.getProperty(HoldfastOptions.CONSOLE_PASSWORD));
        await().atMost(TIMEOUT).ignoreExceptions().until(() -> console.get(".json").code() == 200);
    }

    @After
    public void uninstallFixtures() throws Exception {
        for (DeploymentPackage dp : admin().listDeploymentPackages()) {
            if (!dp.getName().equals("System")) {
                dp.uninstall();
            }
        }
        Files.deleteIfExists(recordFile());
    }

    @Test
    public void installUpgradeDowngradeUninstall() throws Exception {
        assertThat(console.install(fixture("fixture_1.0.0.dp")))
                .isEqualTo(new Console.Reply(200, "installed fixture 1.0.0\n"));
        assertThat(installed()).containsExactly(Map.entry("fixture.a", "1.0.0 ACTIVE"));
        assertThat(admin().getDeploymentPackage("fixture").getVersion().toString()).isEqualTo("1.0.0");
        assertThat(console.get(".json").body()).contains("\"name\":\"fixture\",\"version\":\"1.0.0\"")
                .contains("\"name\":\"fixture.a\",\"version\":\"1.0.0\"");
        assertThat(Files.readString(recordFile())).contains("fixture=file\\:").contains("fixture_1.0.0.dp");
        assertThat(console.install(fixture("fixture_1.0.0.dp")).body()).contains("already installed");

        assertThat(console.install(fixture("fixture_2.0.0.dp")).code()).isEqualTo(200);
        assertThat(installed()).containsExactly(Map.entry("fixture.a", "2.0.0 ACTIVE"),
                Map.entry("fixture.b", "2.0.0 ACTIVE"));
        assertThat(Files.readString(recordFile())).contains("fixture_2.0.0.dp").doesNotContain("fixture_1.0.0.dp");

        assertThat(console.install(fixture("fixture_1.0.0.dp")).code()).as("downgrade").isEqualTo(200);
        assertThat(installed()).containsExactly(Map.entry("fixture.a", "1.0.0 ACTIVE"));

        assertThat(console.uninstall("fixture")).isEqualTo(new Console.Reply(200, "uninstalled fixture\n"));
        assertThat(installed()).isEmpty();
        assertThat(admin().getDeploymentPackage("fixture")).isNull();
        assertThat(Files.readString(recordFile())).doesNotContain("fixture");
        assertThat(console.uninstall("fixture").code()).isEqualTo(404);
    }

    /** What the cloud connection would republish BIRTH on (the hook proposed in the README): Event Admin's event. */
    @Test
    public void deploymentAdminAnnouncesEveryCompletedInstall() throws Exception {
        List<String> completed = new CopyOnWriteArrayList<>();
        ServiceRegistration<EventHandler> reg = context.registerService(EventHandler.class,
                e -> completed.add(e.getProperty("deploymentpackage.name") + " " + e.getProperty("successful")),
                new Hashtable<>(Map.of(EventConstants.EVENT_TOPIC, "org/osgi/service/deployment/COMPLETE")));
        try {
            assertThat(console.install(fixture("fixture_1.0.0.dp")).code()).isEqualTo(200);
            await().atMost(TIMEOUT).until(() -> completed.contains("fixture true"));
            assertThat(console.uninstall("fixture").code()).isEqualTo(200);
            await().atMost(TIMEOUT).until(() -> completed.size() == 2);
        } finally {
            reg.unregister();
        }
    }

    @Test
    public void brokenPackagesLeaveThePreviousVersionRunning() throws Exception {
        assertThat(console.install(fixture("fixture_2.0.0.dp")).code()).isEqualTo(200);

        Console.Reply unresolved = console.install(fixture("fixture_3.0.0.dp"));
        assertThat(unresolved.code()).isEqualTo(409);
        assertThat(unresolved.body()).contains("does not resolve (fixture.b)").contains("2.0.0 reinstalled");
        assertThat(installed()).containsExactly(Map.entry("fixture.a", "2.0.0 ACTIVE"),
                Map.entry("fixture.b", "2.0.0 ACTIVE"));

        Console.Reply lying = console.install(fixture("fixture_4.0.0.dp"));
        assertThat(lying.code()).isEqualTo(409);
        assertThat(lying.body()).startsWith("Deployment Admin: ");
        assertThat(installed()).containsExactly(Map.entry("fixture.a", "2.0.0 ACTIVE"),
                Map.entry("fixture.b", "2.0.0 ACTIVE"));
        assertThat(admin().getDeploymentPackage("fixture").getVersion().toString()).isEqualTo("2.0.0");
        assertThat(Files.readString(recordFile())).contains("fixture_2.0.0.dp");
    }

    @Test
    public void packagesReplacingTheApiOrNotPackagesAreRefused() throws Exception {
        Bundle api = bundle("io.holdfast.api");
        Console.Reply evil = console.install(fixture("evil_1.0.0.dp"));
        assertThat(evil).isEqualTo(
                new Console.Reply(400, "package evil would replace io.holdfast.api, which is part of the runtime\n"));
        assertThat(bundle("io.holdfast.api")).isSameAs(api);
        assertThat(api.getVersion().toString()).isNotEqualTo("9.0.0");
        assertThat(admin().getDeploymentPackage("evil")).isNull();

        Console.Reply notADp = console.install(fixture("trusted.pem"));
        assertThat(notADp.code()).isEqualTo(400);
        assertThat(notADp.body()).startsWith("not a deployment package");
        assertThat(new Console(context.getProperty(HoldfastOptions.HTTP_PORT), null, null)
                .install(fixture("fixture_1.0.0.dp")).code()).as("without the console's login").isEqualTo(401);
        assertThat(admin().getDeploymentPackage("fixture")).isNull();
    }

    @Test
    public void onlySignedPackagesWhenSigningIsRequired() throws Exception {
        org.osgi.service.cm.Configuration c = service(ConfigurationAdmin.class, null).getConfiguration(PID, "?");
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("signature.required", true);
        p.put("signature.certificates", fixture("trusted.pem").toString());
        c.update(p);
        try {
            await().atMost(TIMEOUT).until(() -> console.install(fixture("fixture_1.0.0.dp")).code() == 400);
            assertThat(console.install(fixture("fixture_1.0.0.dp")).body())
                    .startsWith("package fixture is not signed by a trusted certificate");
            assertThat(console.install(fixture("untrusted-fixture_2.0.0.dp")).body())
                    .startsWith("package fixture is not signed by a trusted certificate");
            assertThat(admin().getDeploymentPackage("fixture")).isNull();

            assertThat(console.install(fixture("signed-fixture_1.0.0.dp")))
                    .isEqualTo(new Console.Reply(200, "installed fixture 1.0.0\n"));
            assertThat(installed()).containsExactly(Map.entry("fixture.a", "1.0.0 ACTIVE"));
        } finally {
            c.delete();
        }
        await().atMost(TIMEOUT).until(() -> console.install(fixture("fixture_2.0.0.dp")).code() == 200);
    }

    @Test
    public void recordedPackagesAreReinstalledAtStart() throws Exception {
        assertThat(console.install(fixture("fixture_2.0.0.dp")).code()).isEqualTo(200);
        assertThat(console.install(fixture("other_1.0.0.dp")).code()).isEqualTo(200);
        // what a start with a clean bundle cache (as Kura starts) looks like: the framework has lost the packages
        Bundle deploy = bundle("io.holdfast.deploy");
        deploy.stop();
        for (DeploymentPackage dp : admin().listDeploymentPackages()) {
            if (!dp.getName().equals("System")) {
                dp.uninstall();
            }
        }
        assertThat(installed()).isEmpty();
        deploy.start();
        // Deployment Admin installs, then starts: wait for the whole set to run
        Map<String, String> expected = Map.of("fixture.a", "2.0.0 ACTIVE", "fixture.b", "2.0.0 ACTIVE", "fixture.other",
                "1.0.0 ACTIVE");
        await().atMost(TIMEOUT).until(() -> expected.equals(installed())
                && admin().getDeploymentPackage("other") != null && admin().getDeploymentPackage("fixture") != null);
        assertThat(admin().getDeploymentPackage("fixture").getVersion().toString()).isEqualTo("2.0.0");
    }

    private DeploymentAdmin admin() {
        return service(DeploymentAdmin.class, null);
    }

    /** The fixture bundles: symbolic name to "version STATE". */
    private Map<String, String> installed() {
        return Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName() != null && b.getSymbolicName().startsWith("fixture."))
                .collect(Collectors.toMap(Bundle::getSymbolicName,
                        b -> b.getVersion() + " "
                                + (b.getState() == Bundle.ACTIVE ? "ACTIVE" : "state " + b.getState()),
                        (a, b) -> a + "," + b, TreeMap::new));
    }

    private Path recordFile() {
        return Path.of(context.getProperty(HoldfastOptions.DATA_DIR), "packages", "dpa.properties");
    }

    static Path fixture(String name) {
        return Path.of(System.getProperty(FIXTURES), name);
    }
}
