package io.holdfast.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;

/**
 * Sensor nodes behind a device ({@code src}): each node numbers, keeps, re-sends and is acknowledged on its own, on the
 * relaying device's link.
 */
public class RelayedNodesTest {

    static final String DEVICE = "3C:5E:00:00:00:01";
    static final String NODE1 = "40:5E:00:00:00:01";
    static final String NODE2 = "40:5E:00:00:00:02";

    private static SimDevice device(long resendMs) {
        return new SimDevice(DEVICE, SimDevice.Mode.NATIVE, false, 0, 100, 1_000, 1, resendMs);
    }

    private static long seqOf(String frame) {
        return Long.parseLong(frame.replaceAll(".*\"seq\":(\\d+).*", "$1"));
    }

    private static List<String> drain(SimDevice d) {
        List<String> frames = new ArrayList<>();
        for (String f; (f = d.nextOfAll(6)) != null;) {
            frames.add(f);
        }
        return frames;
    }

    @Test
    public void aNodesReadingsCarryTheRelaysMacTheirSrcAndTheirOwnSeqTakingTurns() {
        SimDevice d = device(60_000);
        SimDevice n1 = d.relay(NODE1, 500);
        SimDevice n2 = d.relay(NODE2, 900);
        assertThat(d.sources()).containsExactly(d, n1, n2);
        assertThat(n1.relayedBy()).isEqualTo(DEVICE);
        assertThat(d.relayedBy()).isNull();
        for (SimDevice s : d.sources()) {
            s.take();
            s.take();
        }
        List<String> frames = drain(d);
        assertThat(frames).hasSize(6);
        // one frame of each in turn, then the second of each
        assertThat(frames.subList(0, 3)).anySatisfy(f -> assertThat(f).doesNotContain("\"src\""))
                .anySatisfy(f -> assertThat(f).contains("\"src\":\"" + NODE1 + "\""))
                .anySatisfy(f -> assertThat(f).contains("\"src\":\"" + NODE2 + "\""));
        List<Long> own = new ArrayList<>();
        List<Long> node1 = new ArrayList<>();
        List<Long> node2 = new ArrayList<>();
        for (String f : frames) {
            assertThat(f).startsWith("{\"t\":\"r\",\"mac\":\"" + DEVICE + "\",");
            (f.contains(NODE1) ? node1 : f.contains(NODE2) ? node2 : own).add(seqOf(f));
        }
        assertThat(own).containsExactly(100L, 101L);
        assertThat(node1).containsExactly(500L, 501L);
        assertThat(node2).containsExactly(900L, 901L);
        assertThat(d.hello()).as("the hello is the device's, with its own oldest seq").contains("\"mac\":\"" + DEVICE)
                .contains("\"seq\":100").doesNotContain("src");
    }

    @Test
    public void anAckWithSrcAcknowledgesThatNodeOnly() {
        SimDevice d = device(60_000);
        SimDevice n1 = d.relay(NODE1, 500);
        SimDevice n2 = d.relay(NODE2, 900);
        for (SimDevice s : d.sources()) {
            s.take();
            s.take();
        }
        drain(d);
        d.downlink("{\"t\":\"ack\",\"src\":\"" + NODE1 + "\",\"seq\":501}");
        assertThat(n1.unacked()).isZero();
        assertThat(n1.acked()).isEqualTo(2);
        assertThat(d.unacked()).as("the device's own readings are not the node's").isEqualTo(2);
        assertThat(n2.unacked()).isEqualTo(2);
        d.downlink(Crc.suffixed("{\"t\":\"ack\",\"seq\":101}"));
        assertThat(d.unacked()).isZero();
        assertThat(n2.unacked()).as("a plain ack is the device's, not a node's").isEqualTo(2);
        d.downlink("{\"t\":\"ack\",\"src\":\"99:99:99:99:99:99\",\"seq\":901}");
        assertThat(n2.unacked()).as("an ack for a node this device does not relay").isEqualTo(2);
        d.downlink(Crc.suffixed("{\"t\":\"ack\",\"src\":\"" + NODE2.toLowerCase() + "\",\"seq\":900}"));
        assertThat(n2.unacked()).isEqualTo(1);
        assertThat(n2.acked()).isEqualTo(1);
    }

