package io.holdfast.backend.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The audit trail's hash chain: each entry's hash is SHA-256 (hex) over the previous entry's hash and the entry's
 * fields, each field preceded by its length so that no two field lists give the same text. {@link BackendStore#audit}
 * appends; whoever verifies the trail recomputes with {@link #hash}.
 */
public final class AuditChain {

    /** The previous hash of the first entry. */
    public static final String GENESIS = "0".repeat(64);

    private AuditChain() {
    }

    /** The hash of an entry whose predecessor's hash is {@code prev}. */
    public static String hash(String prev, long ts, String actor, String action, String target, String detail) {
        StringBuilder sb = new StringBuilder(prev);
        for (String f : new String[] { Long.toString(ts), actor, action, target, detail }) {
            sb.append('|').append(f.length()).append(':').append(f);
        }
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
