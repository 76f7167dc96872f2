package io.holdfast.cloud.mqtt.impl.payload.baseline;

import io.holdfast.cloud.mqtt.impl.payload.Gzip;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.message.KuraPayload;
import org.eclipse.kura.message.KuraPosition;

/**
 * The benchmark's baseline: the hand-written proto2 encoder and decoder this bundle had before it used the classes
 * protoc generates (as it was at commit b9dabff, only renamed). Not used by the bundle.
 */
public final class HandWrittenProtobuf {
    public static final int PAYLOAD_TIMESTAMP = 1;
    public static final int PAYLOAD_POSITION = 2;
    /** Holdfast's batch extension: repeated KuraPayload. */
    public static final int PAYLOAD_BATCH = 3;
    public static final int PAYLOAD_METRIC = 5000;
    public static final int PAYLOAD_BODY = 5001;

    public static final int TYPE_DOUBLE = 0;
    public static final int TYPE_FLOAT = 1;
    public static final int TYPE_INT64 = 2;
    public static final int TYPE_INT32 = 3;
    public static final int TYPE_BOOL = 4;
    public static final int TYPE_STRING = 5;
    public static final int TYPE_BYTES = 6;

    private HandWrittenProtobuf() {
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
        return write(payload, null).toByteArray();
    }

    private static ProtoWriter write(KuraPayload payload, List<byte[]> batch) throws KuraException {
        ProtoWriter w = new ProtoWriter(128);
        Date ts = payload.getTimestamp();
        if (ts != null) {
            w.int64Field(PAYLOAD_TIMESTAMP, ts.getTime());
        }
        KuraPosition p = payload.getPosition();
        if (p != null) {
            w.messageField(PAYLOAD_POSITION, position(p));
        }
        if (batch != null) {
            for (byte[] reading : batch) {
                w.bytesField(PAYLOAD_BATCH, reading);
            }
        }
        for (Map.Entry<String, Object> m : payload.metrics().entrySet()) {
            if (m.getKey() == null || m.getValue() == null) {
                continue;
            }
            w.messageField(PAYLOAD_METRIC, metric(m.getKey(), m.getValue()));
        }
        byte[] body = payload.getBody();
        if (body != null) {
            w.bytesField(PAYLOAD_BODY, body);
        }
        return w;
    }

    /**
     * Encodes a batch: the outer payload with the readings (each an encoded, not gzipped, KuraPayload) in the extension
     * field {@value #PAYLOAD_BATCH}; gzipped when that is smaller.
     */
    public static byte[] encodeBatch(KuraPayload outer, List<byte[]> readings) throws KuraException {
        return Gzip.ifSmaller(write(outer, readings).toByteArray());
    }

    private static ProtoWriter position(KuraPosition p) {
        ProtoWriter w = new ProtoWriter(64);
        // latitude and longitude are required by the schema: an unknown one is written as 0
        w.doubleField(1, p.getLatitude() == null ? 0d : p.getLatitude());
        w.doubleField(2, p.getLongitude() == null ? 0d : p.getLongitude());
        if (p.getAltitude() != null) {
            w.doubleField(3, p.getAltitude());
        }
        if (p.getPrecision() != null) {
            w.doubleField(4, p.getPrecision());
        }
        if (p.getHeading() != null) {
            w.doubleField(5, p.getHeading());
        }
        if (p.getSpeed() != null) {
            w.doubleField(6, p.getSpeed());
        }
        if (p.getTimestamp() != null) {
            w.int64Field(7, p.getTimestamp().getTime());
        }
        if (p.getSatellites() != null) {
            w.int32Field(8, p.getSatellites());
        }
        if (p.getStatus() != null) {
            w.int32Field(9, p.getStatus());
        }
        return w;
    }

    private static ProtoWriter metric(String name, Object value) throws KuraException {
        ProtoWriter w = new ProtoWriter(name.length() + 16);
        w.stringField(1, name);
        if (value instanceof Double d) {
            w.int32Field(2, TYPE_DOUBLE);
            w.doubleField(3, d);
        } else if (value instanceof Float f) {
            w.int32Field(2, TYPE_FLOAT);
            w.floatField(4, f);
        } else if (value instanceof Long l) {
            w.int32Field(2, TYPE_INT64);
            w.int64Field(5, l);
        } else if (value instanceof Integer i) {
            w.int32Field(2, TYPE_INT32);
            w.int32Field(6, i);
        } else if (value instanceof Boolean b) {
            w.int32Field(2, TYPE_BOOL);
            w.boolField(7, b);
        } else if (value instanceof String s) {
            w.int32Field(2, TYPE_STRING);
            w.stringField(8, s);
        } else if (value instanceof byte[] b) {
            w.int32Field(2, TYPE_BYTES);
            w.bytesField(9, b);
        } else {
            throw new KuraException(KuraErrorCode.ENCODE_ERROR, "metric '" + name + "' has the type "
                    + value.getClass().getName() + ", which a Kura payload cannot carry");
        }
        return w;
    }

    /**
     * Decodes a payload, gunzipping it first when it starts with the gzip magic. Batched readings are skipped: see
     * {@link #decodeBatch(byte[])}.
     *
     * @throws IllegalArgumentException
     *             if the bytes are not a Kura payload
     */
    public static KuraPayload decode(byte[] bytes) {
        return read(Gzip.gunzipIfGzip(bytes), null);
    }

