package io.holdfast.cloud.mqtt.impl.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

public class BackoffTest {

    @Test
    public void doublesUpToTheMaximumWithJitterInTheUpperHalf() {
        Backoff low = new Backoff(1000, 60_000, () -> 0.0);
        Backoff high = new Backoff(1000, 60_000, () -> 0.999_999);
        long[] ceilings = { 1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000 };
        for (long c : ceilings) {
            assertThat(low.nextDelayMillis()).isEqualTo(c / 2);
            assertThat(high.nextDelayMillis()).isBetween(c - 1, c);
        }
        assertThat(low.ceilingMillis(1000)).isEqualTo(60_000);
    }

    @Test
    public void resetStartsOver() {
        Backoff b = new Backoff(100, 10_000, () -> 1.0);
        b.nextDelayMillis();
        b.nextDelayMillis();
        assertThat(b.nextDelayMillis()).isEqualTo(400);
        b.reset();
        assertThat(b.failures()).isZero();
        assertThat(b.nextDelayMillis()).isEqualTo(100);
    }

    @Test
    public void tokenBucketPacesToItsRate() {
        AtomicLong now = new AtomicLong();
        TokenBucket bucket = new TokenBucket(10, 5, now::get);
        assertThat(bucket.take(100)).isEqualTo(5);
        assertThat(bucket.take(1)).isZero();
        assertThat(bucket.nanosUntilToken()).isEqualTo(100_000_000L);
        now.addAndGet(250_000_000L);
        assertThat(bucket.take(100)).isEqualTo(2);
        now.addAndGet(60_000_000_000L);
        assertThat(bucket.take(100)).as("never more than the burst").isEqualTo(5);
    }

    @Test
    public void tokensGivenBackAreKeptUpToTheBurst() {
        AtomicLong now = new AtomicLong();
        TokenBucket bucket = new TokenBucket(0.001, 2, now::get);
        assertThat(bucket.take(2)).isEqualTo(2);
        bucket.giveBack(2); // taken while nothing was queued: an idle connection must not burn its burst
        bucket.giveBack(5);
        assertThat(bucket.take(10)).as("never more than the burst").isEqualTo(2);
        assertThat(bucket.take(1)).isZero();
    }
}
