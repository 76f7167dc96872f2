package io.holdfast.esp32.impl.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.holdfast.esp32.impl.ingest.SeqTracker.Verdict;
import org.junit.Test;

public class SeqTrackerTest {

    @Test
    public void acksTheHighestContiguousStoredNumberOnly() {
        SeqTracker t = new SeqTracker();
        assertThat(t.ack()).isEqualTo(-1);
        for (long s = 100; s <= 104; s++) {
            assertThat(t.offer(s)).isEqualTo(Verdict.NEW);
        }
        assertThat(t.ack()).as("nothing stored yet").isEqualTo(-1);
        assertThat(t.published(101, 0)).as("100 is not stored").isEqualTo(-1);
        assertThat(t.published(100, 0)).isEqualTo(101);
        assertThat(t.published(103, 0)).isEqualTo(-1);
        assertThat(t.published(102, 0)).isEqualTo(103);
        assertThat(t.ack()).isEqualTo(103);
    }

    @Test
    public void duplicatesAreRecognised() {
        SeqTracker t = new SeqTracker();
        t.offer(5);
        assertThat(t.offer(5)).isEqualTo(Verdict.IN_FLIGHT);
        t.published(5, 0);
        assertThat(t.offer(5)).isEqualTo(Verdict.STORED);
        t.offer(7);
        t.published(7, 0);
        assertThat(t.offer(7)).isEqualTo(Verdict.STORED);
        assertThat(t.offer(6)).isEqualTo(Verdict.NEW);
        assertThat(t.published(6, 0)).isEqualTo(7);
    }

    @Test
    public void aDroppedReadingIsAcceptedAgain() {
        SeqTracker t = new SeqTracker();
        t.offer(1);
        t.dropped(1);
        assertThat(t.offer(1)).isEqualTo(Verdict.NEW);
    }

    @Test
    public void olderThanTheFirstSeenIsAcceptedOnceWithoutMovingTheAck() {
        SeqTracker t = new SeqTracker();
        t.offer(50);
        t.published(50, 0);
        assertThat(t.offer(40)).isEqualTo(Verdict.NEW);
        assertThat(t.published(40, 0)).isEqualTo(-1);
        assertThat(t.offer(40)).isEqualTo(Verdict.STORED);
        assertThat(t.ack()).isEqualTo(50);
    }

    @Test
    public void aDeviceThatAnnouncesWhatItKeepsLosesNoHoleToTheTimeout() {
        SeqTracker t = new SeqTracker();
        t.announce(1, 0);
        t.offer(1);
        t.published(1, 0);
        t.offer(5);
        assertThat(t.published(5, 1_000)).isEqualTo(-1);
        assertThat(t.expireGaps(600_000, 60_000)).as("the device still keeps 2 to 4 and re-sends them").isEqualTo(-1);
        assertThat(t.gaps()).isZero();
        // its next hello says it no longer has them: given up then
        assertThat(t.announce(5, 601_000)).isEqualTo(5);
        assertThat(t.gaps()).isEqualTo(3);
    }

    @Test
    public void aHoleIsGivenUpAfterTheTimeoutAndCountedAsGaps() {
        SeqTracker t = new SeqTracker();
        t.offer(1);
        t.published(1, 0);
        t.offer(5);
        assertThat(t.published(5, 1_000)).isEqualTo(-1);
        assertThat(t.expireGaps(30_000, 60_000)).isEqualTo(-1);
        t.offer(3);
        assertThat(t.expireGaps(61_000, 60_000)).as("3 is in flight inside the hole").isEqualTo(-1);
        t.published(3, 61_500);
        // one hole at a time, each with its own full timeout: 2 first, then 4
        assertThat(t.expireGaps(200_000, 60_000)).isEqualTo(3);
        assertThat(t.gaps()).isEqualTo(1);
        assertThat(t.expireGaps(259_000, 60_000)).isEqualTo(-1);
        assertThat(t.expireGaps(260_000, 60_000)).isEqualTo(5);
        assertThat(t.gaps()).isEqualTo(2);
        assertThat(t.offer(4)).isEqualTo(Verdict.STORED);
        assertThat(t.hasHole()).isFalse();
    }

    @Test
    public void wrapsAt32Bits() {
        SeqTracker t = new SeqTracker();
        long max = 0xFFFF_FFFFL;
        t.offer(max - 1);
        t.offer(max);
        t.offer(0);
        t.offer(1);
        t.published(max - 1, 0);
        t.published(max, 0);
        t.published(0, 0);
        assertThat(t.published(1, 0)).isEqualTo(1);
        assertThat(t.offer(max)).isEqualTo(Verdict.STORED);
        assertThat(t.offer(2)).isEqualTo(Verdict.NEW);
    }

    @Test
    public void firstSeqZeroDoesNotAckWrappedMax() {
        SeqTracker t = new SeqTracker();
        t.offer(0);
        assertThat(t.ack()).isEqualTo(-1);
        assertThat(t.published(0, 0)).isEqualTo(0);
    }

    @Test
    public void theHelloSaysWhereAcksStart() {
        SeqTracker t = new SeqTracker();
        t.announce(10, 0);
        t.offer(11); // 10 was lost in transit
        assertThat(t.published(11, 0)).as("10 is not stored: no ack").isEqualTo(-1);
        t.offer(10);
        assertThat(t.published(10, 0)).isEqualTo(11);
    }

    @Test
    public void aHelloAboveTheHoleGivesItUp() {
        SeqTracker t = new SeqTracker();
        t.offer(1);
        t.published(1, 0);
        t.offer(4);
        t.published(4, 0);
        // the device no longer keeps 2 and 3 (its flash overflowed): its oldest is 4
        assertThat(t.announce(4, 0)).isEqualTo(4);
        assertThat(t.gaps()).isEqualTo(2);
        assertThat(t.announce(3, 0)).as("already acked: ack again").isEqualTo(4);
    }

    @Test
    public void resendsAreRecognised() {
        SeqTracker t = new SeqTracker();
        assertThat(t.isResend(5)).isFalse();
        t.offer(5);
        t.offer(6);
        assertThat(t.isResend(5)).isTrue();
        assertThat(t.isResend(6)).isFalse();
        assertThat(t.isResend(7)).isFalse();
    }
}
