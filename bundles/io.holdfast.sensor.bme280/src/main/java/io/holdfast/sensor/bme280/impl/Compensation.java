package io.holdfast.sensor.bme280.impl;

/**
 * The BME280's compensation of its raw ADC values, as the Bosch Sensortec datasheet (BST-BME280-DS002) gives it in
 * section 4.2.3 "Compensation formulas": temperature and humidity in 32-bit integer arithmetic, pressure in 64-bit.
 * Java's {@code int} and {@code long} wrap and shift exactly as the datasheet's {@code BME280_S32_t} and
 * {@code BME280_S64_t} do on the two's-complement machines it targets.
 *
 * @param t1
 *            dig_T1, unsigned short
 * @param t2
 *            dig_T2, signed short
 * @param t3
 *            dig_T3, signed short
 * @param p1
 *            dig_P1, unsigned short
 * @param p2
 *            dig_P2 to dig_P9, signed short
 * @param h1
 *            dig_H1, unsigned char
 * @param h2
 *            dig_H2, signed short
 * @param h3
 *            dig_H3, unsigned char
 * @param h4
 *            dig_H4, signed 12 bit
 * @param h5
 *            dig_H5, signed 12 bit
 * @param h6
 *            dig_H6, signed char
 */
record Compensation(int t1, int t2, int t3, int p1, int p2, int p3, int p4, int p5, int p6, int p7, int p8, int p9,
        int h1, int h2, int h3, int h4, int h5, int h6) {

    /** The fine temperature the pressure and humidity formulas need, from the raw temperature. */
    int tFine(int adcT) {
        int var1 = (((adcT >> 3) - (t1 << 1)) * t2) >> 11;
        int var2 = (((((adcT >> 4) - t1) * ((adcT >> 4) - t1)) >> 12) * t3) >> 14;
        return var1 + var2;
    }

    /** Temperature in 0.01 °C ("5123" is 51.23 °C). */
    static int temperature(int tFine) {
        return (tFine * 5 + 128) >> 8;
    }

    /** Pressure in Pa as Q24.8 ("24674867" is 24674867 / 256 = 96386.2 Pa); 0 when dig_P1 is 0. */
    long pressure(int adcP, int tFine) {
        long var1 = (long) tFine - 128000;
        long var2 = var1 * var1 * p6;
        var2 = var2 + ((var1 * p5) << 17);
        var2 = var2 + (((long) p4) << 35);
        var1 = ((var1 * var1 * p3) >> 8) + ((var1 * p2) << 12);
        var1 = ((((1L) << 47) + var1) * p1) >> 33;
        if (var1 == 0) {
            return 0; // avoid a division by zero
        }
        long p = 1048576 - adcP;
        p = (((p << 31) - var2) * 3125) / var1;
        var1 = (((long) p9) * (p >> 13) * (p >> 13)) >> 25;
        var2 = (((long) p8) * p) >> 19;
        return ((p + var1 + var2) >> 8) + (((long) p7) << 4);
    }

    /** Relative humidity in % as Q22.10 ("47445" is 47445 / 1024 = 46.333 %RH). */
    int humidity(int adcH, int tFine) {
        int v = tFine - 76800;
        v = ((((adcH << 14) - (h4 << 20) - (h5 * v)) + 16384) >> 15)
                * (((((((v * h6) >> 10) * (((v * h3) >> 11) + 32768)) >> 10) + 2097152) * h2 + 8192) >> 14);
        v = v - (((((v >> 15) * (v >> 15)) >> 7) * h1) >> 4);
        v = v < 0 ? 0 : v;
        v = v > 419430400 ? 419430400 : v;
        return v >> 12;
    }
}
