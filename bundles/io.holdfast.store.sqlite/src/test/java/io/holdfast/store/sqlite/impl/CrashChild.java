package io.holdfast.store.sqlite.impl;

import io.holdfast.api.queue.OutboundMessage;
import io.holdfast.api.queue.QueueException;
import io.holdfast.api.queue.QueuedMessage;
import java.io.BufferedWriter;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The process {@link CrashTest} kills: enqueues as fast as it can from several threads and prints every committed id as
 * {@code E <id> <device> <seq> .} (a line without its final dot was cut by the kill and does not count).
 * <p>
 * Arguments: the queue file, the number of producer threads, and {@code plain} or {@code housekeeping}. In housekeeping
 * mode a sender also takes and acknowledges short-lived "churn" messages (requeueing the producers' ones), churn
 * messages expire, and housekeeping passes (expiry, incremental vacuum, checkpoint) run back to back, so that the kill
 * lands in them too. Producers' devices are {@code p0..pN}; their sequence numbers continue from {@code start}.
 */
public final class CrashChild {

    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int producers = Integer.parseInt(args[1]);
        boolean housekeeping = "housekeeping".equals(args[2]);
        long start = Long.parseLong(args[3]);
        Writer out = new BufferedWriter(
                new OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.US_ASCII));
        SqliteQueue q = new SqliteQueue(QueueSettings.defaults("crash", file)
                .withHousekeepingInterval(Duration.ofMillis(housekeeping ? 5 : 60_000)), Clock.systemUTC());
        print(out, "READY " + q.stats().depth());
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            String device = "p" + p;
            threads.add(new Thread(() -> {
                for (long seq = start;; seq++) {
                    try {
                        long id = q.enqueue(QueueFixture.message(device, seq));
                        print(out, "E " + id + " " + device + " " + seq + " .");
                    } catch (QueueException e) {
                        print(out, "X " + e.getMessage());
                        return;
                    }
                }
            }));
        }
        if (housekeeping) {
            threads.add(new Thread(() -> churn(q, start)));
            threads.add(new Thread(() -> send(q)));
            threads.add(new Thread(() -> {
                while (true) {
                    try {
                        q.housekeep();
                        print(out, "H .");
                    } catch (QueueException e) {
                        print(out, "X " + e.getMessage());
                        return;
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
    }

    private static void churn(SqliteQueue q, long start) {
        for (long seq = start;; seq++) {
            // urgent and short-lived: the sender acknowledges most, expiry removes the rest
            OutboundMessage m = OutboundMessage.builder("churn", QueueFixture.payload("churn", seq)).priority(0)
                    .reading("churn", seq).expiresAt(Instant.now().plusMillis(seq % 3 == 0 ? 1 : 60_000)).build();
            try {
                q.enqueue(m);
            } catch (QueueException e) {
                return;
            }
        }
    }

    private static void send(SqliteQueue q) {
        try {
            while (q.awaitPending(1, TimeUnit.MINUTES)) {
                List<QueuedMessage> batch = q.take(300, Long.MAX_VALUE);
                q.ack(batch.stream().filter(m -> "churn".equals(m.message().deviceId())).mapToLong(QueuedMessage::id)
                        .toArray());
                q.requeue(batch.stream().filter(m -> !"churn".equals(m.message().deviceId()))
                        .mapToLong(QueuedMessage::id).toArray());
            }
        } catch (QueueException | InterruptedException e) {
            // the queue closed
        }
    }

    private static void print(Writer out, String line) {
        synchronized (out) {
            try {
                out.write(line);
                out.write('\n');
                out.flush();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
