package io.holdfast.backend.ingest.impl.wire;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.holdfast.backend.ingest.impl.wire.MessageDecoder.Decoded;
import io.holdfast.backend.ingest.impl.wire.proto.KuraPayloadProto.KuraPayload;
import io.holdfast.backend.store.IncomingReading;
import java.util.List;
import java.util.Map;
import org.junit.Test;

public class MessageDecoderTest {

    static final String TOPIC = "holdfast/gw-1/ESP32/readings/AA:BB:CC:00:00:09";
    final MessageDecoder decoder = new MessageDecoder();

    @Test
    public void takesIdentityFromSourceAndSeqOfAKuraProtobufReading() throws Exception {
        byte[] p = Payloads.reading("AA:BB:CC:00:00:09", 42, 1_700_000_000_000L, 4.25).toByteArray();
        Decoded d = decoder.decode(TOPIC, p, 5);
        IncomingReading r = d.readings().get(0);
        assertThat(r.device()).isEqualTo("AA:BB:CC:00:00:09");
        assertThat(r.seq()).isEqualTo(42);
        assertThat(r.timestamp()).isEqualTo(1_700_000_000_000L);
        assertThat(r.gateway()).isEqualTo("gw-1");
        assertThat(r.metrics()).containsEntry("temperature", 4.25).containsEntry("temperature.unit", "Cel");
        assertThat(decoder.decode(TOPIC, Payloads.gzip(p), 5)).isEqualTo(d);
    }

    @Test
    public void unpacksHoldfastBatchesInProtobufAndJson() throws Exception {
        byte[] p = Payloads.batch("AA:BB:CC:00:00:01",
                List.of(Payloads.reading("n1", 1, 1000, 1), Payloads.reading("n1", 2, 2000, 2),
                        KuraPayload.newBuilder().setTimestamp(3000).addMetric(Payloads.lng("seq", 3))
                                .addMetric(Payloads.dbl("temperature", 3)).build()));
        List<IncomingReading> rs = decoder.decode(TOPIC, p, 5).readings();
        assertThat(rs).extracting(IncomingReading::seq).containsExactly(1L, 2L, 3L);
        assertThat(rs).extracting(IncomingReading::device).containsExactly("n1", "n1", "AA:BB:CC:00:00:01");
        String json = "{\"sentOn\":9,\"metrics\":{\"batch.size\":2,\"device\":\"d7\"},\"batch\":["
                + "{\"sentOn\":100,\"metrics\":{\"seq\":7,\"temperature\":5.5,\"ok\":true}},"
                + "{\"sentOn\":200,\"metrics\":{\"seq\":8,\"temperature\":6,\"note\":null}}]}";
        List<IncomingReading> js = decoder.decode(TOPIC, json.getBytes(UTF_8), 5).readings();
        assertThat(js).extracting(IncomingReading::device).containsOnly("d7");
        assertThat(js.get(0).metrics()).containsEntry("temperature", 5.5).containsEntry("ok", true);
        assertThat(js.get(1).metrics()).containsEntry("temperature", 6L).doesNotContainKey("note");
        assertThat(js).extracting(IncomingReading::timestamp).containsExactly(100L, 200L);
    }

    @Test
    public void givesSeedReadingsADeterministicIdentityFromTopicAndPayload() throws Exception {
        String t = "/readings/temperature/40:91:51:CB:A4:64";
        byte[] p = "{\"macAddress\":\"40:91:51:CB:A4:64\", \"timestamp\":93387, \"temperature\":21.37}".getBytes(UTF_8);
        IncomingReading a = decoder.decode(t, p, 1000).readings().get(0);
        IncomingReading again = decoder.decode(t, p, 9000).readings().get(0);
        assertThat(a.seq()).isNegative().isEqualTo(again.seq());
        assertThat(a.device()).isEqualTo("40:91:51:CB:A4:64");
        assertThat(a.gateway()).isEmpty();
        assertThat(a.metrics()).containsEntry("temperature", 21.37).containsEntry("uptime", 93387L)
                .containsEntry("sensor.type", "temperature");
        byte[] later = "{\"macAddress\":\"40:91:51:CB:A4:64\", \"timestamp\":94387, \"temperature\":21.37}"
                .getBytes(UTF_8);
        assertThat(decoder.decode(t, later, 1000).readings().get(0).seq()).isNotEqualTo(a.seq());
        IncomingReading g = decoder
                .decode("/readings/gateway/3C:E9:0E:72:12:4C",
                        "{\"macAddress\":\"3C:E9:0E:72:12:4C\",\"timestamp\":93387,\"rssi\":65}".getBytes(UTF_8), 1)
                .readings().get(0);
        assertThat(g.metrics()).containsEntry("rssi.percent", 65L).containsEntry("rssi", -51.0);
    }

