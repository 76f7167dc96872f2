package io.holdfast.sensor.pt100.it;

import static io.holdfast.testkit.HoldfastOptions.bundleOf;
import static io.holdfast.testkit.HoldfastOptions.kuraR7Runtime;
import static io.holdfast.testkit.HoldfastOptions.projectBundle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.ops4j.pax.exam.CoreOptions.options;

import io.holdfast.api.codec.CodecContext;
import io.holdfast.api.codec.Quality;
import io.holdfast.api.codec.SensorCodec;
import io.holdfast.api.reading.Metric;
import io.holdfast.testkit.HoldfastTestSupport;
import java.time.Instant;
import java.util.Hashtable;
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
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;

/**
 * The sensor bundles on what Kura 5.x gives a bundle: Equinox 3.16 with Felix SCR 2.1 (DS 1.4), Config Admin and
 * Metatype. Each codec decodes through its service, a calibration made through Config Admin reaches the PT100 codec,
 * and the metatype Kura reads is found. Runs in its own failsafe execution, with Equinox on the class path.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SensorsEquinoxIT extends HoldfastTestSupport {

    private static final String[] SENSOR_BUNDLES = { "io.holdfast.sensor.calibration", "io.holdfast.sensor.seed",
            "io.holdfast.sensor.pt100", "io.holdfast.sensor.ds18b20", "io.holdfast.sensor.bme280" };
    private static final CodecContext NODE = new CodecContext("3C:E9:0E:72:12:4C", "40:91:51:CB:A4:64", "pt100",
            Instant.parse("2026-06-01T00:00:00Z"));

    @Configuration
    public Option[] config() {
        return options(kuraR7Runtime(projectBundle(), bundleOf(io.holdfast.api.reading.Reading.class),
                bundleOf(org.eclipse.kura.KuraException.class),
                bundleOf(io.holdfast.sensor.calibration.impl.SensorCalibration.class),
                bundleOf(io.holdfast.sensor.seed.impl.RssiCodec.class),
                bundleOf(io.holdfast.sensor.ds18b20.impl.Ds18b20Codec.class),
                bundleOf(io.holdfast.sensor.bme280.impl.Bme280Codec.class)));
    }

    private SensorCodec codec(String type) {
        return service(SensorCodec.class, "(" + SensorCodec.SENSOR_TYPE + "=" + type + ")");
    }

    @Test
    public void everySensorBundleRunsOnEquinoxWithScr21() {
        assertThat(context.getBundle(0).getSymbolicName()).isEqualTo("org.eclipse.osgi");
        assertThat(bundle("org.apache.felix.scr").getVersion()).isLessThan(new Version(2, 2, 0));
        ServiceComponentRuntime scr = service(ServiceComponentRuntime.class, null);
        for (String name : SENSOR_BUNDLES) {
            Bundle b = bundle(name);
            assertThat(b.getState()).as(name).isEqualTo(Bundle.ACTIVE);
            for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(b)) {
                for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                    assertThat(c.state).as(d.name + " " + c.failure)
                            .isNotEqualTo(ComponentConfigurationDTO.FAILED_ACTIVATION);
                }
            }
        }
    }

    @Test
    public void eachCodecDecodesThroughItsService() throws Exception {
        assertThat(codec("rssi").decode(NODE, Map.of("rssi", 65L))).contains(Metric.of("rssi", -51L, "dBm"));
        assertThat(codec("temperature").decode(NODE, Map.of("temperature", 4.5)))
                .containsExactly(Metric.of("temperature", 4.5, "Cel"));
        assertThat(codec("pt100").decode(NODE, Map.of("ma", 12.0))).contains(Metric.of("temperature", 50.0, "Cel"));
        assertThat(Quality.faultOf(codec("pt100").decode(NODE, Map.of("ma", 2.0)))).contains("loop.current.low");
        assertThat(codec("ds18b20").decode(NODE, Map.of("raw", 0x0191L)))
                .containsExactly(Metric.of("temperature", 25.0625, "Cel"));
        assertThat(codec("bme280").decode(NODE, Map.of("t", 21.5)))
                .containsExactly(Metric.of("temperature", 21.5, "Cel"));
    }

    @Test
    public void aCalibrationConfiguredThroughConfigAdminReachesTheCodec() throws Exception {
        ConfigurationAdmin ca = service(ConfigurationAdmin.class, null);
        org.osgi.service.cm.Configuration c = ca
                .createFactoryConfiguration("io.holdfast.sensor.calibration.SensorCalibration", "?");
        try {
            c.update(new Hashtable<>(Map.of("device", NODE.source(), "holdfast.sensor.type", "pt100", "offset", -0.25,
                    "gain", 1.0, "calibrated.on", "2025-05-01", "due.on", "2026-05-01")));
            await().atMost(TIMEOUT).until(() -> codec("pt100").decode(NODE, Map.of("ma", 12.0))
                    .contains(Metric.of("temperature", 49.75, "Cel")));
            List<Metric> m = codec("pt100").decode(NODE, Map.of("ma", 12.0));
            assertThat(Quality.suspects(m)).containsExactly(Quality.CALIBRATION_OVERDUE);
            assertThat(m).contains(Metric.text(Quality.CALIBRATION_DUE, "2026-05-01"));
        } finally {
            c.delete();
        }
        await().atMost(TIMEOUT).until(
                () -> codec("pt100").decode(NODE, Map.of("ma", 12.0)).contains(Metric.of("temperature", 50.0, "Cel")));
    }

    @Test
    public void kuraFindsTheMetatypeOfEveryConfigurableComponent() {
        MetaTypeService mts = service(MetaTypeService.class, null);
        MetaTypeInformation cal = mts.getMetaTypeInformation(bundle("io.holdfast.sensor.calibration"));
        assertThat(cal.getFactoryPids()).containsExactly("io.holdfast.sensor.calibration.SensorCalibration");
        assertThat(cal.getObjectClassDefinition("io.holdfast.sensor.calibration.SensorCalibration", null).getID())
                .isEqualTo("io.holdfast.sensor.calibration.SensorCalibration");
        MetaTypeInformation pt100 = mts.getMetaTypeInformation(bundle("io.holdfast.sensor.pt100"));
        assertThat(pt100.getPids()).containsExactly("io.holdfast.sensor.pt100.Pt100Codec");
        assertThat(pt100.getObjectClassDefinition("io.holdfast.sensor.pt100.Pt100Codec", null).getID())
                .isEqualTo("io.holdfast.sensor.pt100.Pt100Codec");
    }
}
