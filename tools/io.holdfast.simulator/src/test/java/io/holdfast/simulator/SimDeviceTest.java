package io.holdfast.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/** The device's send and re-send rule, and the flow control frames, as firmware does them. */
public class SimDeviceTest {

    private static SimDevice device(long resendMs) {
        return new SimDevice("3C:5E:00:00:00:01", SimDevice.Mode.NATIVE, false, 0, 100, 1_000, 1, resendMs);
    }

    private static long seqOf(String frame) {
        return Long.parseLong(frame.replaceAll(".*\"seq\":(\\d+).*", "$1"));
    }

    @Test
    public void readingsGoOutInOrderWhenTheSocketTakesThemNeverSkipped() {
        SimDevice d = device(60_000);
        for (int i = 0; i < 10; i++) {
            d.take();
        }
        // the socket took three, then was full while seven more were taken: nothing is skipped
        List<Long> sent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sent.add(seqOf(d.next(6)));
        }
        for (int i = 0; i < 7; i++) {
            d.take();
        }
        for (String f; (f = d.next(6)) != null;) {
            assertThat(f).startsWith("{\"t\":\"r\",");
            sent.add(seqOf(f));
        }
        List<Long> expected = new ArrayList<>();
        for (long s = 100; s < 117; s++) {
            expected.add(s);
        }
        assertThat(sent).isEqualTo(expected);
        assertThat(d.resends()).isZero();
    }

    @Test
    public void atMostAWindowWaitsForAnAck() {
        SimDevice d = device(60_000);
        for (int i = 0; i < SimDevice.WINDOW + 10; i++) {
            d.take();
        }
        int sent = 0;
        while (d.next(6) != null) {
            sent++;
        }
        assertThat(sent).isEqualTo(SimDevice.WINDOW);
        d.ack(100 + 4);
        for (int i = 0; i < 5; i++) {
            assertThat(seqOf(d.next(6))).isEqualTo(100 + SimDevice.WINDOW + i);
        }
        assertThat(d.next(6)).isNull();
    }

    @Test
    public void noReSendWhileAcksAdvanceAndOneAfterTheBackOffWhenTheyStop() {
        SimDevice d = device(300);
        assertThat(d.resendDue()).as("nothing sent").isFalse();
        long deadline = System.nanoTime() + 1_500_000_000L;
        long s = 100;
        while (System.nanoTime() < deadline) {
            // acks flow (each one older than the back-off would allow): never a re-send
            d.take();
            d.next(6);
            d.ack(s++);
            assertThat(d.resendDue()).isFalse();
            await().pollDelay(Duration.ofMillis(20)).until(() -> true);
        }
        d.take();
        d.next(6);
        assertThat(d.resendDue()).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(d::resendDue);
        d.rewind();
        String again = d.next(6);
        assertThat(again).as("a re-send is a replay batch").startsWith("{\"t\":\"rb\",");
        assertThat(seqOf(again)).isEqualTo(s);
        assertThat(d.resends()).isEqualTo(1);
        assertThat(d.resendDue()).as("the back-off restarts with the re-send").isFalse();
    }

    @Test
    public void aHeldDeviceSendsNothingAndDoesNotTakeTheWaitForAStall() {
        SimDevice d = device(100);
        d.take();
        d.next(6);
        d.hold(60_000);
        assertThat(d.held()).isTrue();
        d.take();
        assertThat(d.held()).isTrue();
        await().pollDelay(Duration.ofMillis(300)).until(() -> true);
        assertThat(d.resendDue()).as("held: waiting for acks is not a stall").isFalse();
        d.resume();
        assertThat(d.held()).isFalse();
        assertThat(d.resendDue()).as("the wait starts again at the resume").isFalse();
        assertThat(seqOf(d.next(6))).as("what was taken while held goes out, once").isEqualTo(101);
        assertThat(d.next(6)).isNull();
        d.hold(50);
        await().atMost(Duration.ofSeconds(5)).until(() -> !d.held());
        assertThat(d.holds()).isEqualTo(2);
    }

    @Test
    public void aReconnectReSendsWhatIsUnackedFromTheOldest() {
        SimDevice d = device(60_000);
        for (int i = 0; i < 8; i++) {
            d.take();
            d.next(6);
        }
        d.ack(102);
        d.rewind();
        assertThat(d.hello()).contains("\"seq\":103");
        String first = d.next(6);
        String second = d.next(6);
        assertThat(first).startsWith("{\"t\":\"rb\",").contains("\"seq\":103").contains("\"seq\":107");
        assertThat(d.next(6)).isNull();
        assertThat(second).isNull();
        assertThat(d.resends()).isEqualTo(5);
    }

    @Test
    public void downlinkLinesAreReadAsFirmwareDoesAndUnknownTypesIgnored() {
        assertThat(Acks.seq("{\"t\":\"ack\",\"seq\":42}")).isEqualTo(42);
        assertThat(Acks.seq("{\"t\":\"ack\",\"src\":\"AA\",\"seq\":42}")).as("a relayed node's").isEqualTo(-1);
        assertThat(Acks.holdMs("{\"t\":\"hold\",\"ms\":500}\t1A2B")).isEqualTo(500);
        assertThat(Acks.holdMs("{\"t\":\"ack\",\"seq\":500}")).isEqualTo(-1);
        assertThat(Acks.isResume("{\"t\":\"resume\"}")).isTrue();
        String unknown = "{\"t\":\"later\",\"ms\":5}";
        assertThat(Acks.seq(unknown)).isEqualTo(-1);
        assertThat(Acks.holdMs(unknown)).isEqualTo(-1);
        assertThat(Acks.isResume(unknown)).isFalse();
    }
}
