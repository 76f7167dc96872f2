package io.holdfast.simulator;

/** Reads the gateway's downlink lines as the firmware would. */
public final class Acks {

    private Acks() {
    }

    /**
     * The sequence number of an ack line for the device itself.
     *
     * @param line
     *            a downlink line (CRC suffix allowed)
     *
     * @return the acknowledged number, or -1 when the line is no such ack
     */
    public static long seq(String line) {
        if (!line.startsWith("{\"t\":\"ack\"") || line.contains("\"src\"")) {
            return -1;
        }
        int i = line.indexOf("\"seq\":");
        if (i < 0) {
            return -1;
        }
        long v = 0;
        int j = i + 6;
        boolean any = false;
        while (j < line.length() && Character.isDigit(line.charAt(j))) {
            v = v * 10 + (line.charAt(j++) - '0');
            any = true;
        }
        return any ? v : -1;
    }
}
