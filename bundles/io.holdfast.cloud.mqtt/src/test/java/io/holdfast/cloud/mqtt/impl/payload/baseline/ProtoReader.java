package io.holdfast.cloud.mqtt.impl.payload.baseline;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the protobuf (proto2) wire format: just what {@link KuraProtobuf} needs. Malformed input throws
 * {@link IllegalArgumentException}.
 */
final class ProtoReader {
    private final byte[] buf;
    private int pos;
    private final int end;

    ProtoReader(byte[] buf, int off, int len) {
        if (off < 0 || len < 0 || off + len > buf.length) {
            throw new IllegalArgumentException("truncated message");
        }
        this.buf = buf;
        this.pos = off;
        this.end = off + len;
    }

    boolean atEnd() {
        return pos >= end;
    }

    /** The next tag, field number and wire type: {@code field << 3 | wireType}. */
    int tag() {
        long tag = varint();
        if (tag <= 0 || tag > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("invalid tag " + tag);
        }
        return (int) tag;
    }

    long varint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) {
                throw new IllegalArgumentException("truncated varint");
            }
            byte b = buf[pos++];
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new IllegalArgumentException("malformed varint");
    }

    long fixed64() {
        need(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v |= (buf[pos++] & 0xFFL) << (8 * i);
        }
        return v;
    }

    int fixed32() {
        need(4);
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v |= (buf[pos++] & 0xFF) << (8 * i);
        }
        return v;
    }

    /** A length-delimited field as a reader over its bytes. */
    ProtoReader message() {
        int len = length();
        ProtoReader r = new ProtoReader(buf, pos, len);
        pos += len;
        return r;
    }

    byte[] bytes() {
        int len = length();
        byte[] b = Arrays.copyOfRange(buf, pos, pos + len);
        pos += len;
        return b;
    }

    String string() {
        int len = length();
        String s = new String(buf, pos, len, StandardCharsets.UTF_8);
        pos += len;
        return s;
    }

    private int length() {
        long len = varint();
        if (len < 0 || len > end - pos) {
            throw new IllegalArgumentException("truncated field of " + len + " bytes");
        }
        return (int) len;
    }

    private void need(int n) {
        if (end - pos < n) {
            throw new IllegalArgumentException("truncated fixed field");
        }
    }

    void skip(int wireType) {
        switch (wireType) {
        case ProtoWriter.VARINT -> varint();
        case ProtoWriter.FIXED64 -> {
            need(8);
            pos += 8;
        }
        case ProtoWriter.LENGTH_DELIMITED -> pos += length();
        case ProtoWriter.FIXED32 -> {
            need(4);
            pos += 4;
        }
        default -> throw new IllegalArgumentException("unsupported wire type " + wireType);
        }
    }
}
