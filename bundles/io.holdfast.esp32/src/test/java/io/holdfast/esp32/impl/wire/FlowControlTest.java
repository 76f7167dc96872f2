package io.holdfast.esp32.impl.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.holdfast.esp32.impl.wire.FlowControl.Action;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoublePredicate;
import org.junit.Test;

/** The high and low water marks and the hold frames, without sockets. */
public class FlowControlTest {

    /** No recent publishing rate: only the fill marks count. */
    private static final long UNTIMED = Long.MAX_VALUE;

    /** A buffer of 100 places holding {@code fill} readings, as {@code Ingest::below} sees it. */
    private static DoublePredicate filled(int fill) {
        return fraction -> fill < 100 * fraction;
    }

    @Test
    public void holdsAtTheHighMarkAndResumesOnlyBelowTheLowMark() {
        FlowControl f = new FlowControl(0.9, 0.5, 1_000, 2_000);
        assertThat(f.update(filled(0), UNTIMED, 0)).isEqualTo(Action.NONE);
        assertThat(f.update(filled(89), UNTIMED, 1)).as("below the high mark").isEqualTo(Action.NONE);
        assertThat(f.holding()).isFalse();
        assertThat(f.update(filled(90), UNTIMED, 2)).as("at the high mark").isEqualTo(Action.HOLD);
        assertThat(f.holding()).isTrue();
        assertThat(f.update(filled(95), UNTIMED, 3)).as("a hold is sent once").isEqualTo(Action.NONE);
        assertThat(f.update(filled(89), UNTIMED, 4)).as("hysteresis: below high is not enough").isEqualTo(Action.NONE);
        assertThat(f.update(filled(50), UNTIMED, 5)).as("at the low mark is not below it").isEqualTo(Action.NONE);
        assertThat(f.holding()).isTrue();
        assertThat(f.update(filled(49), UNTIMED, 6)).isEqualTo(Action.RESUME);
        assertThat(f.holding()).isFalse();
        assertThat(f.update(filled(80), UNTIMED, 7)).as("between the marks after a resume").isEqualTo(Action.NONE);
        assertThat(f.update(filled(100), UNTIMED, 8)).isEqualTo(Action.HOLD);
        assertThat(f.holds()).isEqualTo(2);
    }

    @Test
    public void aLongHoldIsRenewedEveryHalfHold() {
        FlowControl f = new FlowControl(0.9, 0.5, 1_000, 2_000);
        assertThat(f.update(filled(99), UNTIMED, 10_000)).isEqualTo(Action.HOLD);
        assertThat(f.update(filled(99), UNTIMED, 10_499)).isEqualTo(Action.NONE);
        assertThat(f.update(filled(99), UNTIMED, 10_500)).isEqualTo(Action.RENEW);
        assertThat(f.update(filled(70), UNTIMED, 10_999)).isEqualTo(Action.NONE);
        assertThat(f.update(filled(70), UNTIMED, 11_000)).as("still above the low mark").isEqualTo(Action.RENEW);
        assertThat(f.update(filled(10), UNTIMED, 11_100)).isEqualTo(Action.RESUME);
        assertThat(f.update(filled(10), UNTIMED, 20_000)).as("no renewal when not holding").isEqualTo(Action.NONE);
        assertThat(f.holds()).isEqualTo(1);
    }

    @Test
    public void aBufferThatTakesLongerThanTheDelayMarkToDrainHoldsEvenWhenFarFromFull() {
        FlowControl f = new FlowControl(0.9, 0.5, 1_000, 2_000);
        assertThat(f.update(filled(10), 2_000, 0)).as("at the delay mark").isEqualTo(Action.NONE);
        assertThat(f.update(filled(10), 2_001, 1)).as("above it").isEqualTo(Action.HOLD);
        assertThat(f.update(filled(10), 1_000, 2)).as("not below half of it").isEqualTo(Action.NONE);
        assertThat(f.update(filled(60), 999, 3)).as("below half, but above the low fill mark").isEqualTo(Action.NONE);
        assertThat(f.update(filled(10), 999, 4)).isEqualTo(Action.RESUME);
        assertThat(f.update(filled(95), 0, 5)).as("the fill mark still counts").isEqualTo(Action.HOLD);
        assertThat(f.update(filled(10), UNTIMED, 6)).as("no rate: the fill marks alone").isEqualTo(Action.RESUME);
    }

    @Test
    public void marksMustBeOrdered() {
        assertThatThrownBy(() -> new FlowControl(0.5, 0.5, 1_000, 2_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FlowControl(0.5, 0.9, 1_000, 2_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FlowControl(1.5, 0.5, 1_000, 2_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FlowControl(0.9, 0, 1_000, 2_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FlowControl(0.9, 0.5, 0, 2_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FlowControl(0.9, 0.5, 1_000, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    public void holdAndResumeFramesFollowTheLinkConventions() {
        assertThat(FrameEncoder.hold(500)).isEqualTo("{\"t\":\"hold\",\"ms\":500}");
        assertThat(FrameEncoder.resume()).isEqualTo("{\"t\":\"resume\"}");
        // through a connection's downlink: after the coalesced acks, in order, with the CRC when the device uses it
        DownlinkQueue q = new DownlinkQueue(16, () -> {
        });
        q.send(FrameEncoder.hold(1_000));
        q.ack(null, 41);
        q.ack(null, 42);
        q.send(FrameEncoder.resume());
        List<String> lines = new ArrayList<>();
        q.drain(true, b -> lines.add(new String(b, StandardCharsets.UTF_8)));
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("{\"t\":\"ack\",\"seq\":42}\t").endsWith("\n");
        assertThat(lines.get(1)).matches("\\{\"t\":\"hold\",\"ms\":1000}\t[0-9A-F]{4}\n");
        assertThat(lines.get(2)).matches("\\{\"t\":\"resume\"}\t[0-9A-F]{4}\n");
    }
}
