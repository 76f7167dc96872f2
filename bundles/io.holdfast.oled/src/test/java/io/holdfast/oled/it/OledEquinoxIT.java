package io.holdfast.oled.it;

import static io.holdfast.testkit.HoldfastOptions.bundleOf;
import static io.holdfast.testkit.HoldfastOptions.kuraR7Runtime;
import static io.holdfast.testkit.HoldfastOptions.projectBundle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.ops4j.pax.exam.CoreOptions.options;

import io.holdfast.testkit.HoldfastTestSupport;
import java.lang.reflect.Method;
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
import org.osgi.framework.Version;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * The OLED bundle on what Kura 5.x gives a bundle: Equinox 3.16, SCR 2.1, Event Admin and slf4j 1.7.36 (no HTTP, no
 * servlet API). Its embedded Pi4J 2.8 (which asks for slf4j 2 on its own) resolves against slf4j 1.7.36 and works.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OledEquinoxIT extends HoldfastTestSupport {

    @Configuration
    public Option[] config() {
        return options(kuraR7Runtime(projectBundle(), bundleOf(io.holdfast.api.status.StatusProvider.class),
                bundleOf(org.eclipse.kura.KuraException.class)));
    }

    @Test
    public void resolvesAgainstSlf4j17AndDrivesPi4jsMockI2c() throws Exception {
        assertThat(context.getBundle(0).getSymbolicName()).isEqualTo("org.eclipse.osgi");
        assertThat(bundle("org.apache.felix.scr").getVersion()).isLessThan(new Version(2, 2, 0));
        Bundle oled = bundle("io.holdfast.oled");
        assertThat(oled.getState()).isEqualTo(Bundle.ACTIVE);
        assertThat(oled.getHeaders().get("Import-Package")).contains("org.slf4j;version=\"[1.7,3)\"")
                .doesNotContain("[2.0,3)");

        BundleWiring wiring = oled.adapt(BundleWiring.class);
        List<BundleWire> slf4j = wiring.getRequiredWires("osgi.wiring.package").stream()
                .filter(w -> "org.slf4j".equals(w.getCapability().getAttributes().get("osgi.wiring.package"))).toList();
        assertThat(slf4j).hasSize(1);
        assertThat(slf4j.get(0).getProvider().getBundle().getVersion()).isEqualTo(new Version(1, 7, 36));

        // Pi4J's context, built explicitly inside the bundle, with the embedded mock I2C provider: Pi4J logs through
        // slf4j 1.7.36 on its way (board detection, registry, provider init)
        Class<?> providerType = oled.loadClass("com.pi4j.io.i2c.I2CProvider");
        Object provider = oled.loadClass("com.pi4j.plugin.mock.provider.i2c.MockI2CProvider").getMethod("newInstance")
                .invoke(null);
        Class<?> port = oled.loadClass("io.holdfast.oled.impl.sink.Pi4jI2c");
        Object open = port.getMethod("open", providerType, int.class, int.class).invoke(null, provider, 1, 0x3C);
        port.getMethod("write", byte[].class).invoke(open, (Object) new byte[] { 0x00, (byte) 0xAF });
        Object device = port.getMethod("device").invoke(open);
        Method read = oled.loadClass("com.pi4j.io.IODataReader").getMethod("read");
        assertThat(((Number) read.invoke(device)).intValue() & 0xFF).isEqualTo(0x00);
        assertThat(((Number) read.invoke(device)).intValue() & 0xFF).isEqualTo(0xAF);
        port.getMethod("close").invoke(open);
    }

    @Test
    public void theDisplayRunsAndSendsFramesToTheEsp32DownlinkWithoutTheConsole() throws Exception {
        List<byte[]> frames = new java.util.concurrent.CopyOnWriteArrayList<>();
        EventHandler handler = (Event e) -> frames.add((byte[]) e.getProperty("bmp"));
        context.registerService(EventHandler.class, handler,
                new java.util.Hashtable<>(Map.of(EventConstants.EVENT_TOPIC, "io/holdfast/esp32/downlink/OLED")));
        org.osgi.service.cm.Configuration cfg = service(org.osgi.service.cm.ConfigurationAdmin.class, null)
                .getConfiguration("io.holdfast.oled.OledDisplay", "?");
        cfg.update(new java.util.Hashtable<>(Map.of("esp32.enabled", true, "esp32.interval.ms", 100, "i2c.bus", 97)));
        await().atMost(TIMEOUT).until(() -> !frames.isEmpty());
        assertThat(frames.get(0)).hasSize(1024);

        ServiceComponentRuntime scr = service(ServiceComponentRuntime.class, null);
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(bundle("io.holdfast.oled"))) {
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                assertThat(c.state).as(d.name + " " + c.failure)
                        .isNotEqualTo(ComponentConfigurationDTO.FAILED_ACTIVATION);
                if (d.name.equals("io.holdfast.oled.OledDisplay")) {
                    assertThat(c.state).isEqualTo(ComponentConfigurationDTO.ACTIVE);
                }
            }
        }
    }
}
