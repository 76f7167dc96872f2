package io.holdfast.testkit;

import static io.holdfast.api.reading.ReadingKeys.METRIC_DEVICE;
import static io.holdfast.api.reading.ReadingKeys.METRIC_SEQ;
import static io.holdfast.api.reading.ReadingKeys.METRIC_SOURCE;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.listener.CloudConnectionListener;
import org.eclipse.kura.cloudconnection.listener.CloudDeliveryListener;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.publisher.CloudPublisher;

/**
 * A {@link CloudPublisher} that records what it is given: for tests of a producer (the ESP32 driver) without a cloud
 * connection. Thread safe. It can be made to fail the next publishes ({@link #failNext(int)}), or to hold publishers
 * until released ({@link #hold()}, {@link #release()}), and it confirms nothing unless told to
 * ({@link #confirm(String)}).
 */
public class RecordingPublisher implements CloudPublisher {
    private final List<KuraMessage> published = new CopyOnWriteArrayList<>();
    private final List<CloudDeliveryListener> deliveryListeners = new CopyOnWriteArrayList<>();
    private final List<CloudConnectionListener> connectionListeners = new CopyOnWriteArrayList<>();
    private final AtomicInteger failNext = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicLong ids = new AtomicLong();
    private final Set<String> identities = ConcurrentHashMap.newKeySet();
    private final AtomicInteger duplicates = new AtomicInteger();
    private volatile Semaphore gate;

    @Override
    public String publish(KuraMessage message) throws KuraException {
        calls.incrementAndGet();
        Semaphore g = gate;
        if (g != null) {
            g.acquireUninterruptibly();
            g.release();
        }
        if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new KuraException(KuraErrorCode.STORE_ERROR, "RecordingPublisher told to fail");
        }
        published.add(message);
        if (!identities.add(identity(message))) {
            duplicates.incrementAndGet();
        }
        return Long.toString(ids.incrementAndGet());
    }

    /** @return every message published so far, in order */
    public List<KuraMessage> messages() {
        return List.copyOf(published);
    }

    /**
     * The identity of a published reading, as {@link #ids()} holds it.
     *
     * @param message
     *            a message the driver published
     *
     * @return {@code source#seq} of its payload's metrics
     */
    public static String identity(KuraMessage message) {
        return message.getPayload().getMetric(METRIC_SOURCE) + "#" + message.getPayload().getMetric(METRIC_SEQ);
    }

    /** @return the identities ({@code source#seq}) of every reading published so far */
    public Set<String> ids() {
        return Set.copyOf(identities);
    }

    /** @return how many published readings had an identity published before */
    public int duplicates() {
        return duplicates.get();
    }

    /**
     * The messages one ESP32 delivered.
     *
     * @param device
     *            the delivering device's id (the payload's {@code device} metric)
     *
     * @return its messages, in order
     */
    public List<KuraMessage> from(String device) {
        return published.stream().filter(m -> device.equals(m.getPayload().getMetric(METRIC_DEVICE))).toList();
    }

    /** @return how many messages were published */
    public int count() {
        return published.size();
    }

    /** @return how many times {@link #publish} was called, failed and held calls included */
    public int calls() {
        return calls.get();
    }

    /**
     * One metric of every published message, in order.
     *
     * @param name
     *            the metric name
     *
     * @return its values (null where a message lacks it)
     */
    public List<Object> metric(String name) {
        return published.stream().map(m -> m.getPayload().getMetric(name)).toList();
    }

    /**
     * Waits until at least {@code count} messages were published.
     *
     * @param count
     *            how many
     * @param timeout
     *            how long at most
     *
     * @return the messages published
     */
    public List<KuraMessage> awaitCount(int count, Duration timeout) {
        Awaitility.await().atMost(timeout).until(() -> published.size() >= count);
        return messages();
    }

    /** Fails the next {@code n} publishes with a KuraException (STORE_ERROR). */
    public void failNext(int n) {
        failNext.set(n);
    }

    /** Makes publishes wait until {@link #release()}. */
    public void hold() {
        gate = new Semaphore(0);
    }

    /** Lets waiting and later publishes through. */
    public void release() {
        Semaphore g = gate;
        gate = null;
        if (g != null) {
            g.release();
        }
    }

    /** Forgets what was published. */
    public void clear() {
        published.clear();
        identities.clear();
        duplicates.set(0);
    }

    /**
     * Tells every delivery listener that a message was confirmed.
     *
     * @param messageId
     *            an id {@link #publish} returned
     */
    public void confirm(String messageId) {
        deliveryListeners.forEach(l -> l.onMessageConfirmed(messageId));
    }

    /** Tells every connection listener that the connection is established. */
    public void connectionEstablished() {
        connectionListeners.forEach(CloudConnectionListener::onConnectionEstablished);
    }

    @Override
    public void registerCloudConnectionListener(CloudConnectionListener listener) {
        connectionListeners.add(listener);
    }

    @Override
    public void unregisterCloudConnectionListener(CloudConnectionListener listener) {
        connectionListeners.remove(listener);
    }

    @Override
    public void registerCloudDeliveryListener(CloudDeliveryListener listener) {
        deliveryListeners.add(listener);
    }

    @Override
    public void unregisterCloudDeliveryListener(CloudDeliveryListener listener) {
        deliveryListeners.remove(listener);
    }
}
