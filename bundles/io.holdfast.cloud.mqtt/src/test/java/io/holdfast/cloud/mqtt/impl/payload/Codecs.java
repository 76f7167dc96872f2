package io.holdfast.cloud.mqtt.impl.payload;

import io.holdfast.cloud.mqtt.impl.payload.baseline.HandWrittenJson;
import io.holdfast.cloud.mqtt.impl.payload.baseline.HandWrittenProtobuf;
import java.util.List;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.message.KuraPayload;

/** The implementations {@link PayloadBenchmark} compares: what the bundle ships, and the hand-written baseline. */
public enum Codecs {
    /** protobuf-java generated classes and gson, as the bundle encodes. */
    LIBRARY,
    /** The hand-written encoders the bundle had before. */
    HAND_WRITTEN;

    Codec of(PayloadEncoding encoding) {
        if (this == LIBRARY) {
            return new Codec() {
                @Override
                public byte[] encode(KuraPayload p) throws KuraException {
                    return encoding.encode(p);
                }

                @Override
                public KuraPayload decode(byte[] b) {
                    return PayloadEncoding.decodeAny(b);
                }

                @Override
                public byte[] encodeBatch(KuraPayload outer, List<byte[]> stored) throws KuraException {
                    return encoding.encodeBatch(outer, stored);
                }

                @Override
                public List<KuraPayload> decodeBatch(byte[] b) {
                    return PayloadEncoding.decodeBatchAny(b);
                }
            };
        }
        boolean json = encoding == PayloadEncoding.SIMPLE_JSON;
        return new Codec() {
            @Override
            public byte[] encode(KuraPayload p) throws KuraException {
                return json ? HandWrittenJson.encode(p) : HandWrittenProtobuf.encode(p);
            }

            @Override
            public KuraPayload decode(byte[] b) {
                return json ? HandWrittenJson.decode(b) : HandWrittenProtobuf.decode(b);
            }

            @Override
            public byte[] encodeBatch(KuraPayload outer, List<byte[]> stored) throws KuraException {
                // as the bundle did: readings stored gzipped are unzipped before they go into a protobuf batch
                return json ? HandWrittenJson.encodeBatch(outer, stored)
                        : HandWrittenProtobuf.encodeBatch(outer, stored.stream().map(Gzip::gunzipIfGzip).toList());
            }

            @Override
            public List<KuraPayload> decodeBatch(byte[] b) {
                return json ? HandWrittenJson.decodeBatch(b) : HandWrittenProtobuf.decodeBatch(b);
            }
        };
    }
}

/** One implementation of one encoding. */
interface Codec {
    byte[] encode(KuraPayload p) throws KuraException;

    KuraPayload decode(byte[] b);

    byte[] encodeBatch(KuraPayload outer, List<byte[]> stored) throws KuraException;

    List<KuraPayload> decodeBatch(byte[] b);
}
