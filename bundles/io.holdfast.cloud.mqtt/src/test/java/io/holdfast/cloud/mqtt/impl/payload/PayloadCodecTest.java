package io.holdfast.cloud.mqtt.impl.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.message.KuraPayload;
import org.eclipse.kura.message.KuraPosition;
import org.junit.Test;

public class PayloadCodecTest {

    private static KuraPayload everyType() {
        KuraPayload p = new KuraPayload();
        p.setTimestamp(new Date(1_700_000_000_123L));
        KuraPosition pos = new KuraPosition();
        pos.setLatitude(46.5);
        pos.setLongitude(-6.25);
        pos.setAltitude(372.0);
        pos.setSatellites(7);
        pos.setStatus(-1);
        pos.setTimestamp(new Date(1_700_000_000_000L));
        p.setPosition(pos);
        p.addMetric("double", 21.37);
        p.addMetric("float", 1.5f);
        p.addMetric("long", -9_000_000_000L);
        p.addMetric("int", -42);
        p.addMetric("bool", true);
        p.addMetric("string", "3C:E9:0E:72:12:4C \u00e9\u20ac");
        p.addMetric("bytes", new byte[] { 0, 1, (byte) 0xFF });
        p.setBody("body".getBytes(StandardCharsets.UTF_8));
        return p;
    }

    @Test
    public void protobufRoundTripKeepsEveryTypeAndThePosition() throws KuraException {
        KuraPayload back = KuraProtobuf.decode(KuraProtobuf.encode(everyType()));

        assertThat(back.getTimestamp()).isEqualTo(new Date(1_700_000_000_123L));
        assertThat(back.getMetric("double")).isEqualTo(21.37);
        assertThat(back.getMetric("float")).isEqualTo(1.5f);
        assertThat(back.getMetric("long")).isEqualTo(-9_000_000_000L);
        assertThat(back.getMetric("int")).isEqualTo(-42);
        assertThat(back.getMetric("bool")).isEqualTo(true);
        assertThat(back.getMetric("string")).isEqualTo("3C:E9:0E:72:12:4C \u00e9\u20ac");
        assertThat((byte[]) back.getMetric("bytes")).containsExactly(0, 1, 0xFF);
        assertThat(back.getBody()).isEqualTo("body".getBytes(StandardCharsets.UTF_8));
        KuraPosition pos = back.getPosition();
        assertThat(pos.getLatitude()).isEqualTo(46.5);
        assertThat(pos.getLongitude()).isEqualTo(-6.25);
        assertThat(pos.getAltitude()).isEqualTo(372.0);
        assertThat(pos.getSpeed()).isNull();
        assertThat(pos.getSatellites()).isEqualTo(7);
        assertThat(pos.getStatus()).isEqualTo(-1);
        assertThat(pos.getTimestamp()).isEqualTo(new Date(1_700_000_000_000L));
    }

    @Test
    public void protobufWireFormatIsTheProto2Layout() throws KuraException {
        KuraPayload p = new KuraPayload();
        p.setTimestamp(new Date(1));
        p.addMetric("a", 1);
        // timestamp: tag 0x08, varint 1; metric 5000: tag varint 0xC2 0xB8 0x02, length 7:
        // name (0x0A 0x01 'a'), type INT32 (0x10 0x03), int_value (0x30 0x01)
        assertThat(KuraProtobuf.encodeRaw(p)).containsExactly(0x08, 0x01, 0xC2, 0xB8, 0x02, 0x07, 0x0A, 0x01, 'a', 0x10,
                0x03, 0x30, 0x01);
    }

    @Test
    public void gzipOnlyWhenSmaller() throws KuraException {
        KuraPayload small = new KuraPayload();
        small.addMetric("t", 21.5);
        byte[] s = KuraProtobuf.encode(small);
        assertThat(Gzip.isGzip(s)).isFalse();
        assertThat(s).isEqualTo(KuraProtobuf.encodeRaw(small));

        KuraPayload big = new KuraPayload();
        big.setBody("x".repeat(5000).getBytes(StandardCharsets.US_ASCII));
        byte[] b = KuraProtobuf.encode(big);
        assertThat(Gzip.isGzip(b)).isTrue();
        assertThat(b.length).isLessThan(KuraProtobuf.encodeRaw(big).length);
        assertThat(KuraProtobuf.decode(b).getBody()).hasSize(5000);

        // random bytes do not compress: sent as they are
        byte[] noise = new byte[4000];
        new java.util.Random(7).nextBytes(noise);
        KuraPayload random = new KuraPayload();
        random.setBody(noise);
        assertThat(Gzip.isGzip(KuraProtobuf.encode(random))).isFalse();
    }

    @Test
    public void unsupportedMetricTypesAreRefused() {
        KuraPayload p = new KuraPayload();
        p.addMetric("when", new Date());
        assertThatThrownBy(() -> KuraProtobuf.encode(p)).isInstanceOf(KuraException.class).hasMessageContaining("when");
        assertThatThrownBy(() -> SimpleJson.encode(p)).isInstanceOf(KuraException.class).hasMessageContaining("when");
    }

