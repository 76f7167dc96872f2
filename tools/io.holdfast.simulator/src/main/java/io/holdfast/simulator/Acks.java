package io.holdfast.simulator;

/**
 * Reads the gateway's downlink lines as small firmware does (a prefix match and a number, no JSON library): acks (of
 * the device's own readings, and {@code {"t":"ack","src":"<node>","seq":N}} of a sensor node it relays), and the flow
 * control extension's hold and resume. Any other line is ignored, as a device ignores a type it does not know.
 */
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
        return number(line, "\"seq\":");
    }

    /**
     * A relayed node's ack: {@code {"t":"ack","src":"<node>","seq":N}}.
     *
     * @param src
     *            the node, as the gateway writes it
     * @param seq
     *            the acknowledged number (unsigned 32-bit)
     */
    public record NodeAck(String src, long seq) {
    }

    /**
     * The node and sequence number of an ack line for a node the device relays.
     *
     * @param line
     *            a downlink line (CRC suffix allowed)
     *
     * @return the ack, or {@code null} when the line is no ack with {@code src}
     */
    public static NodeAck node(String line) {
        if (!line.startsWith("{\"t\":\"ack\"")) {
            return null;
        }
        String member = "\"src\":\"";
        int i = line.indexOf(member);
        if (i < 0) {
            return null;
        }
        int from = i + member.length();
        int to = line.indexOf('"', from);
        long seq = number(line, "\"seq\":");
        return to < 0 || seq < 0 ? null : new NodeAck(line.substring(from, to), seq);
    }

    /**
     * How long a hold line asks the device to hold.
     *
     * @param line
     *            a downlink line (CRC suffix allowed)
     *
     * @return the ms of {@code {"t":"hold","ms":N}}, or -1 when the line is no hold
     */
    public static long holdMs(String line) {
        return line.startsWith("{\"t\":\"hold\"") ? number(line, "\"ms\":") : -1;
    }

    /**
     * @param line
     *            a downlink line (CRC suffix allowed)
     *
     * @return whether it is {@code {"t":"resume"}}
     */
    public static boolean isResume(String line) {
        return line.startsWith("{\"t\":\"resume\"");
    }

    private static long number(String line, String member) {
        int i = line.indexOf(member);
        if (i < 0) {
            return -1;
        }
        long v = 0;
        int j = i + member.length();
        boolean any = false;
        while (j < line.length() && Character.isDigit(line.charAt(j))) {
            v = v * 10 + (line.charAt(j++) - '0');
            any = true;
        }
        return any ? v : -1;
    }
}
