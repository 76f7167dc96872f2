package io.holdfast.bench.support;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;

/**
 * The bare Paho baseline's window of QoS 1 messages in flight: {@link #acquire()} before each publish with this as its
 * listener; a PUBACK frees a slot and counts, a failure frees a slot and is kept.
 */
public final class AckWindow implements IMqttActionListener {
    private final Semaphore slots;
    private final AtomicLong confirmed = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    /**
     * @param size
     *            messages in flight at most
     */
    public AckWindow(int size) {
        this.slots = new Semaphore(size);
    }

    /**
     * Waits for a free slot.
     *
     * @throws InterruptedException
     *             if interrupted while waiting
     */
    public void acquire() throws InterruptedException {
        slots.acquire();
    }

    /** @return the messages confirmed so far */
    public long confirmed() {
        return confirmed.get();
    }

    /** @return the first failure, or null */
    public Throwable failure() {
        return failure.get();
    }

    @Override
    public void onSuccess(IMqttToken token) {
        confirmed.incrementAndGet();
        slots.release();
    }

    @Override
    public void onFailure(IMqttToken token, Throwable e) {
        failure.compareAndSet(null, e);
        slots.release();
    }
}
