package io.holdfast.backend.dashboard.impl;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logins, in memory: a random session id in an HttpOnly, SameSite=Strict cookie names the API token the operator logged
 * in with (kept on the server only, never sent back to the browser) and a CSRF token that every state-changing request
 * must repeat in the {@code X-CSRF-Token} header. A restart of the backend ends every login.
 */
final class Sessions {

    static final String COOKIE = "hf_session";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One login. */
    static final class Session {
        final String id;
        final String token;
        final String actor;
        final String role;
        final String csrf;
        volatile long lastUsed;

        Session(String id, String token, String actor, String role, String csrf) {
            this.id = id;
            this.token = token;
            this.actor = actor;
            this.role = role;
            this.csrf = csrf;
            this.lastUsed = System.currentTimeMillis();
        }

        boolean csrfMatches(String header) {
            return header != null && MessageDigest.isEqual(csrf.getBytes(StandardCharsets.UTF_8),
                    header.getBytes(StandardCharsets.UTF_8));
        }

        boolean covers(String needed) {
            return rank(role) >= rank(needed);
        }

        private static int rank(String role) {
            return switch (role) {
            case "admin" -> 3;
            case "operator" -> 2;
            case "read" -> 1;
            default -> 0;
            };
        }
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final long idleMillis;

    Sessions(long idleMillis) {
        this.idleMillis = idleMillis;
    }

    Session create(String token, String actor, String role) {
        sessions.values().removeIf(s -> expired(s, System.currentTimeMillis()));
        Session s = new Session(random(32), token, actor, role, random(32));
        sessions.put(s.id, s);
        return s;
    }

    Optional<Session> find(HttpServletRequest req) {
        Cookie[] cookies = req.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie c : cookies) {
            if (COOKIE.equals(c.getName())) {
                Session s = sessions.get(c.getValue());
                long now = System.currentTimeMillis();
                if (s != null && !expired(s, now)) {
                    s.lastUsed = now;
                    return Optional.of(s);
                }
                if (s != null) {
                    sessions.remove(s.id);
                }
            }
        }
        return Optional.empty();
    }

    boolean alive(Session s) {
        return sessions.get(s.id) == s && !expired(s, System.currentTimeMillis());
    }

    void remove(Session s) {
        sessions.remove(s.id);
    }

    /** The Set-Cookie value for a session ({@code null}: one that deletes the cookie). */
    static String cookie(Session s, boolean secure) {
        return COOKIE + "=" + (s == null ? "" : s.id) + "; Path=/dashboard; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : "") + (s == null ? "; Max-Age=0" : "");
    }

    private boolean expired(Session s, long now) {
        return now - s.lastUsed > idleMillis;
    }

    static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
