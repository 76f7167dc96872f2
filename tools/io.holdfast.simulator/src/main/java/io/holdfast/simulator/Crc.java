package io.holdfast.simulator;

import java.nio.charset.StandardCharsets;

/** CRC-16/CCITT-FALSE, as the firmware computes it for the frame suffix. */
public final class Crc {

    private Crc() {
    }

    /**
     * The CRC of some bytes.
     *
     * @param b
     *            the bytes
     *
     * @return the CRC, 0 to 0xFFFF
     */
    public static int of(byte[] b) {
        int crc = 0xFFFF;
        for (byte x : b) {
            crc ^= (x & 0xFF) << 8;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            crc &= 0xFFFF;
        }
        return crc;
    }

    /**
     * A frame with its CRC suffix.
     *
     * @param json
     *            the JSON object
     *
     * @return the JSON, a tab and four hex digits
     */
    public static String suffixed(String json) {
        return json + String.format("\t%04X", of(json.getBytes(StandardCharsets.UTF_8)));
    }
}