    @Test
    public void derivesTheSameIdentityForAKuraReadingWithoutSeqWhenItIsSentAgain() throws Exception {
        byte[] p = KuraPayload.newBuilder().setTimestamp(77).addMetric(Payloads.dbl("temperature", 3)).build()
                .toByteArray();
        long first = decoder.decode(TOPIC, p, 1).readings().get(0).seq();
        assertThat(first).isNegative().isEqualTo(decoder.decode(TOPIC, p, 2).readings().get(0).seq());
    }

    @Test
    public void readsGatewayLifecycleAndIgnoresOtherControlTopics() throws Exception {
        byte[] birth = KuraPayload.newBuilder().addMetric(Payloads.str("firmware_version", "5.6"))
                .addMetric(Payloads.str("display_name", "Cold room 3")).build().toByteArray();
        Decoded d = decoder.decode("$EDC/acc/gw-1/MQTT/BIRTH", birth, 1);
        assertThat(d.lifecycle().clientId()).isEqualTo("gw-1");
        assertThat(d.lifecycle().metrics()).containsEntry("display_name", "Cold room 3");
        assertThat(decoder.decode("$EDC/acc/gw-1/MQTT/LWT", new byte[] { 9, 9 }, 1).lifecycle().event())
                .isEqualTo("LWT");
        assertThat(decoder.decode("$EDC/acc/gw-1/DEPLOY-V2/REPLY/1", new byte[0], 1).readings()).isEmpty();
    }

    @Test
    public void readsTheBacklogOfAGatewaysStatusAndOfItsBirth() throws Exception {
        byte[] status = KuraPayload.newBuilder().setTimestamp(5).addMetric(Payloads.lng("uptime", 1000))
                .addMetric(Payloads.lng("backlog_messages", 1234))
                .addMetric(Payloads.lng("backlog_oldest_age_ms", 61_000)).build().toByteArray();
        Decoded d = decoder.decode("$EDC/acc/gw-1/HOLDFAST-V1/STATUS", status, 1);
        assertThat(d.readings()).isEmpty();
        assertThat(d.lifecycle()).isEqualTo(new MessageDecoder.Lifecycle("acc", "gw-1", "STATUS",
                Map.of("uptime", 1000L, "backlog_messages", 1234L, "backlog_oldest_age_ms", 61_000L)));
        byte[] json = "{\"sentOn\":5,\"metrics\":{\"backlog_messages\":7,\"backlog_oldest_age_ms\":0}}".getBytes(UTF_8);
        assertThat(decoder.decode("$EDC/acc/gw-1/HOLDFAST-V1/STATUS", json, 1).lifecycle().metrics())
                .containsEntry("backlog_messages", 7L).containsEntry("backlog_oldest_age_ms", 0L);
        byte[] birth = KuraPayload.newBuilder().addMetric(Payloads.lng("backlog_messages", 3)).build().toByteArray();
        assertThat(decoder.decode("$EDC/acc/gw-1/MQTT/BIRTH", birth, 1).lifecycle().metrics())
                .containsEntry("backlog_messages", 3L);
        assertThat(decoder.decode("$EDC/acc/gw-1/HOLDFAST-V1/OTHER", status, 1).lifecycle()).isNull();
        assertThatThrownBy(() -> decoder.decode("$EDC/acc/gw-1/HOLDFAST-V1/STATUS", new byte[] { (byte) 0xff, 1 }, 1))
                .isInstanceOf(DecodeException.class);
    }

    @Test
    public void explainsWhatIsWrongWithABadMessage() {
        assertThatThrownBy(() -> decoder.decode(TOPIC, new byte[] { (byte) 0xff, 1, 2 }, 1))
                .isInstanceOf(DecodeException.class).hasMessageStartingWith("not a Kura protobuf payload");
        assertThatThrownBy(() -> decoder.decode(TOPIC, "{\"metrics\":".getBytes(UTF_8), 1))
                .hasMessageStartingWith("not JSON");
        assertThatThrownBy(() -> decoder.decode(TOPIC, "{\"metrics\":{\"seq\":-4}}".getBytes(UTF_8), 1))
                .hasMessageContaining("seq of AA:BB:CC:00:00:09 is not an integer");
        assertThatThrownBy(() -> decoder.decode("a/b", new byte[0], 1)).hasMessageStartingWith("topic is not");
        assertThatThrownBy(() -> decoder.decode(TOPIC, new byte[] { 0x1f, (byte) 0x8b, 0 }, 1))
                .hasMessageStartingWith("corrupt gzip");
        assertThatThrownBy(() -> decoder.decode("/readings/temperature/x", "{\"t\":\"r\"}".getBytes(UTF_8), 1))
                .hasMessageContaining("ESP32-LINK frame");
    }
}
