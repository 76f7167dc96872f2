package io.holdfast.cloud.mqtt.impl.payload.baseline;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes the protobuf (proto2) wire format into a growing buffer: just what {@link KuraProtobuf} needs.
 */
final class ProtoWriter {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private byte[] buf;
    private int size;

    ProtoWriter(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    int size() {
        return size;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }
    }

    void tag(int field, int wireType) {
        varint(((long) field << 3) | wireType);
    }

    void varint(long value) {
        ensure(10);
        while ((value & ~0x7FL) != 0) {
            buf[size++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buf[size++] = (byte) value;
    }

    void fixed64(long value) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buf[size++] = (byte) (value >>> (8 * i));
        }
    }

    void fixed32(int value) {
        ensure(4);
        for (int i = 0; i < 4; i++) {
            buf[size++] = (byte) (value >>> (8 * i));
        }
    }

    void raw(byte[] bytes, int off, int len) {
        ensure(len);
        System.arraycopy(bytes, off, buf, size, len);
        size += len;
    }

    void int64Field(int field, long value) {
        tag(field, VARINT);
        varint(value);
    }

    /** int32 is sign-extended to 64 bits on the wire, as protobuf does for negative values. */
    void int32Field(int field, int value) {
        tag(field, VARINT);
        varint(value);
    }

    void boolField(int field, boolean value) {
        tag(field, VARINT);
        varint(value ? 1 : 0);
    }

    void doubleField(int field, double value) {
        tag(field, FIXED64);
        fixed64(Double.doubleToRawLongBits(value));
    }

    void floatField(int field, float value) {
        tag(field, FIXED32);
        fixed32(Float.floatToRawIntBits(value));
    }

    void bytesField(int field, byte[] value) {
        tag(field, LENGTH_DELIMITED);
        varint(value.length);
        raw(value, 0, value.length);
    }

    void stringField(int field, String value) {
        bytesField(field, value.getBytes(StandardCharsets.UTF_8));
    }

    void messageField(int field, ProtoWriter message) {
        tag(field, LENGTH_DELIMITED);
        varint(message.size);
        raw(message.buf, 0, message.size);
    }
}
