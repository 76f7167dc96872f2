package io.holdfast.console.impl;

import io.holdfast.api.queue.QueueStats;
import io.holdfast.api.status.DeviceStatus;
import io.holdfast.api.status.GatewayStatus;
import io.holdfast.api.status.LinkStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Renders a {@link GatewayStatus} as the HTML of the console page and as JSON. Everything that came from a device or a
 * configuration is escaped: a device id is input, not markup.
 */
final class StatusRenderer {

    private StatusRenderer() {
    }

    static String html(GatewayStatus s, int providers) {
        StringBuilder b = new StringBuilder(4096);
        b.append("<p class=\"statline\">").append(providers).append(" status provider(s); taken at ")
                .append(esc(s.takenAt().toString())).append(". <a href=\"holdfast.json\">JSON</a></p>\n");

        b.append("<h2>Links</h2>\n");
        table(b, List.of("Link", "Kind", "State", "Where", "Since", "Messages", "Rejects", "Reconnects", "Last error"),
                s.links().stream()
                        .map(l -> List.of(l.id(), l.kind().name(), l.state().name(), l.detail(), l.since().toString(),
                                Long.toString(l.messages()), Long.toString(l.rejects()), Long.toString(l.reconnects()),
                                nz(l.lastError())))
                        .toList());

        b.append("<h2>Backlog</h2>\n");
        table(b, List.of("Queue", "Depth", "In flight", "Bytes", "Oldest", "Enqueued/s", "Acked/s", "Evicted",
                "Expired", "Rejected", "Last error"),
                s.backlogs().stream()
                        .map(q -> List.of(q.name(), Long.toString(q.depth()), Long.toString(q.inFlight()),
                                Long.toString(q.bytes()), age(q.oldestAge()), rate(q.enqueueRate()), rate(q.ackRate()),
                                Long.toString(q.evicted()), Long.toString(q.expired()), Long.toString(q.rejected()),
                                nz(q.lastError())))
                        .toList());

        b.append("<h2>Devices</h2>\n");
        table(b, List.of("Device", "Link", "Firmware", "Chip", "Sources", "Sensors", "RSSI", "Readings", "Gaps",
                "Per minute", "First seen", "Last seen"),
                s.devices().stream()
                        .map(d -> List.of(d.deviceId(), d.linkId(), nz(d.firmware()), nz(d.chip()),
                                String.join(" ", d.sources()), String.join(" ", d.sensors()), rssi(d),
                                Long.toString(d.readings()), Long.toString(d.gaps()), rate(d.readingsPerMinute()),
                                d.firstSeen().toString(), d.lastSeen().toString()))
                        .toList());

        b.append("<h2>Rates and counters</h2>\n");
        table(b, List.of("Name", "Value"),
                s.rates().entrySet().stream().map(e -> List.of(e.getKey() + " /s", rate(e.getValue()))).toList());
        table(b, List.of("Name", "Count"),
                s.counters().entrySet().stream().map(e -> List.of(e.getKey(), Long.toString(e.getValue()))).toList());
        return b.toString();
    }

    private static void table(StringBuilder b, List<String> head, List<List<String>> rows) {
        if (rows.isEmpty()) {
            b.append("<p>None.</p>\n");
            return;
        }
        b.append("<table class=\"nicetable\"><thead><tr>");
        head.forEach(h -> b.append("<th>").append(esc(h)).append("</th>"));
        b.append("</tr></thead><tbody>\n");
        for (List<String> row : rows) {
            b.append("<tr>");
            row.forEach(c -> b.append("<td>").append(esc(c)).append("</td>"));
            b.append("</tr>\n");
        }
        b.append("</tbody></table>\n");
    }

    private static String rssi(DeviceStatus d) {
        return d.rssiDbm() == null ? "" : d.rssiDbm() + " dBm (" + d.rssiPercent() + " %)";
    }

    private static String age(Duration d) {
        return d.isZero() ? "" : d.toSeconds() + " s";
    }

