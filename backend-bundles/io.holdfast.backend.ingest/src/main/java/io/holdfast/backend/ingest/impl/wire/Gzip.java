package io.holdfast.backend.ingest.impl.wire;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.zip.GZIPInputStream;

/** Kura encoders gzip a payload when that makes it smaller; decoders gunzip on the magic bytes. */
final class Gzip {

    static final int MAX_INFLATED = 16 * 1024 * 1024;

    private Gzip() {
    }

    static byte[] gunzipIfCompressed(byte[] payload) throws DecodeException {
        if (payload.length < 2 || (payload[0] & 0xff) != 0x1f || (payload[1] & 0xff) != 0x8b) {
            return payload;
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(payload))) {
            byte[] out = in.readNBytes(MAX_INFLATED + 1);
            if (out.length > MAX_INFLATED) {
                throw new DecodeException("gzip payload inflates to more than " + MAX_INFLATED + " bytes");
            }
            return out;
        } catch (IOException e) {
            throw new DecodeException("corrupt gzip payload: " + e.getMessage());
        }
    }
}
