package io.holdfast.api.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.Test;

public class OutboundMessageTest {

    @Test
    public void defaultsAreKuraDataDefaults() {
        OutboundMessage m = OutboundMessage.builder("app/topic", new byte[] { 1, 2 }).build();

        assertThat(m.priority()).isEqualTo(OutboundMessage.PRIORITY_DEFAULT);
        assertThat(m.qos()).isEqualTo(1);
        assertThat(m.retain()).isFalse();
        assertThat(m.seq()).isEqualTo(OutboundMessage.NO_SEQ);
        assertThat(m.deviceId()).isNull();
        assertThat(m.createdAt()).isNotNull();
    }

    @Test
    public void rejectsOutOfRangeValues() {
        assertThatThrownBy(() -> OutboundMessage.builder("t", new byte[0]).priority(10).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("priority");
        assertThatThrownBy(() -> OutboundMessage.builder("t", new byte[0]).qos(2).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("qos");
        assertThatThrownBy(() -> OutboundMessage.builder("", new byte[0]).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("topic");
        assertThatThrownBy(() -> OutboundMessage.builder("t", null).build()).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> OutboundMessage.builder("t", new byte[0]).reading("d", -2).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    public void transientReasonsAreTheOnesARetryCanFix() {
        assertThat(new QueueException(QueueException.Reason.CAPACITY, "full").isTransient()).isTrue();
        assertThat(new QueueException(QueueException.Reason.DISK_FULL, "disk").isTransient()).isTrue();
        assertThat(new QueueException(QueueException.Reason.UNAVAILABLE, "closed").isTransient()).isTrue();
        assertThat(new QueueException(QueueException.Reason.IO_ERROR, "io").isTransient()).isFalse();
        assertThat(new QueueException(QueueException.Reason.INVALID, "bad").isTransient()).isFalse();
    }
}
