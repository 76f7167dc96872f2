package io.holdfast.cloud.mqtt.impl.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.api.queue.OutboundMessage;
import io.holdfast.cloud.mqtt.impl.StoreQueues;
import io.holdfast.cloud.mqtt.impl.payload.PayloadEncoding;
import io.holdfast.store.sqlite.impl.SqliteQueue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.kura.message.KuraPayload;
import org.junit.After;
import org.junit.Test;

/** The backlog metrics of BIRTH and of the status message, from a real SQLite queue, through both encodings. */
public class BacklogTest {

    private final SqliteQueue queue = StoreQueues.fresh();
    private final AtomicReference<io.holdfast.api.queue.DurableQueue> bound = new AtomicReference<>();
    private final Backlog backlog = new Backlog(bound::get);

    @After
    public void close() {
        queue.close();
    }

    @Test
    public void withoutAQueueTheBacklogIsNotReported() {
        Birth birth = new Birth("gw", PayloadEncoding.KURA_PROTOBUF, k -> null, "1.0.0", backlog);
        assertThat(backlog.status()).isNull();
        assertThat(birth.birth(List.of(), "tcp://127.0.0.1:1").metricNames()).doesNotContain(Backlog.METRIC_MESSAGES,
                Backlog.METRIC_OLDEST_AGE_MS);
    }

    @Test
    public void anEmptyQueueReportsZeroAndZeroAge() {
        bound.set(queue);
        KuraPayload status = backlog.status();
        assertThat(status.getMetric(Backlog.METRIC_MESSAGES)).isEqualTo(0L);
        assertThat(status.getMetric(Backlog.METRIC_OLDEST_AGE_MS)).isEqualTo(0L);
        assertThat(status.getMetric("uptime")).isInstanceOf(Long.class);
    }

    @Test
    public void storedAndInFlightMessagesCountAndTheOldestAgeIsReportedInBothEncodings() throws Exception {
        bound.set(queue);
        long before = System.currentTimeMillis();
        for (int i = 0; i < 3; i++) {
            queue.enqueue(OutboundMessage.builder("a/b/W1/t", ("m" + i).getBytes(StandardCharsets.UTF_8)).build());
        }
        queue.take(1, Long.MAX_VALUE); // one in flight: still not confirmed, still counted
        for (PayloadEncoding encoding : PayloadEncoding.values()) {
            Birth birth = new Birth("gw", encoding, k -> null, "1.0.0", backlog);
            for (KuraPayload p : List.of(birth.birth(List.of("DEPLOY-V2"), "tcp://127.0.0.1:1"), backlog.status())) {
                long elapsed = System.currentTimeMillis() - before;
                KuraPayload decoded = PayloadEncoding.decodeAny(encoding.encode(p));
                assertThat(decoded.getMetric(Backlog.METRIC_MESSAGES)).as(encoding.name()).isEqualTo(3L);
                assertThat((Long) decoded.getMetric(Backlog.METRIC_OLDEST_AGE_MS)).as(encoding.name()).isBetween(0L,
                        elapsed);
            }
        }
        queue.ackRange(0, Long.MAX_VALUE); // the one in flight is confirmed
        assertThat(backlog.status().getMetric(Backlog.METRIC_MESSAGES)).isEqualTo(2L);
    }
}
