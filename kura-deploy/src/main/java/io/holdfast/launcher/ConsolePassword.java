package io.holdfast.launcher;

import io.holdfast.launcher.common.DataDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * The web console's password. No gateway listens with a known one: on the first start with a new data directory the
 * launcher makes a random password, prints it once, and keeps only its salted hash in {@code etc/console-password},
 * which it gives the Felix Web Console on every start as its default password (framework property
 * {@value #PASSWORD_PROPERTY}). A password set later on the console's Configuration page takes precedence, as it always
 * does for the console.
 * <p>
 * The hash is the Web Console's own format, {@code {sha-256}<salt hex>-<iterations>-<base64 digest>}, where the digest
 * is SHA-256 applied {@code iterations} times to the UTF-8 bytes of salt followed by password.
 */
final class ConsolePassword {

    static final String USER = "admin";
    static final String FILE = "console-password";
    static final String USER_PROPERTY = "felix.webconsole.username";
    static final String PASSWORD_PROPERTY = "felix.webconsole.password";

    private static final int ITERATIONS = 1000;
    private static final int SALT_BYTES = 8;
    /** No 0/O or 1/l/I, so that a password read off a terminal is typed right. */
    private static final char[] ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
    private static final int LENGTH = 20; // 20 characters of 57: 116 bits
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * The console's password for this start.
     *
     * @param hash
     *            the salted hash the console checks against
     * @param generated
     *            the password in clear when the launcher has just made it (print it once), otherwise {@code null}
     */
    record Credentials(String hash, String generated) {

        Map<String, String> frameworkProperties() {
            return Map.of(USER_PROPERTY, USER, PASSWORD_PROPERTY, hash);
        }
    }

    /** The password file the operator gave is unusable; the message says why, in one line. */
    static final class PasswordFileException extends Exception {
        private static final long serialVersionUID = 1L;

        PasswordFileException(String message) {
            super(message);
        }
    }

    private ConsolePassword() {
    }

    /**
     * Reads the stored hash, stores the hash of the password in {@code given} (automation, or to set a new one), or
     * makes a new password when there is neither.
     *
     * @param etc
     *            the data directory's {@code etc/}
     * @param given
     *            a file whose first line is the password to use, or {@code null}
     */
    static Credentials prepare(Path etc, Path given) throws IOException, PasswordFileException {
        Path stored = etc.resolve(FILE);
        String kept = Files.exists(stored) ? Files.readString(stored, StandardCharsets.UTF_8).strip() : null;
        if (given != null) {
            String password = readGiven(given);
            if (kept != null && matches(kept, password)) {
                // the same password as stored: nothing to write, so that a start on a full disk is not refused
                return new Credentials(kept, null);
            }
            String hash = hash(password);
            DataDirectory.writePrivate(stored, hash);
            return new Credentials(hash, null);
        }
        if (kept != null && kept.startsWith("{sha-256}")) {
            return new Credentials(kept, null);
        }
        String password = generate();
        String hash = hash(password);
        DataDirectory.writePrivate(stored, hash);
        return new Credentials(hash, password);
    }

    private static String readGiven(Path given) throws PasswordFileException {
        String text;
        try {
            text = Files.readString(given, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PasswordFileException("cannot read the console password file " + given + ": " + e);
        }
        String password = text.lines().findFirst().orElse("").strip();
        if (password.length() < 8) {
            throw new PasswordFileException(
                    "the console password in " + given + " must be at least 8 characters on its first line");
        }
        if (password.equals(USER)) {
            throw new PasswordFileException("the console password in " + given + " must not be '" + USER + "'");
        }
        return password;
    }

    /** Deletes the stored hash, so that the next start makes a new password. */
    static void forget(Path etc) {
        try {
            Files.deleteIfExists(etc.resolve(FILE));
        } catch (IOException e) {
            // the operator can delete it by hand; the failure that brought us here is what is reported
        }
    }

    static String generate() {
        StringBuilder b = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            b.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return b.toString();
    }

    /** The Web Console's salted hash of {@code password}, with a new random salt. */
    static String hash(String password) {
        byte[] saltBytes = new byte[SALT_BYTES];
        RANDOM.nextBytes(saltBytes);
        String salt = HexFormat.of().formatHex(saltBytes);
        return "{sha-256}" + salt + "-" + ITERATIONS + "-" + digest(salt, ITERATIONS, password);
    }

    /** Whether {@code hash} (the Web Console's format, as {@link #hash} writes it) is the hash of {@code password}. */
    static boolean matches(String hash, String password) {
        if (!hash.startsWith("{sha-256}")) {
            return false;
        }
        String[] parts = hash.substring("{sha-256}".length()).split("-", 3);
        if (parts.length != 3) {
            return false;
        }
        int iterations;
        try {
            iterations = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            return false;
        }
        if (iterations < 1 || iterations > 1_000_000) {
            return false;
        }
        return MessageDigest.isEqual(digest(parts[0], iterations, password).getBytes(StandardCharsets.UTF_8),
                parts[2].getBytes(StandardCharsets.UTF_8));
    }

    private static String digest(String salt, int iterations, String password) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] bytes = (salt + password).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < iterations; i++) {
                md.reset();
                bytes = md.digest(bytes);
            }
            return Base64.getEncoder().encodeToString(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
