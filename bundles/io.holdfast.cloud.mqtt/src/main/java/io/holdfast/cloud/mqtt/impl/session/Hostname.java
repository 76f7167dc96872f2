package io.holdfast.cloud.mqtt.impl.session;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The gateway's default client id: its host name, made safe for a topic level. */
public final class Hostname {
    private static volatile String cached;

    private Hostname() {
    }

    public static String get() {
        String h = cached;
        if (h == null) {
            h = sanitize(lookup());
            cached = h;
        }
        return h;
    }

    private static String lookup() {
        // /etc/hostname and the environment first: InetAddress.getLocalHost() can block on a broken resolver
        try {
            Path etc = Path.of("/etc/hostname");
            if (Files.isReadable(etc)) {
                String s = new String(Files.readAllBytes(etc), StandardCharsets.UTF_8).trim();
                if (!s.isEmpty()) {
                    return s;
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        for (String env : new String[] { "HOSTNAME", "COMPUTERNAME" }) {
            String s = System.getenv(env);
            if (s != null && !s.isBlank()) {
                return s.trim();
            }
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "holdfast-gateway";
        }
    }

    /** Keeps letters, digits, '.', '_' and '-'; anything else becomes '-'. */
    public static String sanitize(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(Character.isLetterOrDigit(c) && c < 128 || c == '.' || c == '_' || c == '-' ? c : '-');
        }
        return sb.length() == 0 ? "holdfast-gateway" : sb.toString();
    }
}
