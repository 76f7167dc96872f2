package io.holdfast.sensor.pt100.impl;

import io.holdfast.api.codec.Calibration;
import io.holdfast.api.codec.CalibrationIndex;
import io.holdfast.api.codec.CodecContext;
import io.holdfast.api.codec.Quality;
import io.holdfast.api.codec.RawValues;
import io.holdfast.api.codec.SensorCodec;
import io.holdfast.api.reading.Metric;
import java.util.List;
import java.util.Map;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * PT100 readings to °C. A reading carries either the loop current of a 4-20 mA head transmitter ({@code {"ma":12.31}}),
 * mapped linearly onto the configured range, or the sensor's resistance ({@code {"ohm":109.73}}), converted with
 * {@link CallendarVanDusen}. Loop currents under {@value #NAMUR_LOW} mA or over {@value #NAMUR_HIGH} mA are sensor
 * faults (NAMUR NE 43), as are resistances outside the equation's range (-200..850 °C). The sensor's calibration
 * corrects the temperature (and its R0 replaces the nominal one).
 */
@Component(name = Pt100Codec.PID, configurationPid = Pt100Codec.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, service = {
        SensorCodec.class, ConfigurableComponent.class }, property = { SensorCodec.SENSOR_TYPE + "=" + Pt100Codec.TYPE,
                "service.pid=" + Pt100Codec.PID, "kura.service.pid=" + Pt100Codec.PID })
@Designate(ocd = Pt100Config.class)
public class Pt100Codec implements SensorCodec, ConfigurableComponent {

    static final String PID = "io.holdfast.sensor.pt100.Pt100Codec";
    static final String TYPE = "pt100";
    static final double LOOP_MIN = -50;
    static final double LOOP_MAX = 150;
    /** NAMUR NE 43: below this (mA) the loop reports a sensor or wiring fault. */
    static final double NAMUR_LOW = 3.8;
    /** NAMUR NE 43: above this (mA) the loop reports a sensor or wiring fault. */
    static final double NAMUR_HIGH = 20.5;
    /** Fault: loop current under {@value #NAMUR_LOW} mA. */
    static final String LOOP_LOW = "loop.current.low";
    /** Fault: loop current over {@value #NAMUR_HIGH} mA. */
    static final String LOOP_HIGH = "loop.current.high";
    /** Suspect: loop current outside 4..20 mA but within the NAMUR band (the transmitter saturates). */
    static final String LOOP_BEYOND_SPAN = "loop.beyond.span";

    /** The settings in effect; replaced as a whole by {@link #modified}. */
    record Settings(double loopMin, double loopMax, double r0) {
    }

    private final CalibrationIndex calibrations = new CalibrationIndex();
    private volatile Settings settings;

    @Activate
    public Pt100Codec(Pt100Config config) {
        this.settings = settings(config);
    }

    /** For tests. */
    Pt100Codec(Settings settings) {
        this.settings = settings;
    }

    @Modified
    void modified(Pt100Config config) {
        settings = settings(config);
    }

    static Settings settings(Pt100Config c) {
        if (!(c.loop_min() < c.loop_max())) {
            throw new IllegalArgumentException(
                    PID + ": loop.min " + c.loop_min() + " must be below loop.max " + c.loop_max());
        }
        if (!(c.r0() > 0)) {
            throw new IllegalArgumentException(PID + ": r0 must be positive, got " + c.r0());
        }
        return new Settings(c.loop_min(), c.loop_max(), c.r0());
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, target = "("
            + SensorCodec.SENSOR_TYPE + "=" + TYPE + ")", unbind = "removeCalibration")
    void addCalibration(Calibration c) {
        calibrations.add(c);
    }

    void removeCalibration(Calibration c) {
        calibrations.remove(c);
    }

    @Override
    public List<Metric> decode(String sensorType, Map<String, Object> raw) {
        return decode(CodecContext.anonymous(sensorType), raw);
    }

    @Override
    public List<Metric> decode(CodecContext context, Map<String, Object> raw) {
        Settings s = settings;
        try {
            List<Metric> m;
            if (raw.containsKey("ma")) {
                m = loop(RawValues.number(raw, "ma"), s);
            } else if (raw.containsKey("ohm")) {
                Calibration c = calibrations.find(context, "");
                m = rtd(RawValues.number(raw, "ohm"), c != null && c.r0() > 0 ? c.r0() : s.r0());
            } else {
                return Quality.fault(Quality.MISSING, "a pt100 reading needs ma (loop current) or ohm (resistance)");
            }
            return calibrations.calibrate(context, m, "temperature");
        } catch (RawValues.Fault f) {
            return f.metrics();
        }
    }

    private static List<Metric> loop(double ma, Settings s) {
        Metric current = Metric.of("current", ma, "mA");
        if (ma < NAMUR_LOW) {
            return Quality.fault(LOOP_LOW, "loop current " + ma + " mA is below " + NAMUR_LOW + " mA (NAMUR NE 43): "
                    + "sensor or wiring fault", current);
        }
        if (ma > NAMUR_HIGH) {
            return Quality.fault(LOOP_HIGH, "loop current " + ma + " mA is above " + NAMUR_HIGH + " mA (NAMUR NE 43): "
                    + "sensor or wiring fault", current);
        }
        double t = s.loopMin() + (ma - 4) / 16 * (s.loopMax() - s.loopMin());
        List<Metric> m = List.of(Metric.of("temperature", t, "Cel"), current);
        return ma < 4 || ma > 20 ? Quality.suspect(m, LOOP_BEYOND_SPAN) : m;
    }

    private static List<Metric> rtd(double ohm, double r0) {
        Metric resistance = Metric.of("resistance", ohm, "Ohm");
        double lo = CallendarVanDusen.resistance(CallendarVanDusen.T_MIN, r0);
        double hi = CallendarVanDusen.resistance(CallendarVanDusen.T_MAX, r0);
        if (!(ohm >= lo && ohm <= hi)) {
            return Quality.fault(Quality.OUT_OF_RANGE, "resistance " + ohm + " ohm is outside " + round(lo) + ".."
                    + round(hi) + " ohm (-200..850 Cel for R0 " + r0 + " ohm): open or shorted sensor", resistance);
        }
        return List.of(Metric.of("temperature", CallendarVanDusen.temperature(ohm, r0), "Cel"), resistance);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
