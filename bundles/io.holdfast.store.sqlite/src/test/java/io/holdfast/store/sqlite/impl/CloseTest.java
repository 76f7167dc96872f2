package io.holdfast.store.sqlite.impl;

import static io.holdfast.store.sqlite.impl.QueueFixture.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.holdfast.api.queue.QueueException;
import io.holdfast.api.queue.QueueException.Reason;
import io.holdfast.api.queue.QueuedMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.Rule;
import org.junit.Test;

public class CloseTest {

    @Rule
    public final QueueFixture fixture = new QueueFixture();

    @Test
    public void closeCommitsEveryAcceptedEnqueueAndRefusesTheRest() throws Exception {
        QueueSettings settings = fixture.settings("swap");
        SqliteQueue q = fixture.open(settings);
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        AtomicBoolean refused = new AtomicBoolean();
        Thread producer = new Thread(() -> {
            for (int seq = 0; !refused.get(); seq++) {
                CompletableFuture<Long> f = q.enqueueAsync(message("d", seq)).toCompletableFuture();
                synchronized (futures) {
                    futures.add(f);
                }
                f.whenComplete((id, e) -> {
                    if (e instanceof QueueException qe && qe.reason() == Reason.UNAVAILABLE) {
                        refused.set(true);
                    }
                });
            }
        });
        producer.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> q.stats().enqueued() > 1000);

        q.close();
        producer.join();

        Set<Long> committed = new HashSet<>();
        int unavailable = 0;
        synchronized (futures) {
            for (CompletableFuture<Long> f : futures) {
                assertThat(f).isDone();
                try {
                    committed.add(f.join());
                } catch (CompletionException e) {
                    assertThat(e.getCause()).isInstanceOfSatisfying(QueueException.class,
                            qe -> assertThat(qe.reason()).isIn(Reason.UNAVAILABLE, Reason.CAPACITY));
                    unavailable++;
                }
            }
        }
        assertThat(unavailable).isPositive();
        assertThat(committed).hasSizeGreaterThan(1000);

        SqliteQueue next = fixture.open(settings);
        Set<Long> stored = new HashSet<>();
        for (List<QueuedMessage> batch; !(batch = next.take(5000, Long.MAX_VALUE)).isEmpty();) {
            batch.forEach(m -> stored.add(m.id()));
        }
        assertThat(stored).isEqualTo(committed);
    }

    @Test
    public void everyCallFailsAsUnavailableOnceClosed() throws Exception {
        SqliteQueue q = fixture.open("closed");
        long id = q.enqueue(message("d", 1));
        q.close();
        q.close(); // twice is fine

        for (ThrowingCall call : List.<ThrowingCall> of(() -> q.enqueue(message("d", 2)), () -> q.take(1, 1),
                () -> q.ack(id), () -> q.ackRange(id, id), () -> q.requeue(id), q::requeueInFlight, q::housekeep)) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(QueueException.class,
                    e -> assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE));
        }
        assertThat(q.enqueueAsync(message("d", 3)).toCompletableFuture()).isCompletedExceptionally();
        assertThat(q.awaitPending(1, TimeUnit.HOURS)).isFalse();
        assertThat(q.stats().depth()).isEqualTo(1);
    }

    @Test
    public void closeWakesAwaitPending() throws Exception {
        SqliteQueue q = fixture.open("wake");
        CompletableFuture<Boolean> waiter = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                waiter.complete(q.awaitPending(1, TimeUnit.HOURS));
            } catch (InterruptedException e) {
                waiter.completeExceptionally(e);
            }
        });
        t.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> t.getState() == Thread.State.TIMED_WAITING);

        q.close();

        assertThat(waiter.get(30, TimeUnit.SECONDS)).isFalse();
    }

    @Test
    public void aCallbackMayCloseTheQueue() throws Exception {
        SqliteQueue q = fixture.open("callback");
        CompletableFuture<Void> closedInCallback = q.enqueueAsync(message("d", 1)).toCompletableFuture()
                .thenAccept(id -> q.close());

        closedInCallback.get(30, TimeUnit.SECONDS);

        assertThatThrownBy(() -> q.enqueue(message("d", 2))).isInstanceOfSatisfying(QueueException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.UNAVAILABLE));
    }

    private interface ThrowingCall {
        void run() throws Exception;
    }
}
