package io.holdfast.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Free TCP ports, in a class of its own so that tools outside Pax Exam can use it (and {@link Mosquitto}). */
public final class Ports {

    private Ports() {
    }

    /**
     * A TCP port that was free a moment ago.
     *
     * @return the port
     */
    public static int free() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port", e);
        }
    }
}