    /** The readings of a batch payload, in order; empty for a payload that is not a batch. */
    public static List<KuraPayload> decodeBatch(byte[] bytes) {
        List<KuraPayload> readings = new ArrayList<>();
        read(Gzip.gunzipIfGzip(bytes), readings);
        return readings;
    }

    private static KuraPayload read(byte[] raw, List<KuraPayload> batch) {
        ProtoReader r = new ProtoReader(raw, 0, raw.length);
        KuraPayload payload = new KuraPayload();
        while (!r.atEnd()) {
            int tag = r.tag();
            int field = tag >>> 3;
            int wire = tag & 7;
            if (field == PAYLOAD_TIMESTAMP && wire == ProtoWriter.VARINT) {
                payload.setTimestamp(new Date(r.varint()));
            } else if (field == PAYLOAD_POSITION && wire == ProtoWriter.LENGTH_DELIMITED) {
                payload.setPosition(readPosition(r.message()));
            } else if (field == PAYLOAD_METRIC && wire == ProtoWriter.LENGTH_DELIMITED) {
                readMetric(r.message(), payload);
            } else if (field == PAYLOAD_BODY && wire == ProtoWriter.LENGTH_DELIMITED) {
                payload.setBody(r.bytes());
            } else if (field == PAYLOAD_BATCH && wire == ProtoWriter.LENGTH_DELIMITED && batch != null) {
                byte[] reading = r.bytes();
                batch.add(read(reading, null));
            } else {
                r.skip(wire);
            }
        }
        return payload;
    }

    private static KuraPosition readPosition(ProtoReader r) {
        KuraPosition p = new KuraPosition();
        while (!r.atEnd()) {
            int tag = r.tag();
            int wire = tag & 7;
            switch (tag >>> 3) {
            case 1 -> p.setLatitude(Double.longBitsToDouble(expect(r, wire, ProtoWriter.FIXED64).fixed64()));
            case 2 -> p.setLongitude(Double.longBitsToDouble(expect(r, wire, ProtoWriter.FIXED64).fixed64()));
            case 3 -> p.setAltitude(Double.longBitsToDouble(expect(r, wire, ProtoWriter.FIXED64).fixed64()));
            case 4 -> p.setPrecision(Double.longBitsToDouble(expect(r, wire, ProtoWriter.FIXED64).fixed64()));
            case 5 -> p.setHeading(Double.longBitsToDouble(expect(r, wire, ProtoWriter.FIXED64).fixed64()));
            case 6 -> p.setSpeed(Double.longBitsToDouble(expect(r, wire, ProtoWriter.FIXED64).fixed64()));
            case 7 -> p.setTimestamp(new Date(expect(r, wire, ProtoWriter.VARINT).varint()));
            case 8 -> p.setSatellites((int) expect(r, wire, ProtoWriter.VARINT).varint());
            case 9 -> p.setStatus((int) expect(r, wire, ProtoWriter.VARINT).varint());
            default -> r.skip(wire);
            }
        }
        return p;
    }

    private static ProtoReader expect(ProtoReader r, int wire, int expected) {
        if (wire != expected) {
            throw new IllegalArgumentException("wire type " + wire + " where " + expected + " was expected");
        }
        return r;
    }

    private static void readMetric(ProtoReader r, KuraPayload payload) {
        String name = null;
        int type = -1;
        Object d = null;
        Object f = null;
        Object l = null;
        Object i = null;
        Object b = null;
        Object s = null;
        Object by = null;
        while (!r.atEnd()) {
            int tag = r.tag();
            int wire = tag & 7;
            switch (tag >>> 3) {
            case 1 -> name = expect(r, wire, ProtoWriter.LENGTH_DELIMITED).string();
            case 2 -> type = (int) expect(r, wire, ProtoWriter.VARINT).varint();
            case 3 -> d = Double.longBitsToDouble(expect(r, wire, ProtoWriter.FIXED64).fixed64());
            case 4 -> f = Float.intBitsToFloat(expect(r, wire, ProtoWriter.FIXED32).fixed32());
            case 5 -> l = expect(r, wire, ProtoWriter.VARINT).varint();
            case 6 -> i = (int) expect(r, wire, ProtoWriter.VARINT).varint();
            case 7 -> b = expect(r, wire, ProtoWriter.VARINT).varint() != 0;
            case 8 -> s = expect(r, wire, ProtoWriter.LENGTH_DELIMITED).string();
            case 9 -> by = expect(r, wire, ProtoWriter.LENGTH_DELIMITED).bytes();
            default -> r.skip(wire);
            }
        }
        if (name == null || type < 0) {
            throw new IllegalArgumentException("metric without a name or a type");
        }
        Object value = switch (type) {
        case TYPE_DOUBLE -> d;
        case TYPE_FLOAT -> f;
        case TYPE_INT64 -> l;
        case TYPE_INT32 -> i;
        case TYPE_BOOL -> b;
        case TYPE_STRING -> s;
        case TYPE_BYTES -> by;
        default -> throw new IllegalArgumentException("metric '" + name + "' has the unknown type " + type);
        };
        if (value != null) {
            payload.addMetric(name, value);
        }
    }
}
