package io.holdfast.launcher;

import static io.holdfast.testkit.HoldfastOptions.kuraR7Runtime;
import static org.assertj.core.api.Assertions.assertThat;
import static org.ops4j.pax.exam.CoreOptions.options;

import io.holdfast.testkit.HoldfastTestSupport;
import io.holdfast.testkit.Manifests;
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

/**
 * The gateway bundles on what Kura 5.x gives a bundle: Equinox 3.16 (OSGi R7) with Felix SCR 2.1 (DS 1.4). Runs in its
 * own failsafe execution, with Equinox on the class path instead of Felix.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KuraEquinoxIT extends HoldfastTestSupport {

    @Configuration
    public Option[] config() {
        return options(kuraR7Runtime(GatewayBundles.kuraBundleOptions()));
    }

    @Test
    public void runsOnEquinoxWithScrForDs14() {
        assertThat(context.getBundle(0).getSymbolicName()).isEqualTo("org.eclipse.osgi");
        assertThat(context.getBundle(0).getVersion()).isLessThan(new Version(3, 17, 0));
        Version scr = bundle("org.apache.felix.scr").getVersion();
        assertThat(scr).isGreaterThanOrEqualTo(new Version(2, 1, 0)).isLessThan(new Version(2, 2, 0));
        // Kura's slf4j, not the standalone runtimes' slf4j 2: every Holdfast bundle must resolve against it
        assertThat(bundle("slf4j.api").getVersion()).isEqualTo(new Version(1, 7, 36));
    }

    @Test
    public void everyHoldfastBundleIsActiveAndItsComponentsAreNotBroken() {
        ServiceComponentRuntime scr = service(ServiceComponentRuntime.class, null);
        int holdfast = 0;
        for (Bundle b : context.getBundles()) {
            if (b.getSymbolicName().startsWith("io.holdfast.") && !b.getSymbolicName().equals("io.holdfast.testkit")) {
                holdfast++;
                assertThat(b.getState()).as(b.getSymbolicName()).isEqualTo(Bundle.ACTIVE);
                for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(b)) {
                    for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                        assertThat(c.state).as(d.name + " " + c.failure)
                                .isNotEqualTo(ComponentConfigurationDTO.FAILED_ACTIVATION);
                    }
                }
            }
        }
        // every Holdfast bundle of the runtime that goes into Kura (STANDALONE_ONLY also names non-Holdfast bundles)
        assertThat(holdfast).as("Holdfast bundles on Equinox")
                .isEqualTo((int) GatewayBundles.holdfastBundles().stream().map(Manifests::symbolicName)
                        .filter(n -> !GatewayBundles.STANDALONE_ONLY.contains(n))
                        .filter(n -> !GatewayBundles.FIRST_START.equals(n)).count());
    }
}
