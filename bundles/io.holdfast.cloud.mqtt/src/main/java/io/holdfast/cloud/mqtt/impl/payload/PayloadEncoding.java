package io.holdfast.cloud.mqtt.impl.payload;

import java.util.List;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.message.KuraPayload;

/** How a connection encodes payloads; chosen per connection. */
public enum PayloadEncoding {
    /** Kura's protobuf payload, gzipped when that is smaller. */
    KURA_PROTOBUF,
    /** Kura's simple JSON payload. */
    SIMPLE_JSON;

    public byte[] encode(KuraPayload payload) throws KuraException {
        return this == KURA_PROTOBUF ? KuraProtobuf.encode(payload) : SimpleJson.encode(payload);
    }

    /**
     * Whether stored bytes were written in this encoding: JSON starts with '{', which no Kura protobuf payload does (it
     * would be field 15 with the obsolete group wire type).
     */
    public boolean wrote(byte[] stored) {
        boolean json = stored.length > 0 && stored[0] == '{';
        return this == SIMPLE_JSON ? json : !json;
    }

    /** A batch of readings, each as stored by {@link #encode(KuraPayload)}. */
    public byte[] encodeBatch(KuraPayload outer, List<byte[]> stored) throws KuraException {
        if (this == KURA_PROTOBUF) {
            return KuraProtobuf.encodeBatch(outer, stored.stream().map(Gzip::gunzipIfGzip).toList());
        }
        return SimpleJson.encodeBatch(outer, stored);
    }

    /**
     * Decodes a payload whatever its encoding: JSON when it starts with '{', else Kura protobuf (gzipped or not).
     *
     * @throws IllegalArgumentException
     *             if it is neither
     */
    public static KuraPayload decodeAny(byte[] bytes) {
        if (bytes.length > 0 && bytes[0] == '{') {
            return SimpleJson.decode(bytes);
        }
        return KuraProtobuf.decode(bytes);
    }

    /** The readings of a batch payload in either encoding; empty when it is not a batch. */
    public static List<KuraPayload> decodeBatchAny(byte[] bytes) {
        if (bytes.length > 0 && bytes[0] == '{') {
            return SimpleJson.decodeBatch(bytes);
        }
        return KuraProtobuf.decodeBatch(bytes);
    }
}
