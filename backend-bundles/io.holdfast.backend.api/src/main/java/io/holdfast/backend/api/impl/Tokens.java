package io.holdfast.backend.api.impl;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.sql.DataSource;

/**
 * API tokens: {@code hf_<id>_<secret>}; the database keeps the id, name, role and a PBKDF2-HMAC-SHA256 hash of the
 * secret. A token verified once is remembered by a SHA-256 of it (in memory only) so that not every request pays for
 * the slow hash; revoking clears that.
 */
final class Tokens {

    /** Who a request is. */
    record Principal(String tokenId, String name, Role role) {
    }

    enum Role {
        READ, OPERATOR, ADMIN;

        boolean covers(Role needed) {
            return compareTo(needed) >= 0;
        }
    }

    static final int ITERATIONS = 210_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DataSource db;
    private final Map<String, Principal> verified = new ConcurrentHashMap<>();

    Tokens(DataSource db) {
        this.db = db;
    }

    /** Creates a token; the secret is in the returned string only. */
    String create(String name, Role role) throws SQLException {
        byte[] idBytes = new byte[6];
        byte[] secretBytes = new byte[24];
        byte[] salt = new byte[16];
        RANDOM.nextBytes(idBytes);
        RANDOM.nextBytes(secretBytes);
        RANDOM.nextBytes(salt);
        String id = HexFormat.of().formatHex(idBytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        try (Connection c = db.getConnection(); PreparedStatement p = c.prepareStatement(
                "INSERT INTO api_tokens (id, name, role, salt, hash, iterations, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            p.setString(1, id);
            p.setString(2, name);
            p.setString(3, role.name().toLowerCase(java.util.Locale.ROOT));
            p.setBytes(4, salt);
            p.setBytes(5, pbkdf2(secret, salt, ITERATIONS));
            p.setInt(6, ITERATIONS);
            p.setLong(7, System.currentTimeMillis());
            p.executeUpdate();
        }
        return "hf_" + id + "_" + secret;
    }

    boolean none() throws SQLException {
        try (Connection c = db.getConnection();
                PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM api_tokens");
                ResultSet rs = p.executeQuery()) {
            rs.next();
            return rs.getLong(1) == 0;
        }
    }

    Optional<Principal> verify(String token) throws SQLException {
        String key = sha256(token);
        Principal known = verified.get(key);
        if (known != null) {
            return Optional.of(known);
        }
        String[] parts = token.split("_", 3);
        if (parts.length != 3 || !parts[0].equals("hf") || !parts[1].matches("[0-9a-f]{12}")) {
            return Optional.empty();
        }
        try (Connection c = db.getConnection(); PreparedStatement p = c.prepareStatement(
                "SELECT name, role, salt, hash, iterations FROM api_tokens WHERE id = ? AND revoked_at IS NULL")) {
            p.setString(1, parts[1]);
            try (ResultSet rs = p.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                byte[] hash = pbkdf2(parts[2], rs.getBytes(3), rs.getInt(5));
                if (!MessageDigest.isEqual(hash, rs.getBytes(4))) {
                    return Optional.empty();
                }
                Principal principal = new Principal(parts[1], rs.getString(1),
                        Role.valueOf(rs.getString(2).toUpperCase(java.util.Locale.ROOT)));
                verified.put(key, principal);
                return Optional.of(principal);
            }
        }
    }

    boolean revoke(String id) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement p = c
                .prepareStatement("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
            p.setLong(1, System.currentTimeMillis());
            p.setString(2, id);
            boolean done = p.executeUpdate() == 1;
            verified.values().removeIf(pr -> pr.tokenId().equals(id));
            return done;
        }
    }

    List<Map<String, Object>> list() throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Connection c = db.getConnection();
                PreparedStatement p = c.prepareStatement(
                        "SELECT id, name, role, created_at, revoked_at FROM api_tokens ORDER BY created_at, id");
                ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", rs.getString(1));
                m.put("name", rs.getString(2));
                m.put("role", rs.getString(3));
                m.put("createdAt", rs.getLong(4));
                long revoked = rs.getLong(5);
                m.put("revokedAt", rs.wasNull() ? null : revoked);
                out.add(m);
            }
        }
        return out;
    }

    static byte[] pbkdf2(String secret, byte[] salt, int iterations) {
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(secret.toCharArray(), salt, iterations, 256)).getEncoded();
        } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
