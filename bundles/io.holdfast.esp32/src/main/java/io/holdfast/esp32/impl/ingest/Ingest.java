package io.holdfast.esp32.impl.ingest;

import io.holdfast.esp32.impl.wire.Decoded;
import io.holdfast.esp32.impl.wire.FrameDecoder;

/** What a link sees of the driver: where its frames go, and whether the driver has room for more. Thread safe. */
public interface Ingest {

    /**
     * Handles one frame (a line without its newline). Never throws and never blocks, except for a session that asked to
     * wait for buffer space.
     *
     * @param hint
     *            what the transport knows about a seed payload, or {@code null}
     * @param completion
     *            told when every reading of the frame is resolved
     *
     * @return what the frame decoded to
     */
    Decoded receive(Session session, byte[] b, int off, int len, FrameDecoder.Hint hint, Completion completion);

    /** Handles one frame without hint or completion. */
    default Decoded receive(Session session, byte[] b, int off, int len) {
        return receive(session, b, off, len, null, Completion.NONE);
    }

    /** A line longer than the protocol allows (the framer skipped it). */
    void tooLong(Session session);

    /**
     * Whether the buffer is below the given fraction of its capacity: links that can hold their devices back (TCP) stop
     * reading above it, so that a publisher slower than the devices slows the devices down instead of making the driver
     * drop and the devices re-send.
     */
    boolean below(double fraction);

    /** Readings the buffer can take now before it is full. */
    int room();

    /**
     * How long the buffer would take to drain at the recent publishing rate: 0 when it is empty, {@link Long#MAX_VALUE}
     * when nothing was published recently. Links hold devices back when it exceeds what a device waits for an ack.
     */
    default long backlogMs() {
        return 0;
    }

    /**
     * Counts one event of a link ({@code tcp.paused}, {@code serial.idle.reopened}, ...) among the driver's counters.
     */
    void count(String counter);
}
