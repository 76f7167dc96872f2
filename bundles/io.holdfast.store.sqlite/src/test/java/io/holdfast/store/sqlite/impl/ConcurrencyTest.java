package io.holdfast.store.sqlite.impl;

import static io.holdfast.store.sqlite.impl.QueueFixture.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.api.queue.QueuedMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.Rule;
import org.junit.Test;

public class ConcurrencyTest {

    private static final int PRODUCERS = 8;
    private static final int PER_PRODUCER = 1500;

    @Rule
    public final QueueFixture fixture = new QueueFixture();

    @Test
    public void everyIdFromManyProducersIsStoredOnceAndDrainedOnce() throws Exception {
        SqliteQueue q = fixture.open("many");
        // id -> "device/seq" as the producer saw it
        Map<Long, String> enqueued = new ConcurrentHashMap<>();
        Map<Long, String> drained = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(PRODUCERS + 1);
        try {
            List<Future<?>> producers = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                String device = "p" + p;
                boolean async = p % 2 == 0;
                producers.add(pool.submit(() -> {
                    List<CompletableFuture<Long>> pending = new ArrayList<>();
                    for (int seq = 0; seq < PER_PRODUCER; seq++) {
                        String key = device + "/" + seq;
                        if (async) {
                            pending.add(q.enqueueAsync(message(device, seq)).toCompletableFuture()
                                    .whenComplete((id, e) -> put(enqueued, id, key)));
                        } else {
                            put(enqueued, q.enqueue(message(device, seq)), key);
                        }
                    }
                    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
                    return null;
                }));
            }
            // a sender draining at the same time: take, ack most, requeue some
            Future<?> sender = pool.submit(() -> {
                int round = 0;
                while (drained.size() < PRODUCERS * PER_PRODUCER) {
                    if (!q.awaitPending(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("nothing pending for 30 s with " + drained.size() + " drained");
                    }
                    List<QueuedMessage> batch = q.take(1 + round % 300, Long.MAX_VALUE);
                    if (round++ % 7 == 3 && !batch.isEmpty()) {
                        q.requeue(batch.get(0).id());
                        batch = batch.subList(1, batch.size());
                    }
                    for (QueuedMessage m : batch) {
                        put(drained, m.id(), m.message().deviceId() + "/" + m.message().seq());
                    }
                    q.ack(batch.stream().mapToLong(QueuedMessage::id).toArray());
                }
                return null;
            });
            for (Future<?> f : producers) {
                f.get(2, TimeUnit.MINUTES);
            }
            sender.get(2, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }

        assertThat(enqueued).hasSize(PRODUCERS * PER_PRODUCER);
        assertThat(new HashMap<>(enqueued).values()).doesNotHaveDuplicates();
        assertThat(drained).isEqualTo(enqueued);
        assertThat(q.stats().depth()).isZero();
        assertThat(q.stats().enqueued()).isEqualTo(PRODUCERS * PER_PRODUCER);
        assertThat(q.stats().acked()).isEqualTo(PRODUCERS * PER_PRODUCER);
    }

    private static void put(Map<Long, String> map, Long id, String key) {
        String before = map.putIfAbsent(id, key);
        if (before != null) {
            throw new AssertionError("id " + id + " given twice: " + before + " and " + key);
        }
    }
}
