package io.holdfast.cloud.mqtt.impl;

import io.holdfast.cloud.mqtt.impl.payload.KuraProtobuf;
import io.holdfast.cloud.mqtt.impl.payload.PayloadEncoding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.holdfast.api.queue.DurableQueue;
import io.holdfast.api.queue.OutboundMessage;
import io.holdfast.api.queue.QueueException;
import io.holdfast.api.queue.QueuedMessage;
import io.holdfast.store.sqlite.impl.SqliteQueue;
import io.holdfast.testkit.ConfigAnnotations;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.KuraNotConnectedException;
import org.eclipse.kura.KuraStoreCapacityReachedException;
import org.eclipse.kura.KuraStoreException;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.message.KuraPayload;
import org.junit.After;
import org.junit.Test;

public class EndpointPublishTest {

    private MqttCloudEndpoint endpoint;
    private final SqliteQueue queue = StoreQueues.fresh();
    private final List<SqliteQueue> others = new ArrayList<>();

    private MqttCloudEndpoint endpoint() {
        return endpoint(Map.of());
    }

    private MqttCloudEndpoint endpoint(Map<String, ?> overrides) {
        Map<String, Object> all = new HashMap<>(Map.of("connect.auto", false, "client.id", "gw-1", "account.name",
                "acme", "publish.wait.timeout.ms", 300L));
        all.putAll(overrides);
        endpoint = new MqttCloudEndpoint(ConfigAnnotations.of(MqttCloudEndpointConfig.class, all), "cloud-1", k -> null,
                "1.0.0");
        return endpoint;
    }

    @After
    public void close() {
        if (endpoint != null) {
            endpoint.close();
        }
        queue.close();
        others.forEach(SqliteQueue::close);
    }

    /** What the queue holds, in its order. */
    private List<OutboundMessage> stored() throws QueueException {
        List<OutboundMessage> all = queue.take(1000, Long.MAX_VALUE).stream().map(QueuedMessage::message).toList();
        queue.requeueInFlight();
        return all;
    }

    private static KuraPayload reading(String device, long seq) {
        KuraPayload p = new KuraPayload();
        p.addMetric("device", device);
        p.addMetric("seq", seq);
        p.addMetric("temperature", 4.5);
        return p;
    }

    @Test
    public void aBatchIsStoredInOrderWithItsIdsAndABadMessageDoesNotSinkIt() throws Exception {
        MqttCloudEndpoint e = endpoint();
        e.bindQueue(queue);
        MqttCloudPublisher publisher = new MqttCloudPublisher(ConfigAnnotations.of(MqttCloudPublisherConfig.class,
                Map.of("appId", "W1", "app.topic", "readings/{device}")));
        publisher.setEndpoint(e);
        List<KuraMessage> batch = new ArrayList<>();
        for (long seq = 1; seq <= 200; seq++) {
            // seq 50 names no device: its app topic cannot be built
            batch.add(new KuraMessage(seq == 50 ? new KuraPayload() : reading("3C:E9:0E:72:12:4C", seq)));
        }

        List<String> ids = publisher.publish(batch);

        assertThat(ids).hasSize(200);
        assertThat(ids.get(49)).isNull();
        List<OutboundMessage> stored = stored();
        assertThat(stored).hasSize(199);
        List<Long> seqs = stored.stream().map(OutboundMessage::seq).toList();
        List<Long> expected = new ArrayList<>();
        for (long seq = 1; seq <= 200; seq++) {
            if (seq != 50) {
                expected.add(seq);
            }
        }
        assertThat(seqs).containsExactlyElementsOf(expected);
        // the ids are the queue's, growing in the batch's order
        List<Long> numeric = ids.stream().filter(i -> i != null).map(Long::parseLong).toList();
        assertThat(numeric).isSorted().doesNotHaveDuplicates().hasSize(199);
    }

    @Test
    public void aBatchWithoutAStoreFailsAsAWhole() {
        MqttCloudEndpoint e = endpoint();
        MqttCloudPublisher publisher = new MqttCloudPublisher(ConfigAnnotations.of(MqttCloudPublisherConfig.class,
                Map.of("appId", "W1", "app.topic", "readings/{device}")));
        publisher.setEndpoint(e);

        assertThatThrownBy(() -> publisher.publish(List.of(new KuraMessage(reading("3C:E9:0E:72:12:4C", 1)))))
                .isInstanceOf(KuraStoreException.class).hasMessageContaining("no message of the batch was stored");
    }

