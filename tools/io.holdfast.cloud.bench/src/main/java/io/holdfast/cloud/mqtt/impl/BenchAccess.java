package io.holdfast.cloud.mqtt.impl;

import org.eclipse.kura.KuraException;
import org.eclipse.kura.message.KuraPayload;

/**
 * What the benchmark needs from the connection's private package: the payload encoder, so that the bare Paho client
 * sends exactly the bytes the connection sends. The benchmark runs on a plain class path (the bundle's {@code .impl}
 * package is private in OSGi, not here).
 */
public final class BenchAccess {

    private BenchAccess() {
    }

    /**
     * Encodes a payload as the connection does by default (Kura protobuf, gzipped only when smaller).
     *
     * @param payload
     *            the payload
     *
     * @return the bytes
     *
     * @throws KuraException
     *             if the payload cannot be encoded
     */
    public static byte[] encode(KuraPayload payload) throws KuraException {
        return PayloadEncoding.KURA_PROTOBUF.encode(payload);
    }
}
