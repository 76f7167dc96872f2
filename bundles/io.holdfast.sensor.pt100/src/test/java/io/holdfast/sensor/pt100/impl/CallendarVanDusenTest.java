package io.holdfast.sensor.pt100.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.Test;

/**
 * Against IEC 60751:2008 (Industrial platinum resistance thermometers and platinum temperature sensors), Table 1
 * "Temperature/resistance relationship" for a Pt100 (R0 = 100 ohm), which lists the resistance at each °C to 0.01 ohm.
 * A value rounded to 0.01 ohm is at most 0.005 ohm off, which is at most 0.013 °C at the table's smallest slope (0.33
 * ohm/°C near 850 °C): the inverse must land within 0.015 °C of the table's temperature.
 */
public class CallendarVanDusenTest {

    /** IEC 60751:2008 Table 1, Pt100: {°C, ohm}. */
    private static final double[][] TABLE = { { -200, 18.52 }, { -100, 60.26 }, { -50, 80.31 }, { 0, 100.00 },
            { 100, 138.51 }, { 200, 175.86 }, { 400, 247.09 }, { 850, 390.48 } };

    @Test
    public void resistanceMatchesTheIec60751Table() {
        for (double[] row : TABLE) {
            assertThat(CallendarVanDusen.resistance(row[0], 100)).as("R(%s °C)", row[0]).isCloseTo(row[1],
                    within(0.005));
        }
    }

    @Test
    public void temperatureFromTheTablesResistanceIsTheTablesTemperature() {
        for (double[] row : TABLE) {
            assertThat(CallendarVanDusen.temperature(row[1], 100)).as("t(%s ohm)", row[1]).isCloseTo(row[0],
                    within(0.015));
        }
    }

    @Test
    public void theInverseSolvesTheQuarticBelowZeroNotJustTheQuadratic() {
        // Below 0 °C the C term matters: at -200 °C the quadratic alone is 0.27 °C off (R = 18.5201 ohm)
        double r = CallendarVanDusen.resistance(-200, 100);
        double quadratic = (-CallendarVanDusen.A
                + Math.sqrt(CallendarVanDusen.A * CallendarVanDusen.A - 4 * CallendarVanDusen.B * (1 - r / 100)))
                / (2 * CallendarVanDusen.B);
        assertThat(Math.abs(quadratic + 200)).isGreaterThan(0.2);
        assertThat(CallendarVanDusen.temperature(r, 100)).isCloseTo(-200, within(1e-9));
    }

    @Test
    public void roundTripsOverTheWholeRangeForPt100AndPt1000() {
        for (double r0 : new double[] { 100, 1000, 100.04 }) {
            for (double t = -200; t <= 850; t += 0.25) {
                assertThat(CallendarVanDusen.temperature(CallendarVanDusen.resistance(t, r0), r0)).as("t %s", t)
                        .isCloseTo(t, within(1e-8));
            }
        }
    }
}