    @Test
    public void onlyTheNodeWhoseAcksStallReSendsAfterItsBackOff() {
        SimDevice d = device(300);
        SimDevice n1 = d.relay(NODE1, 500);
        SimDevice n2 = d.relay(NODE2, 900);
        for (SimDevice s : d.sources()) {
            s.take();
        }
        drain(d);
        d.downlink("{\"t\":\"ack\",\"seq\":100}");
        d.downlink("{\"t\":\"ack\",\"src\":\"" + NODE1 + "\",\"seq\":500}");
        assertThat(d.rewindStalled()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> d.rewindStalled() == 1);
        List<String> again = drain(d);
        assertThat(again).hasSize(1);
        assertThat(again.get(0)).as("the node's re-send, a replay batch on the device's link").startsWith(
                "{\"t\":\"rb\",\"mac\":\"" + DEVICE + "\",\"items\":[{\"src\":\"" + NODE2 + "\",\"seq\":900,");
        assertThat(n2.resends()).isEqualTo(1);
        assertThat(n1.resends()).isZero();
        assertThat(d.resends()).isZero();
        assertThat(d.rewindStalled()).as("the node's back-off restarts with its re-send").isZero();
    }

    @Test
    public void aReconnectReSendsWhatEachKeepsAndAHoldHoldsTheNodesToo() {
        SimDevice d = device(60_000);
        SimDevice n1 = d.relay(NODE1, 500);
        for (int i = 0; i < 4; i++) {
            d.take();
            n1.take();
        }
        drain(d);
        d.downlink("{\"t\":\"ack\",\"seq\":101}");
        d.downlink("{\"t\":\"ack\",\"src\":\"" + NODE1 + "\",\"seq\":500}");
        d.rewindAll();
        List<String> again = drain(d);
        assertThat(again).hasSize(2).allSatisfy(f -> assertThat(f).startsWith("{\"t\":\"rb\",\"mac\":\"" + DEVICE));
        assertThat(again).anySatisfy(f -> assertThat(f).doesNotContain("src").contains("\"seq\":102", "\"seq\":103"))
                .anySatisfy(f -> assertThat(f).contains("\"src\":\"" + NODE1 + "\",\"seq\":501", "\"seq\":503")
                        .doesNotContain("\"seq\":500"));
        assertThat(n1.resends()).isEqualTo(3);
        assertThat(d.resends()).isEqualTo(2);

        d.downlink("{\"t\":\"hold\",\"ms\":60000}");
        assertThat(d.held()).isTrue();
        assertThat(n1.held()).isTrue();
        d.downlink("{\"t\":\"resume\"}");
        assertThat(n1.held()).isFalse();
        assertThat(d.held()).isFalse();
    }

    @Test
    public void nodeAcksAreReadAsFirmwareDoes() {
        assertThat(Acks.node("{\"t\":\"ack\",\"src\":\"" + NODE1 + "\",\"seq\":42}"))
                .isEqualTo(new Acks.NodeAck(NODE1, 42));
        assertThat(Acks.node(Crc.suffixed("{\"t\":\"ack\",\"src\":\"node-7\",\"seq\":4294967295}")))
                .isEqualTo(new Acks.NodeAck("node-7", 4294967295L));
        assertThat(Acks.node("{\"t\":\"ack\",\"seq\":42}")).as("the device's own").isNull();
        assertThat(Acks.node("{\"t\":\"oled\",\"src\":\"" + NODE1 + "\",\"seq\":42}")).as("no ack").isNull();
        assertThat(Acks.node("{\"t\":\"ack\",\"src\":\"" + NODE1 + "\"}")).as("no seq").isNull();
    }

    @Test
    public void aNodeIsNoRelay() {
        SimDevice n1 = device(60_000).relay(NODE1, 0);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> n1.relay(NODE2, 0))
                .isInstanceOf(IllegalStateException.class);
    }
}
