package io.holdfast.esp32.impl.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The check of a device's token. A configured token is either the token itself or {@code sha256:} and the 64 hex digits
 * of the SHA-256 of the token's UTF-8 bytes (what {@code printf %s TOKEN | sha256sum} prints), so that the
 * configuration need not hold the token. Both sides are compared as SHA-256 digests with {@link MessageDigest#isEqual},
 * so the time the check takes tells nothing about how much of a guess was right, nor about the configured token's
 * length.
 */
public final class DeviceTokens {

    /** The prefix of a configured token given as its hash. */
    public static final String SHA256 = "sha256:";
    private static final byte[] NONE = new byte[32];

    private DeviceTokens() {
    }

    /**
     * Whether a presented token matches the configured one.
     *
     * @param configured
     *            the configured token (plain or {@code sha256:<hex>}), {@code null} when the device has none
     * @param presented
     *            the token the device sent, {@code null} when it sent none
     *
     * @return true only when both are there and match
     */
    public static boolean matches(String configured, String presented) {
        byte[] expected = configured == null ? NONE : expected(configured);
        boolean equal = MessageDigest.isEqual(expected, sha256(presented == null ? "" : presented));
        return equal && configured != null && presented != null;
    }

    /** Whether a configured token is given as its hash (well formed: 64 hex digits). */
    public static boolean isHash(String configured) {
        return configured.startsWith(SHA256) && configured.length() == SHA256.length() + 64
                && configured.substring(SHA256.length()).chars().allMatch(c -> Character.digit(c, 16) >= 0);
    }

    private static byte[] expected(String configured) {
        return isHash(configured) ? HexFormat.of().parseHex(configured.substring(SHA256.length())) : sha256(configured);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
