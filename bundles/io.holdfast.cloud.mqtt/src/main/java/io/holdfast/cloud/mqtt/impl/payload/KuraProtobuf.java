package io.holdfast.cloud.mqtt.impl.payload;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.ExtensionRegistry;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import io.holdfast.cloud.mqtt.impl.payload.KuraPayloadProto.KuraPayload.KuraMetric;
import io.holdfast.cloud.mqtt.impl.payload.KuraPayloadProto.KuraPayload.KuraMetric.ValueType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.message.KuraPayload;
import org.eclipse.kura.message.KuraPosition;

/**
 * The Kura protobuf payload (KURA-CONTRACT.md section 5) by the classes protoc generates from
 * {@code src/main/proto/kurapayload.proto} (protobuf-java of the 3.25 line, which Kura 5.6 ships).
 */
public final class KuraProtobuf {
    private static final ExtensionRegistry BATCH_REGISTRY = ExtensionRegistry.newInstance();

    static {
        KuraPayloadProto.registerAllExtensions(BATCH_REGISTRY);
    }

    private KuraProtobuf() {
    }

    /**
     * Encodes a payload, gzipped when that is smaller.
     *
     * @throws KuraException
     *             ENCODE_ERROR for a metric of a type Kura cannot carry
     */
    public static byte[] encode(KuraPayload payload) throws KuraException {
        return Gzip.ifSmaller(encodeRaw(payload));
    }

    /** Encodes a payload, never gzipped. */
    public static byte[] encodeRaw(KuraPayload payload) throws KuraException {
        return message(payload).toByteArray();
    }

    /**
     * Encodes a batch: the outer payload with the readings (each an encoded, not gzipped, KuraPayload) in the extension
     * field {@code batch} (3); gzipped when that is smaller. The stored readings are written as they are, not decoded
     * and encoded again: a message is the concatenation of its fields.
     */
    public static byte[] encodeBatch(KuraPayload outer, List<byte[]> readings) throws KuraException {
        KuraPayloadProto.KuraPayload head = message(outer);
        int size = head.getSerializedSize();
        for (byte[] r : readings) {
            size += CodedOutputStream.computeBytesSize(KuraPayloadProto.BATCH_FIELD_NUMBER,
                    UnsafeByteOperations.unsafeWrap(r));
        }
        byte[] out = new byte[size];
        CodedOutputStream o = CodedOutputStream.newInstance(out);
        try {
            head.writeTo(o);
            for (byte[] r : readings) {
                o.writeBytes(KuraPayloadProto.BATCH_FIELD_NUMBER, UnsafeByteOperations.unsafeWrap(r));
            }
            o.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new KuraException(KuraErrorCode.ENCODE_ERROR, e, "cannot encode a batch: " + e.getMessage());
        }
        return Gzip.ifSmaller(out);
    }

    private static KuraPayloadProto.KuraPayload message(KuraPayload payload) throws KuraException {
        KuraPayloadProto.KuraPayload.Builder b = KuraPayloadProto.KuraPayload.newBuilder();
        Date ts = payload.getTimestamp();
        if (ts != null) {
            b.setTimestamp(ts.getTime());
        }
        KuraPosition p = payload.getPosition();
        if (p != null) {
            b.setPosition(position(p));
        }
        for (Map.Entry<String, Object> m : payload.metrics().entrySet()) {
            if (m.getKey() != null && m.getValue() != null) {
                b.addMetric(metric(m.getKey(), m.getValue()));
            }
        }
        byte[] body = payload.getBody();
        if (body != null) {
            b.setBody(UnsafeByteOperations.unsafeWrap(body));
        }
        return b.build();
    }

    private static KuraPayloadProto.KuraPayload.KuraPosition position(KuraPosition p) {
        // latitude and longitude are required by the schema: an unknown one is written as 0
        KuraPayloadProto.KuraPayload.KuraPosition.Builder b = KuraPayloadProto.KuraPayload.KuraPosition.newBuilder()
                .setLatitude(p.getLatitude() == null ? 0d : p.getLatitude())
                .setLongitude(p.getLongitude() == null ? 0d : p.getLongitude());
        if (p.getAltitude() != null) {
            b.setAltitude(p.getAltitude());
        }
        if (p.getPrecision() != null) {
            b.setPrecision(p.getPrecision());
        }
        if (p.getHeading() != null) {
            b.setHeading(p.getHeading());
        }
        if (p.getSpeed() != null) {
            b.setSpeed(p.getSpeed());
        }
        if (p.getTimestamp() != null) {
            b.setTimestamp(p.getTimestamp().getTime());
        }
        if (p.getSatellites() != null) {
            b.setSatellites(p.getSatellites());
        }
        if (p.getStatus() != null) {
            b.setStatus(p.getStatus());
        }
        return b.build();
    }

