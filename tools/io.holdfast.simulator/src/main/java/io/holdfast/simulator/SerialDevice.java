package io.holdfast.simulator;

import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One device on a serial line: writes frames to a tty (one end of a {@code socat} pty pair in tests, a real UART
 * adapter otherwise) and reads the gateway's acks from it. Says hello, re-sends what is unacknowledged, then sends
 * readings at its rate in seq order; re-sends again only when acks stop advancing for its back-off time, and holds when
 * the gateway asks. When the tty goes away it keeps taking readings and retries. The sensor nodes the device relays
 * ({@link SimDevice#relay(String, long)}, added before {@link #start()}) take readings at its rate and share the line,
 * each with its own acks and re-send back-off.
 */
public final class SerialDevice implements AutoCloseable {

    private final String path;
    private final SimDevice device;
    private final double rate;
    private final Faults faults;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread writer;
    private final AtomicLong framesSent = new AtomicLong();
    private final AtomicLong opens = new AtomicLong();
    private volatile boolean paused;

    /**
     * Creates the device; {@link #start()} opens the tty.
     *
     * @param path
     *            the tty
     * @param device
     *            the device
     * @param rate
     *            readings per second
     * @param faults
     *            faults to inject (garbage lines, bad CRCs)
     */
    public SerialDevice(String path, SimDevice device, double rate, Faults faults) {
        this.path = path;
        this.device = device;
        this.rate = rate;
        this.faults = faults;
        this.writer = new Thread(this::run, "sim-serial-" + device.mac());
        writer.setDaemon(true);
    }

    /** Starts the device. */
    public void start() {
        writer.start();
    }

    /** Stops taking readings. */
    public void pause() {
        paused = true;
    }

    /** @return the simulated device */
    public SimDevice device() {
        return device;
    }

    /** @return frames written */
    public long framesSent() {
        return framesSent.get();
    }

    /** @return how often the tty was opened */
    public long opens() {
        return opens.get();
    }

    private void run() {
        java.util.Random random = new java.util.Random(device.mac().hashCode());
        long periodNanos = (long) (1e9 / rate);
        while (stop.getCount() > 0) {
            try (OutputStream out = new FileOutputStream(path); FileInputStream in = new FileInputStream(path)) {
                opens.incrementAndGet();
                Thread reader = new Thread(() -> readAcks(in), "sim-serial-acks-" + device.mac());
                reader.setDaemon(true);
                reader.start();
                device.resume(); // a hold was for the port as it was before
                write(out, device.hello());
                device.rewindAll(); // re-send what is unacked, from the oldest (the nodes' too)
                long next = System.nanoTime();
                while (stop.getCount() > 0) {
                    sendFromFlash(out, random);
                    long wait = next - System.nanoTime();
                    if (wait > 0 && stop.await(wait, TimeUnit.NANOSECONDS)) {
                        return;
                    }
                    next += periodNanos;
                    device.rewindStalled();
                    if (!paused) {
                        for (SimDevice s : device.sources()) {
                            s.take();
                        }
                    }
                }
            } catch (IOException e) {
                // unplugged: keep the readings and try again
                try {
                    if (stop.await(500, TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } catch (InterruptedException ie) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Sends kept readings in seq order unless the gateway asked to hold. */
    private void sendFromFlash(OutputStream out, java.util.Random random) throws IOException {
        String frame;
        while (!device.held() && (frame = device.nextOfAll(6)) != null) {
            if (faults.garbage() > 0 && random.nextDouble() < faults.garbage()) {
                byte[] g = Faults.garbageLine(random, 40);
                out.write(g);
                out.write('\n');
            }
            if (faults.badCrc() > 0 && random.nextDouble() < faults.badCrc()) {
                frame = device.corrupt(frame);
            }
            write(out, frame);
        }
    }

    private void write(OutputStream out, String frame) throws IOException {
        out.write((frame + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        framesSent.incrementAndGet();
    }

    private void readAcks(FileInputStream in) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                device.downlink(line);
            }
        } catch (IOException e) {
            // the tty closed
        }
    }

    @Override
    public void close() {
        stop.countDown();
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
