package io.holdfast.backend.ingest.impl.wire;

import com.google.protobuf.ByteString;
import io.holdfast.backend.ingest.impl.wire.proto.KuraPayloadProto;
import io.holdfast.backend.ingest.impl.wire.proto.KuraPayloadProto.KuraPayload;
import io.holdfast.backend.ingest.impl.wire.proto.KuraPayloadProto.KuraPayload.KuraMetric;
import io.holdfast.backend.ingest.impl.wire.proto.KuraPayloadProto.KuraPayload.KuraMetric.ValueType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** What a Holdfast gateway publishes, encoded with protobuf-java for the tests. */
public final class Payloads {

    private Payloads() {
    }

    public static KuraPayload reading(String source, long seq, long ts, double temperature) {
        return KuraPayload.newBuilder().setTimestamp(ts).addMetric(dbl("temperature", temperature))
                .addMetric(str("temperature.unit", "Cel")).addMetric(str("device", "AA:BB:CC:00:00:01"))
                .addMetric(str("source", source)).addMetric(lng("seq", seq)).addMetric(lng("received.at", ts + 3))
                .addMetric(str("flags", "")).build();
    }

    public static byte[] batch(String device, List<KuraPayload> readings) {
        KuraPayload.Builder b = KuraPayload
                .newBuilder().setTimestamp(System.currentTimeMillis()).addMetric(KuraMetric.newBuilder()
                        .setName("batch.size").setType(ValueType.INT32).setIntValue(readings.size()))
                .addMetric(str("device", device));
        readings.forEach(r -> b.addExtension(KuraPayloadProto.batch, r));
        return b.build().toByteArray();
    }

    public static KuraMetric dbl(String name, double v) {
        return KuraMetric.newBuilder().setName(name).setType(ValueType.DOUBLE).setDoubleValue(v).build();
    }

    public static KuraMetric lng(String name, long v) {
        return KuraMetric.newBuilder().setName(name).setType(ValueType.INT64).setLongValue(v).build();
    }

    public static KuraMetric str(String name, String v) {
        return KuraMetric.newBuilder().setName(name).setType(ValueType.STRING).setStringValue(v).build();
    }

    public static KuraMetric bytes(String name, byte[] v) {
        return KuraMetric.newBuilder().setName(name).setType(ValueType.BYTES).setBytesValue(ByteString.copyFrom(v))
                .build();
    }

    public static byte[] gzip(byte[] b) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(b);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