    private static KuraMetric metric(String name, Object value) throws KuraException {
        KuraMetric.Builder b = KuraMetric.newBuilder().setName(name);
        if (value instanceof Double d) {
            b.setType(ValueType.DOUBLE).setDoubleValue(d);
        } else if (value instanceof Float f) {
            b.setType(ValueType.FLOAT).setFloatValue(f);
        } else if (value instanceof Long l) {
            b.setType(ValueType.INT64).setLongValue(l);
        } else if (value instanceof Integer i) {
            b.setType(ValueType.INT32).setIntValue(i);
        } else if (value instanceof Boolean bool) {
            b.setType(ValueType.BOOL).setBoolValue(bool);
        } else if (value instanceof String s) {
            b.setType(ValueType.STRING).setStringValue(s);
        } else if (value instanceof byte[] bytes) {
            b.setType(ValueType.BYTES).setBytesValue(UnsafeByteOperations.unsafeWrap(bytes));
        } else {
            throw new KuraException(KuraErrorCode.ENCODE_ERROR, "metric '" + name + "' has the type "
                    + value.getClass().getName() + ", which a Kura payload cannot carry");
        }
        return b.build();
    }

    /**
     * Decodes a payload, gunzipping it first when it starts with the gzip magic. Batched readings are left out: see
     * {@link #decodeBatch(byte[])}.
     *
     * @throws IllegalArgumentException
     *             if the bytes are not a Kura payload
     */
    public static KuraPayload decode(byte[] bytes) {
        return payload(parse(Gzip.gunzipIfGzip(bytes), ExtensionRegistry.getEmptyRegistry()));
    }

    /** The readings of a batch payload, in order; empty for a payload that is not a batch. */
    public static List<KuraPayload> decodeBatch(byte[] bytes) {
        KuraPayloadProto.KuraPayload m = parse(Gzip.gunzipIfGzip(bytes), BATCH_REGISTRY);
        List<KuraPayload> readings = new ArrayList<>(m.getExtensionCount(KuraPayloadProto.batch));
        for (KuraPayloadProto.KuraPayload r : m.getExtension(KuraPayloadProto.batch)) {
            readings.add(payload(r));
        }
        return readings;
    }

    private static KuraPayloadProto.KuraPayload parse(byte[] raw, ExtensionRegistry registry) {
        try {
            return KuraPayloadProto.KuraPayload.parseFrom(raw, registry);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not a Kura protobuf payload: " + e.getMessage(), e);
        }
    }

    private static KuraPayload payload(KuraPayloadProto.KuraPayload m) {
        KuraPayload payload = new KuraPayload();
        if (m.hasTimestamp()) {
            payload.setTimestamp(new Date(m.getTimestamp()));
        }
        if (m.hasPosition()) {
            payload.setPosition(position(m.getPosition()));
        }
        for (KuraMetric metric : m.getMetricList()) {
            Object value = value(metric);
            if (value != null) {
                payload.addMetric(metric.getName(), value);
            }
        }
        if (m.hasBody()) {
            payload.setBody(m.getBody().toByteArray());
        }
        return payload;
    }

    private static KuraPosition position(KuraPayloadProto.KuraPayload.KuraPosition m) {
        KuraPosition p = new KuraPosition();
        p.setLatitude(m.getLatitude());
        p.setLongitude(m.getLongitude());
        if (m.hasAltitude()) {
            p.setAltitude(m.getAltitude());
        }
        if (m.hasPrecision()) {
            p.setPrecision(m.getPrecision());
        }
        if (m.hasHeading()) {
            p.setHeading(m.getHeading());
        }
        if (m.hasSpeed()) {
            p.setSpeed(m.getSpeed());
        }
        if (m.hasTimestamp()) {
            p.setTimestamp(new Date(m.getTimestamp()));
        }
        if (m.hasSatellites()) {
            p.setSatellites(m.getSatellites());
        }
        if (m.hasStatus()) {
            p.setStatus(m.getStatus());
        }
        return p;
    }

    /** The metric's value for its type, or null when the value of that type is absent. */
    private static Object value(KuraMetric m) {
        return switch (m.getType()) {
        case DOUBLE -> m.hasDoubleValue() ? m.getDoubleValue() : null;
        case FLOAT -> m.hasFloatValue() ? m.getFloatValue() : null;
        case INT64 -> m.hasLongValue() ? m.getLongValue() : null;
        case INT32 -> m.hasIntValue() ? m.getIntValue() : null;
        case BOOL -> m.hasBoolValue() ? m.getBoolValue() : null;
        case STRING -> m.hasStringValue() ? m.getStringValue() : null;
        case BYTES -> m.hasBytesValue() ? m.getBytesValue().toByteArray() : null;
        };
    }
}