    @Test
    public void publisherEnqueuesWithItsTopicQosPriorityAndTheReadingIdentity() throws Exception {
        MqttCloudEndpoint e = endpoint();
        e.bindQueue(queue);
        MqttCloudPublisher publisher = new MqttCloudPublisher(ConfigAnnotations.of(MqttCloudPublisherConfig.class,
                Map.of("appId", "W1", "app.topic", "readings/{device}", "priority", 3)));
        publisher.setEndpoint(e);

        String id = publisher.publish(new KuraMessage(reading("3C:E9:0E:72:12:4C", 1234)));

        assertThat(id).isEqualTo("1");
        OutboundMessage m = stored().get(0);
        assertThat(m.topic()).isEqualTo("acme/gw-1/W1/readings/3C:E9:0E:72:12:4C");
        assertThat(m.qos()).isEqualTo(1);
        assertThat(m.priority()).isEqualTo(3);
        assertThat(m.deviceId()).isEqualTo("3C:E9:0E:72:12:4C");
        assertThat(m.seq()).isEqualTo(1234);
        assertThat(KuraProtobuf.decode(m.payload()).getMetric("temperature")).isEqualTo(4.5);
    }

    @Test
    public void messagePropertiesOverrideMetricsAndSourceIsTheIdentity() throws Exception {
        MqttCloudEndpoint e = endpoint(Map.of("payload.encoding", PayloadEncoding.SIMPLE_JSON));
        e.bindQueue(queue);
        KuraPayload relayed = reading("gw-dev", 7);
        relayed.addMetric("source", "node-9");
        e.publish(new KuraMessage(relayed, Map.of("APP_ID", "W1", "CONTROL", true, "QOS", 2)));
        Map<String, Object> props = new HashMap<>(
                Map.of("APP_ID", "W1", "APP_TOPIC", "x", "device", "dev-p", "seq", "99"));
        e.publish(new KuraMessage(reading("gw-dev", 8), props));

        OutboundMessage first = stored().get(0);
        assertThat(first.topic()).isEqualTo("$EDC/acme/gw-1/W1");
        assertThat(first.qos()).as("QoS 2 goes as 1").isEqualTo(1);
        assertThat(first.deviceId()).isEqualTo("node-9");
        assertThat(first.payload()[0]).as("JSON").isEqualTo((byte) '{');
        OutboundMessage second = stored().get(1);
        assertThat(second.deviceId()).isEqualTo("dev-p");
        assertThat(second.seq()).isEqualTo(99);
        assertThat(second.qos()).isZero();
    }

    @Test
    public void publishWaitsForAnAbsentQueueThenThrows() throws Exception {
        MqttCloudEndpoint e = endpoint();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> e.publish(new KuraMessage(reading("d", 1), Map.of("APP_ID", "W1"))))
                .isInstanceOf(KuraStoreException.class).hasMessageContaining("not stored")
                .hasMessageContaining("holdfast.queue.name=default");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isGreaterThanOrEqualTo(290);

