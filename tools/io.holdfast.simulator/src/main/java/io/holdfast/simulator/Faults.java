package io.holdfast.simulator;

/**
 * What a simulated device does wrong, as probabilities per frame (garbage, CRC errors) or per second (disconnects,
 * reboots).
 *
 * @param garbage
 *            probability that a line of binary garbage is sent before a frame
 * @param badCrc
 *            probability that a frame's CRC suffix is wrong
 * @param disconnectPerSecond
 *            probability per second that the device drops its connection
 * @param rebootPerSecond
 *            probability per second that the device reboots (uptime restarts, seq continues)
 */
public record Faults(double garbage, double badCrc, double disconnectPerSecond, double rebootPerSecond) {

    /** No faults. */
    public static final Faults NONE = new Faults(0, 0, 0, 0);

    /**
     * A line of random bytes without its newline (none inside it).
     *
     * @param random
     *            the source
     * @param max
     *            at most this many bytes (at least one)
     *
     * @return the bytes
     */
    public static byte[] garbageLine(java.util.Random random, int max) {
        byte[] g = new byte[1 + random.nextInt(max)];
        random.nextBytes(g);
        for (int i = 0; i < g.length; i++) {
            g[i] = g[i] == '\n' ? (byte) 'x' : g[i];
        }
        return g;
    }
}
