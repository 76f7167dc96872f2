package io.holdfast.esp32.impl.wire;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The downlink of one connection (a TCP connection, an open serial port): filled by any thread, drained by the thread
 * that owns the connection. Acks are coalesced per source (only the newest number matters); other frames queue up to a
 * bound, beyond which they are dropped (a device that does not read is dealt with by its transport).
 */
public final class DownlinkQueue implements DeviceChannel {

    private final ConcurrentHashMap<String, Long> acks = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> frames = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final int maxFrames;
    private final Runnable onWork;
    private volatile boolean open = true;

    /**
     * @param maxFrames
     *            frames (other than acks) kept while not drained
     * @param onWork
     *            called after something was queued (to wake the owning thread), on the caller's thread
     */
    public DownlinkQueue(int maxFrames, Runnable onWork) {
        this.maxFrames = maxFrames;
        this.onWork = onWork;
    }

    @Override
    public void ack(String source, long seq) {
        // sequence numbers wrap at 2^32: the newer is the one ahead in 32-bit serial arithmetic
        acks.merge(source == null ? "" : source, seq, (a, b) -> (int) (b - a) > 0 ? b : a);
        onWork.run();
    }

    @Override
    public void send(String json) {
        if (queued.incrementAndGet() > maxFrames) {
            queued.decrementAndGet();
            return;
        }
        frames.add(json);
        onWork.run();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    /** Marks the connection closed: the pipeline stops sending to it. */
    public void close() {
        open = false;
    }

    /**
     * Hands every pending frame, as the bytes of its line, to the connection: acks first, then the other frames in
     * order.
     *
     * @param crc
     *            whether the device's own frames carry the CRC suffix (then so do ours)
     */
    public void drain(boolean crc, Consumer<byte[]> line) {
        for (Map.Entry<String, Long> e : acks.entrySet()) {
            String src = e.getKey();
            Long seq = acks.remove(src);
            if (seq != null) {
                line.accept(FrameEncoder.line(FrameEncoder.ack(src.isEmpty() ? null : src, seq), crc));
            }
        }
        String s;
        while ((s = frames.poll()) != null) {
            queued.decrementAndGet();
            line.accept(FrameEncoder.line(s, crc));
        }
    }
}
