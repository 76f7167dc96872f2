package io.holdfast.cloud.mqtt.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

public class WarningLimiterTest {

    @Test
    public void oneLinePerKindPerPeriodWithTheRepeatsCounted() {
        AtomicLong now = new AtomicLong(1_000);
        WarningLimiter limiter = new WarningLimiter(TimeUnit.SECONDS.toNanos(30), now::get);

        assertThat(limiter.line("full", "disk full")).isEqualTo("disk full");
        for (int i = 0; i < 99; i++) {
            now.addAndGet(TimeUnit.MILLISECONDS.toNanos(100));
            assertThat(limiter.line("full", "disk full")).isNull();
        }
        // another kind is not held back by the first
        assertThat(limiter.line("capacity", "queue full")).isEqualTo("queue full");
        now.addAndGet(TimeUnit.SECONDS.toNanos(21));
        assertThat(limiter.line("full", "disk full")).isEqualTo("disk full (99 more since the last report)");
        now.addAndGet(TimeUnit.SECONDS.toNanos(30));
        assertThat(limiter.line("full", "disk full")).isEqualTo("disk full");
    }
}
