package io.holdfast.oled.impl.page;

import io.holdfast.api.status.LinkStatus;
import java.util.Locale;

/** Short names that fit a 21-character line. */
public final class Labels {

    private Labels() {
    }

    /**
     * @param mac
     *            a device id, usually a MAC address
     *
     * @return its last 8 characters ({@code 72:12:4C}): what tells devices of one maker apart
     */
    public static String device(String mac) {
        return tail(mac, 8);
    }

    /**
     * @param l
     *            a link
     *
     * @return kind and where it points, in at most 14 characters: {@code TCP :7420}, {@code SER ttyUSB0}
     */
    public static String link(LinkStatus l) {
        String kind = switch (l.kind()) {
        case SERIAL -> "SER";
        case TCP -> "TCP";
        case MQTT_INGEST -> "MQT";
        case CLOUD -> "CLD";
        };
        String where = l.detail();
        int space = where.indexOf(' ');
        if (space > 0) {
            where = where.substring(0, space);
        }
        if (l.kind() == LinkStatus.Kind.TCP) {
            int colon = where.lastIndexOf(':');
            where = colon >= 0 ? where.substring(colon) : where;
        } else {
            int slash = where.lastIndexOf('/');
            where = slash >= 0 && slash < where.length() - 1 ? where.substring(slash + 1) : where;
        }
        return kind + " " + tail(where, 10);
    }

    /**
     * @param s
     *            a link state
     *
     * @return it in at most 4 characters
     */
    public static String state(LinkStatus.State s) {
        return switch (s) {
        case UP -> "UP";
        case CONNECTING -> "CONN";
        case DOWN -> "DOWN";
        case ERROR -> "ERR";
        };
    }

    /**
     * @param n
     *            a count
     *
     * @return it in at most 5 characters: {@code 999}, {@code 12.3k}, {@code 4.5M}
     */
    public static String count(long n) {
        if (n < 10_000) {
            return Long.toString(n);
        }
        if (n < 1_000_000) {
            return n < 100_000 ? String.format(Locale.ROOT, "%.1fk", n / 1000.0) : n / 1000 + "k";
        }
        return n < 100_000_000 ? String.format(Locale.ROOT, "%.1fM", n / 1_000_000.0) : n / 1_000_000 + "M";
    }

    /**
     * @param perSecond
     *            a rate
     *
     * @return it in at most 6 characters
     */
    public static String rate(double perSecond) {
        if (perSecond < 100) {
            return String.format(Locale.ROOT, "%.1f", perSecond);
        }
        return count(Math.round(perSecond));
    }

    /**
     * @param s
     *            text
     * @param max
     *            characters kept
     *
     * @return the end of the text when it is longer
     */
    public static String tail(String s, int max) {
        return s.length() <= max ? s : s.substring(s.length() - max);
    }

    /**
     * @param s
     *            text
     * @param max
     *            characters kept
     *
     * @return the start of the text when it is longer
     */
    public static String head(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