    private static String rate(double r) {
        return String.format(java.util.Locale.ROOT, "%.1f", r);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
            case '&' -> b.append("&amp;");
            case '<' -> b.append("&lt;");
            case '>' -> b.append("&gt;");
            case '"' -> b.append("&quot;");
            case '\'' -> b.append("&#39;");
            default -> b.append(c);
            }
        }
        return b.toString();
    }

    static String json(GatewayStatus s) {
        StringBuilder b = new StringBuilder(4096);
        b.append("{\"takenAt\":").append(str(s.takenAt().toString()));
        b.append(",\"links\":[");
        join(b, s.links(), (x, l) -> x.append("{\"id\":").append(str(l.id())).append(",\"kind\":")
                .append(str(l.kind().name())).append(",\"state\":").append(str(l.state().name())).append(",\"detail\":")
                .append(str(l.detail())).append(",\"since\":").append(str(l.since().toString()))
                .append(",\"lastError\":").append(str(l.lastError())).append(",\"reconnects\":").append(l.reconnects())
                .append(",\"messages\":").append(l.messages()).append(",\"rejects\":").append(l.rejects()).append('}'));
        b.append("],\"devices\":[");
        join(b, s.devices(), (x, d) -> x.append("{\"deviceId\":").append(str(d.deviceId())).append(",\"linkId\":")
                .append(str(d.linkId())).append(",\"firmware\":").append(str(d.firmware())).append(",\"chip\":")
                .append(str(d.chip())).append(",\"sources\":").append(strings(d.sources())).append(",\"sensors\":")
                .append(strings(d.sensors())).append(",\"firstSeen\":").append(str(d.firstSeen().toString()))
                .append(",\"lastSeen\":").append(str(d.lastSeen().toString())).append(",\"rssiDbm\":")
                .append(d.rssiDbm()).append(",\"rssiPercent\":").append(d.rssiPercent()).append(",\"readings\":")
                .append(d.readings()).append(",\"gaps\":").append(d.gaps()).append(",\"readingsPerMinute\":")
                .append(num(d.readingsPerMinute())).append('}'));
        b.append("],\"backlogs\":[");
        join(b, s.backlogs(), StatusRenderer::queue);
        b.append("],\"rates\":");
        map(b, s.rates(), v -> num(v));
        b.append(",\"counters\":");
        map(b, s.counters(), v -> Long.toString(v));
        return b.append('}').toString();
    }

    private static void queue(StringBuilder x, QueueStats q) {
        x.append("{\"name\":").append(str(q.name())).append(",\"depth\":").append(q.depth()).append(",\"inFlight\":")
                .append(q.inFlight()).append(",\"bytes\":").append(q.bytes()).append(",\"oldestAgeSeconds\":")
                .append(q.oldestAge().toSeconds()).append(",\"capacityMessages\":").append(q.capacityMessages())
                .append(",\"capacityBytes\":").append(q.capacityBytes()).append(",\"enqueued\":").append(q.enqueued())
                .append(",\"acked\":").append(q.acked()).append(",\"evicted\":").append(q.evicted())
                .append(",\"expired\":").append(q.expired()).append(",\"rejected\":").append(q.rejected())
                .append(",\"enqueueRate\":").append(num(q.enqueueRate())).append(",\"ackRate\":")
                .append(num(q.ackRate())).append(",\"lastError\":").append(str(q.lastError())).append('}');
    }

    private interface Writer<T> {
        void write(StringBuilder b, T value);
    }

    private static <T> void join(StringBuilder b, List<T> items, Writer<T> w) {
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            w.write(b, items.get(i));
        }
    }

    private static <V> void map(StringBuilder b, Map<String, V> m, java.util.function.Function<V, String> value) {
        b.append('{');
        int i = 0;
        for (Map.Entry<String, V> e : new java.util.TreeMap<>(m).entrySet()) {
            b.append(i++ == 0 ? "" : ",").append(str(e.getKey())).append(':').append(value.apply(e.getValue()));
        }
        b.append('}');
    }

    private static String strings(List<String> l) {
        StringBuilder b = new StringBuilder("[");
        join(b, l, (x, s) -> x.append(str(s)));
        return b.append(']').toString();
    }

    private static String num(double d) {
        return Double.isFinite(d) ? Double.toString(d) : "null";
    }

    static String str(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
            case '"' -> b.append("\\\"");
            case '\\' -> b.append("\\\\");
            case '\n' -> b.append("\\n");
            case '\r' -> b.append("\\r");
            case '\t' -> b.append("\\t");
            default -> {
                if (c < 0x20 || c == '<' || c == '>' || c == '&') {
                    b.append(String.format("\\u%04x", (int) c));
                } else {
                    b.append(c);
                }
            }
            }
        }
        return b.append('"').toString();
    }
}
