package io.holdfast.sensor.pt100.impl;

/**
 * The Callendar-Van Dusen equation of a platinum resistance thermometer with the coefficients of IEC 60751:2008:
 *
 * <pre>
 * R(t) = R0 (1 + A t + B t²)                    for 0 °C &lt;= t &lt;= 850 °C
 * R(t) = R0 (1 + A t + B t² + C (t - 100) t³)   for -200 °C &lt;= t &lt; 0 °C
 * A = 3.9083e-3 /°C, B = -5.775e-7 /°C², C = -4.183e-12 /°C⁴
 * </pre>
 *
 * The inverse is the quadratic's root for {@code R >= R0}; below 0 °C the quartic is solved by Newton's method started
 * from the quadratic's root (the C term is small, so it converges in two or three steps to 1e-9 °C).
 */
final class CallendarVanDusen {

    static final double A = 3.9083e-3;
    static final double B = -5.775e-7;
    static final double C = -4.183e-12;
    /** The range IEC 60751 defines the equation for. */
    static final double T_MIN = -200;
    static final double T_MAX = 850;

    private CallendarVanDusen() {
    }

    /**
     * The resistance at a temperature.
     *
     * @param t
     *            °C
     * @param r0
     *            ohm at 0 °C
     *
     * @return ohm
     */
    static double resistance(double t, double r0) {
        double q = 1 + A * t + B * t * t;
        return r0 * (t < 0 ? q + C * (t - 100) * t * t * t : q);
    }

    /**
     * The temperature at a resistance.
     *
     * @param r
     *            ohm, within {@code [resistance(T_MIN), resistance(T_MAX)]}
     * @param r0
     *            ohm at 0 °C
     *
     * @return °C
     */
    static double temperature(double r, double r0) {
        double ratio = r / r0;
        // the quadratic's root: exact at and above 0 °C, the starting point below
        double t = (-A + Math.sqrt(A * A - 4 * B * (1 - ratio))) / (2 * B);
        if (ratio >= 1) {
            return t;
        }
        for (int i = 0; i < 50; i++) {
            double f = 1 + A * t + B * t * t + C * (t - 100) * t * t * t - ratio;
            double df = A + 2 * B * t + C * (4 * t * t * t - 300 * t * t);
            double step = f / df;
            t -= step;
            if (Math.abs(step) < 1e-9) {
                break;
            }
        }
        return t;
    }
}