        MqttCloudEndpoint waiting = e;
        CompletableFuture<String> f = CompletableFuture.supplyAsync(() -> {
            try {
                return waiting.publish(new KuraMessage(reading("d", 2), Map.of("APP_ID", "W1")));
            } catch (KuraException ex) {
                throw new RuntimeException(ex);
            }
        });
        e.bindQueue(queue);
        assertThat(f.get(5, TimeUnit.SECONDS)).isEqualTo("1");
    }

    @Test
    public void aStoppingQueueIsReplacedWithinTheWait() throws Exception {
        MqttCloudEndpoint e = endpoint(Map.of("publish.wait.timeout.ms", 5000L));
        SqliteQueue closing = StoreQueues.fresh();
        others.add(closing);
        // a store being stopped refuses new calls (UNAVAILABLE) before DS unbinds it
        closing.close();
        e.bindQueue(closing);
        CompletableFuture<String> f = CompletableFuture.supplyAsync(() -> {
            try {
                return e.publish(new KuraMessage(reading("d", 1), Map.of("APP_ID", "W1")));
            } catch (KuraException ex) {
                throw new RuntimeException(ex);
            }
        });
        e.unbindQueue(closing);
        e.bindQueue(queue);
        assertThat(f.get(5, TimeUnit.SECONDS)).isEqualTo("1");
        assertThat(queue.stats().depth()).isEqualTo(1);
    }

    @Test
    public void storeErrorsBecomeKurasStoreExceptions() throws Exception {
        MqttCloudEndpoint e = endpoint();
        SqliteQueue one = StoreQueues.open(StoreQueues.freshFile("one"), Map.of("capacity.messages", 1L));
        others.add(one);
        e.bindQueue(one);
        e.publish(new KuraMessage(reading("d", 1), Map.of("APP_ID", "W1")));
        assertThatThrownBy(() -> e.publish(new KuraMessage(reading("d", 2), Map.of("APP_ID", "W1"))))
                .isInstanceOf(KuraStoreCapacityReachedException.class).hasMessageContaining("capacity");
        e.unbindQueue(one);
        // the real store says DISK_FULL only on a full file system (its own DiskFullTest fills a tmpfs); here only the
        // mapping of that reason matters, so a queue that answers every enqueue with it stands in for the store
        e.bindQueue(failingEnqueues(queue, new QueueException(QueueException.Reason.DISK_FULL, "disk full")));
        assertThatThrownBy(() -> e.publish(new KuraMessage(reading("d", 1), Map.of("APP_ID", "W1"))))
                .isInstanceOf(KuraStoreException.class).isNotInstanceOf(KuraStoreCapacityReachedException.class)
                .hasMessageContaining("disk full");
        assertThat(e.link().rejects()).isEqualTo(2);
        assertThatThrownBy(() -> e.publish(new KuraMessage(reading("d", 1), Map.of())))
                .isInstanceOf(KuraException.class).hasMessageContaining("APP_ID");
    }

    /** The queue, except that every enqueue fails with the given exception. */
    private static DurableQueue failingEnqueues(DurableQueue queue, QueueException failure) {
        return (DurableQueue) Proxy.newProxyInstance(DurableQueue.class.getClassLoader(),
                new Class<?>[] { DurableQueue.class }, (proxy, method, args) -> {
                    if (method.getName().equals("enqueue")) {
                        throw failure;
                    }
                    try {
                        return method.invoke(queue, args);
                    } catch (InvocationTargetException ex) {
                        throw ex.getCause();
                    }
                });
    }

    @Test
    public void aMissingPlaceholderIsRefusedNotGuessed() {
        KuraMessage m = new KuraMessage(new KuraPayload());
        assertThatThrownBy(() -> MqttCloudPublisher.appTopic("r/{device}", m)).hasMessageContaining("device");
    }

    /**
     * A bundle update deactivates the publisher and the connection while publishing threads are inside them: those
     * calls must fail at once (the caller retries with the successor), not wait the publish wait for a queue or an
     * endpoint that goes to the successor.
     */
    @Test
    public void aClosedPublisherOrConnectionRefusesAtOnceInsteadOfWaiting() {
        long wait = 5_000;
        MqttCloudEndpoint e = endpoint(Map.of("publish.wait.timeout.ms", wait));
        e.bindQueue(queue);
        MqttCloudPublisher publisher = new MqttCloudPublisher(ConfigAnnotations.of(MqttCloudPublisherConfig.class,
                Map.of("appId", "W1", "app.topic", "readings/{device}", "endpoint.wait.ms", wait)));
        publisher.setEndpoint(e);
        List<KuraMessage> one = List.of(new KuraMessage(reading("3C:E9:0E:72:12:4C", 1)));

        e.close(); // as DS does: deactivate, then unbind
        e.unbindQueue(queue);
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> publisher.publish(one)).isInstanceOf(KuraStoreException.class)
                .hasMessageContaining("the connection is closed");
        publisher.close();
        // (Kura's NOT_CONNECTED message has no room for the reason: the time below tells it from the wait)
        assertThatThrownBy(() -> publisher.publish(one)).isInstanceOf(KuraNotConnectedException.class);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).as("ms to refuse both").isLessThan(wait);
        endpoint = null;
    }
}
