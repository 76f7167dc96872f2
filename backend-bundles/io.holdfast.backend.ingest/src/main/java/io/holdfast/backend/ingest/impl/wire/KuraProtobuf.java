package io.holdfast.backend.ingest.impl.wire;

import com.google.protobuf.ExtensionRegistry;
import com.google.protobuf.InvalidProtocolBufferException;
import io.holdfast.backend.ingest.impl.wire.proto.KuraPayloadProto;
import io.holdfast.backend.ingest.impl.wire.proto.KuraPayloadProto.KuraPayload;
import io.holdfast.backend.ingest.impl.wire.proto.KuraPayloadProto.KuraPayload.KuraMetric;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Kura protobuf payloads (protobuf-java, generated from kurapayload.proto), with Holdfast's batch extension. */
final class KuraProtobuf {

    private static final ExtensionRegistry EXTENSIONS = ExtensionRegistry.newInstance();
    static {
        KuraPayloadProto.registerAllExtensions(EXTENSIONS);
    }

    private KuraProtobuf() {
    }

    static KuraMessage decode(byte[] payload) throws DecodeException {
        KuraPayload p;
        try {
            p = KuraPayload.parseFrom(payload, EXTENSIONS);
        } catch (InvalidProtocolBufferException e) {
            throw new DecodeException("not a Kura protobuf payload: " + e.getMessage());
        }
        List<KuraMessage> batch = new ArrayList<>();
        for (KuraPayload inner : p.getExtension(KuraPayloadProto.batch)) {
            batch.add(message(inner, List.of()));
        }
        return message(p, batch);
    }

    private static KuraMessage message(KuraPayload p, List<KuraMessage> batch) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        for (KuraMetric m : p.getMetricList()) {
            Object v = value(m);
            if (v != null) {
                metrics.put(m.getName(), v);
            }
        }
        return new KuraMessage(p.hasTimestamp() ? p.getTimestamp() : null, metrics, batch);
    }

    private static Object value(KuraMetric m) {
        return switch (m.getType()) {
        case DOUBLE -> m.hasDoubleValue() && Double.isFinite(m.getDoubleValue()) ? m.getDoubleValue() : null;
        case FLOAT -> m.hasFloatValue() && Float.isFinite(m.getFloatValue()) ? (double) m.getFloatValue() : null;
        case INT64 -> m.hasLongValue() ? m.getLongValue() : null;
        case INT32 -> m.hasIntValue() ? (long) m.getIntValue() : null;
        case BOOL -> m.hasBoolValue() ? m.getBoolValue() : null;
        case STRING -> m.hasStringValue() ? m.getStringValue() : null;
        case BYTES -> m.hasBytesValue() ? Base64.getEncoder().encodeToString(m.getBytesValue().toByteArray()) : null;
        };
    }
}
