package io.holdfast.dp.kura;

import static io.holdfast.testkit.HoldfastOptions.bundleOf;
import static io.holdfast.testkit.HoldfastOptions.kuraR7Runtime;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import io.holdfast.testkit.HoldfastTestSupport;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.Version;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.deploymentadmin.DeploymentAdmin;
import org.osgi.service.deploymentadmin.DeploymentPackage;

/**
 * The deployment packages installed as a Kura 5.x device installs them: Equinox 3.16 with SCR 2.1 (DS 1.4), Event
 * Admin, Config Admin, Metatype and Felix Deployment Admin 0.9.6 (Kura's), and the libraries Kura ships (Paho,
 * sqlite-jdbc, gson, protobuf; {@code io.holdfast.kura.compat} stands in for Kura's API bundle). Every package is
 * installed through Deployment Admin, the API first; then every Holdfast bundle must be ACTIVE with no component that
 * failed to activate. It runs in the module's default failsafe execution: the module's class path has Equinox and no
 * Felix.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KuraDeploymentAdminIT extends HoldfastTestSupport {
    static final String PACKAGES = "holdfast.dp.packages";
    /** In the order an operator installs them (kura-deploy/README.md). */
    static final List<String> ORDER = List.of("io.holdfast.api", "io.holdfast.store.sqlite", "io.holdfast.cloud.mqtt",
            "io.holdfast.esp32", "io.holdfast.sensor.calibration", "io.holdfast.sensor.seed",
            "io.holdfast.sensor.pt100", "io.holdfast.sensor.ds18b20", "io.holdfast.sensor.bme280", "io.holdfast.oled");

    @Configuration
    public Option[] config() {
        return options(
                kuraR7Runtime(bundleOf(org.apache.felix.dm.DependencyManager.class),
                        bundleOf(org.apache.felix.deploymentadmin.DeploymentAdminImpl.class),
                        bundleOf(org.eclipse.kura.KuraException.class),
                        bundleOf(org.eclipse.paho.client.mqttv3.MqttAsyncClient.class),
                        bundleOf(org.sqlite.SQLiteDataSource.class), bundleOf(com.google.gson.Gson.class),
                        bundleOf(com.google.protobuf.Message.class)),
                systemProperty(PACKAGES)
                        .value(Path.of(System.getProperty(PACKAGES, "..")).toAbsolutePath().normalize().toString()));
    }

    @Test
    public void everyPackageInstallsThroughDeploymentAdminAndRuns() throws Exception {
        assertThat(context.getBundle(0).getSymbolicName()).isEqualTo("org.eclipse.osgi");
        assertThat(context.getBundle(0).getVersion()).isLessThan(new Version(3, 17, 0));
        assertThat(bundle("org.apache.felix.scr").getVersion()).isLessThan(new Version(2, 2, 0));
        DeploymentAdmin da = service(DeploymentAdmin.class, null);
        for (String name : ORDER) {
            try (InputStream in = Files.newInputStream(built(name))) {
                DeploymentPackage dp = da.installDeploymentPackage(in);
                assertThat(dp.getName()).isEqualTo(name);
            }
        }
        List<String> names = new ArrayList<>();
        for (DeploymentPackage dp : da.listDeploymentPackages()) {
            names.add(dp.getName());
        }
        assertThat(names).containsAll(ORDER);

        ServiceComponentRuntime scr = service(ServiceComponentRuntime.class, null);
        await().atMost(TIMEOUT).untilAsserted(() -> {
            int holdfast = 0;
            for (Bundle b : context.getBundles()) {
                if (!b.getLocation().startsWith("osgi-dp:")) {
                    continue;
                }
                holdfast++;
                assertThat(b.getState()).as(b.getSymbolicName()).isEqualTo(Bundle.ACTIVE);
                for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(b)) {
                    for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                        assertThat(c.state).as(d.name + " " + c.failure)
                                .isNotEqualTo(ComponentConfigurationDTO.FAILED_ACTIVATION);
                    }
                }
            }
            // the ten packages' bundles, and jSerialComm in the driver's
            assertThat(holdfast).isEqualTo(ORDER.size() + 1);
        });
        // the driver and the display came up from their defaults (by name: the probe must not wire to the API)
        assertThat(context.getServiceReferences("io.holdfast.api.status.StatusProvider", null)).isNotNull();
    }

    private static Path built(String name) throws Exception {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty(PACKAGES)).resolve(name).resolve("target"))) {
            return s.filter(p -> p.toString().endsWith(".dp")).findFirst().orElseThrow();
        }
    }
}
