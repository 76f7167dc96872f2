package io.holdfast.sensor.pt100.it;

import static io.holdfast.testkit.HoldfastOptions.kuraR7Runtime;
import static org.assertj.core.api.Assertions.assertThat;
import static org.ops4j.pax.exam.CoreOptions.options;

import org.junit.Before;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * {@link Pt100HotSwapIT} on Equinox 3.16 with Felix SCR 2.1 (what Kura runs), in the failsafe execution that has
 * Equinox on the class path: install, update and uninstall of the PT100 bundle under load, no reading lost or
 * duplicated, nothing else restarted.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class Pt100HotSwapEquinoxIT extends Pt100HotSwapIT {

    @Override
    @Configuration
    public Option[] config() {
        return options(kuraR7Runtime(bundles()));
    }

    @Before
    public void onEquinox() {
        assertThat(context.getBundle(0).getSymbolicName()).isEqualTo("org.eclipse.osgi");
    }
}