    @Test
    public void garbageIsNoPayload() {
        assertThatThrownBy(() -> KuraProtobuf.decode(new byte[] { 0x0A, 0x7F, 0x01 }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SimpleJson.decode("{\"metrics\":".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    public void jsonFollowsKurasSimpleJsonRules() throws KuraException {
        KuraPayload p = new KuraPayload();
        p.setTimestamp(new Date(1_700_000_000_123L));
        p.addMetric("bytes", new byte[] { 1, 2, 3 });
        String json = new String(SimpleJson.encode(p), StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("{\"sentOn\":1700000000123,\"metrics\":{\"bytes\":\"AQID\"}}");

        KuraPayload q = new KuraPayload();
        q.addMetric("nan", Double.NaN);
        q.addMetric("inf", Float.POSITIVE_INFINITY);
        q.addMetric("quote", "a\"b\\c\n");
        q.setBody(new byte[] { (byte) 0xFF });
        String j = new String(SimpleJson.encode(q), StandardCharsets.UTF_8);
        assertThat(j).doesNotContain("sentOn").doesNotContain("nan").doesNotContain("inf")
                .contains("\"quote\":\"a\\\"b\\\\c\\n\"").endsWith(",\"body\":\"/w==\"}");
    }

    @Test
    public void jsonRoundTrip() throws KuraException {
        KuraPayload back = SimpleJson.decode(SimpleJson.encode(everyType()));
        assertThat(back.getTimestamp()).isEqualTo(new Date(1_700_000_000_123L));
        assertThat(back.getMetric("double")).isEqualTo(21.37);
        assertThat(back.getMetric("long")).isEqualTo(-9_000_000_000L);
        assertThat(back.getMetric("int")).isEqualTo(-42L);
        assertThat(back.getMetric("bool")).isEqualTo(true);
        assertThat(back.getMetric("string")).isEqualTo("3C:E9:0E:72:12:4C \u00e9\u20ac");
        assertThat(back.getMetric("bytes")).isEqualTo("AAH/");
        assertThat(back.getBody()).isEqualTo("body".getBytes(StandardCharsets.UTF_8));
        assertThat(back.getPosition().getLatitude()).isEqualTo(46.5);
        assertThat(back.getPosition().getSatellites()).isEqualTo(7);
    }

    @Test
    public void batchesCarryEachReadingWithItsTimestampAndSeq() throws KuraException {
        for (PayloadEncoding enc : PayloadEncoding.values()) {
            List<byte[]> stored = new java.util.ArrayList<>();
            for (int seq = 1; seq <= 3; seq++) {
                KuraPayload r = new KuraPayload();
                r.setTimestamp(new Date(1000L * seq));
                r.addMetric("seq", (long) seq);
                r.addMetric("device", "dev-1");
                r.addMetric("filler", "y".repeat(200));
                stored.add(enc.encode(r));
                assertThat(enc.wrote(stored.get(seq - 1))).isTrue();
            }
            KuraPayload outer = new KuraPayload();
            outer.setTimestamp(new Date(5000));
            outer.addMetric(Batches.METRIC_SIZE, 3);
            outer.addMetric(Batches.METRIC_DEVICE, "dev-1");
            byte[] batch = enc.encodeBatch(outer, stored);

            KuraPayload head = PayloadEncoding.decodeAny(batch);
            assertThat(((Number) head.getMetric(Batches.METRIC_SIZE)).intValue()).as(enc.name()).isEqualTo(3);
            List<KuraPayload> readings = PayloadEncoding.decodeBatchAny(batch);
            assertThat(readings).as(enc.name()).hasSize(3);
            for (int i = 0; i < 3; i++) {
                assertThat(readings.get(i).getTimestamp()).isEqualTo(new Date(1000L * (i + 1)));
                assertThat(((Number) readings.get(i).getMetric("seq")).longValue()).isEqualTo(i + 1);
            }
        }
        assertThat(PayloadEncoding.SIMPLE_JSON.wrote(KuraProtobuf.encode(new KuraPayload()))).isFalse();
        assertThat(PayloadEncoding.KURA_PROTOBUF.wrote("{}".getBytes(StandardCharsets.UTF_8))).isFalse();
        for (PayloadEncoding enc : PayloadEncoding.values()) {
            KuraPayload single = new KuraPayload();
            single.addMetric("seq", 9L);
            assertThat(PayloadEncoding.decodeBatchAny(enc.encode(single))).as("a single reading is no batch").isEmpty();
        }
    }

    @Test
    public void generatedClassesReadWhatTheEncoderWrites() throws Exception {
        KuraPayloadProto.KuraPayload m = KuraPayloadProto.KuraPayload
                .parseFrom(Gzip.gunzipIfGzip(KuraProtobuf.encode(everyType())));
        assertThat(m.getTimestamp()).isEqualTo(1_700_000_000_123L);
        assertThat(m.getMetricList()).extracting(KuraPayloadProto.KuraPayload.KuraMetric::getName)
                .containsExactlyInAnyOrder("double", "float", "long", "int", "bool", "string", "bytes");
        KuraPayloadProto.KuraPayload.KuraMetric l = m.getMetricList().stream().filter(x -> x.getName().equals("long"))
                .findFirst().get();
        assertThat(l.getType()).isEqualTo(KuraPayloadProto.KuraPayload.KuraMetric.ValueType.INT64);
        assertThat(l.getLongValue()).isEqualTo(-9_000_000_000L);
        assertThat(m.getPosition().getLatitude()).isEqualTo(46.5);
    }
}
