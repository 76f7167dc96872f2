package io.holdfast.oled.impl.page;

import io.holdfast.api.queue.QueueStats;
import io.holdfast.api.status.DeviceStatus;
import io.holdfast.api.status.GatewayStatus;
import io.holdfast.api.status.LinkStatus;
import io.holdfast.oled.impl.frame.Font;
import io.holdfast.oled.impl.frame.Framebuffer;
import io.holdfast.oled.impl.frame.Icons;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws one page of the status into a frame: a lit header line with the title, then seven text lines of 21 characters.
 * Lists that do not fit end with a {@code +N more} line.
 */
public final class PageRenderer {
    /** Text lines under the header. */
    public static final int LINES = 7;

    private static final Font FONT = Font.get();

    private PageRenderer() {
    }

    /**
     * Draws a page.
     *
     * @param fb
     *            the frame (cleared first)
     * @param page
     *            which page
     * @param v
     *            what to show
     * @param index
     *            the page's position in the rotation, from 0
     * @param count
     *            pages in the rotation
     */
    public static void draw(Framebuffer fb, Page page, View v, int index, int count) {
        fb.clear();
        header(fb, page.title(), index, count, !v.alarms().isEmpty() && page != Page.ALARMS);
        List<Line> lines = switch (page) {
        case LINKS -> links(v);
        case CLOUD -> cloud(v);
        case BACKLOG -> backlog(v);
        case RATES -> rates(v);
        case DEVICES -> devices(v);
        case ALARMS -> alarms(v);
        };
        int shown = lines.size() > LINES ? LINES - 1 : lines.size();
        for (int i = 0; i < shown; i++) {
            lines.get(i).draw(fb, lineY(i));
        }
        if (shown < lines.size()) {
            text(lines.size() - shown + " more").draw(fb, lineY(LINES - 1));
        }
        if (page == Page.RATES) {
            graph(fb, v.readingsPerSecond(), lineY(3) + 2, Framebuffer.HEIGHT - lineY(3) - 2);
        }
    }

    /**
     * Draws the alarms that take over the display: each as a double-size title and a detail line, centred.
     *
     * @param fb
     *            the frame (cleared first)
     * @param v
     *            what to show
     * @param inverted
     *            draw dark on lit (the blinking phase)
     */
    public static void drawOverride(Framebuffer fb, View v, boolean inverted) {
        fb.clear();
        List<Alarm> override = v.alarms().stream().filter(Alarm::override).toList();
        int block = 26;
        int y = Math.max(0, (Framebuffer.HEIGHT - block * override.size()) / 2);
        for (Alarm a : override.subList(0, Math.min(2, override.size()))) {
            int w = Font.width(a.title()) * 2;
            FONT.drawScaled(fb, Math.max(0, (Framebuffer.WIDTH - w) / 2), y, a.title(), true, 2);
            String d = Labels.head(a.detail(), Font.COLUMNS);
            FONT.draw(fb, (Framebuffer.WIDTH - Font.width(d)) / 2, y + 17, d, true);
            y += block;
        }
        if (inverted) {
            fb.invert();
        }
    }

    /**
     * @param i
     *            a text line under the header, from 0
     *
     * @return its top row
     */
    public static int lineY(int i) {
        return Font.CELL_HEIGHT * (i + 1);
    }

    private static void header(Framebuffer fb, String title, int index, int count, boolean alarm) {
        fb.fill(0, 0, Framebuffer.WIDTH, Font.CELL_HEIGHT, true);
        FONT.draw(fb, 1, 0, title, false);
        String pos = (index + 1) + "/" + count;
        int x = Framebuffer.WIDTH - Font.width(pos);
        FONT.draw(fb, x, 0, pos, false);
        if (alarm) {
            FONT.draw(fb, x - 2 * Font.CELL_WIDTH, 0, "!", false);
        }
    }

    private static List<Line> links(View v) {
        GatewayStatus s = v.status();
        List<Line> lines = new ArrayList<>();
        List<String> listed = new ArrayList<>();
        for (LinkStatus l : s.links()) {
            if (l.kind() == LinkStatus.Kind.CLOUD) {
                continue;
            }
            listed.add(l.id());
            lines.add(linkLine(l));
            s.devices().stream().filter(d -> d.linkId().equals(l.id())).forEach(d -> lines.add(deviceLine(d)));
        }
        s.devices().stream().filter(d -> !listed.contains(d.linkId())).forEach(d -> lines.add(deviceLine(d)));
        if (lines.isEmpty()) {
            lines.add(text("No ESP32 links"));
        }
        return lines;
    }

    private static Line linkLine(LinkStatus l) {
        return (fb, y) -> {
            Icons.link(fb, 0, y, l.state() == LinkStatus.State.UP);
            FONT.draw(fb, 9, y, Labels.link(l), true);
            String st = Labels.state(l.state());
            FONT.draw(fb, Framebuffer.WIDTH - Font.width(st), y, st, true);
        };
    }

    /**
     * The line of one device: its short id, signal bars and dBm.
     *
     * @param d
     *            the device
     *
     * @return the line
     */
    static Line deviceLine(DeviceStatus d) {
        return (fb, y) -> {
            FONT.draw(fb, 6, y, Labels.device(d.deviceId()), true);
            Icons.signal(fb, 60, y, d.rssiDbm());
            String dbm = d.rssiDbm() == null ? "" : d.rssiDbm() + "dBm";
            FONT.draw(fb, Framebuffer.WIDTH - Font.width(dbm), y, dbm, true);
        };
    }

    private static List<Line> cloud(View v) {
        List<Line> lines = new ArrayList<>();
        GatewayStatus s = v.status();
        for (LinkStatus l : s.links()) {
            if (l.kind() == LinkStatus.Kind.CLOUD) {
                lines.add(linkLine(l));
                lines.add(text("  " + Labels.state(l.state()).toLowerCase(Locale.ROOT) + " " + v.age(l.since())
                        + " sent " + Labels.count(l.messages())));
            }
        }
        if (lines.isEmpty()) {
            lines.add(text("No cloud connection"));
        }
        lines.add(pair("Confirmed", v.lastConfirmed() == null ? "--" : v.age(v.lastConfirmed()) + " ago"));
        lines.add(pair("Published/s", Labels.rate(s.rate(GatewayStatus.RATE_PUBLISHED))));
        lines.add(pair("Confirmed/s", Labels.rate(s.rate(GatewayStatus.RATE_CONFIRMED))));
        if (v.cloudDownSince() != null) {
            lines.add(pair("Down for", v.age(v.cloudDownSince())));
        }
        return lines;
    }

    private static List<Line> backlog(View v) {
        GatewayStatus s = v.status();
        List<Line> lines = new ArrayList<>();
        if (s.backlogs().isEmpty()) {
            lines.add(text("No store"));
            return lines;
        }
        double fill = StatusTracker.storeFill(s);
        lines.add(pair("Depth", Labels.count(s.backlogDepth()) + " msg"));
        lines.add((fb, y) -> {
            Icons.gauge(fb, 0, y, 98, 7, fill);
            String pct = Math.round(fill * 100) + "%";
            FONT.draw(fb, Framebuffer.WIDTH - Font.width(pct), y, pct, true);
        });
        Duration oldest = s.backlogs().stream().map(QueueStats::oldestAge).max(Duration::compareTo)
                .orElse(Duration.ZERO);
        lines.add(pair("Oldest", s.backlogDepth() == 0 ? "--" : View.shortDuration(oldest)));
        lines.add(pair("In flight", Labels.count(s.backlogs().stream().mapToLong(QueueStats::inFlight).sum())));
        lines.add(pair("Bytes", Labels.count(s.backlogs().stream().mapToLong(QueueStats::bytes).sum())));
        lines.add(pair("Evicted", Labels.count(s.backlogs().stream().mapToLong(QueueStats::evicted).sum())));
        lines.add(pair("Rejected", Labels.count(s.backlogs().stream().mapToLong(QueueStats::rejected).sum())));
        return lines;
    }

    private static List<Line> rates(View v) {
        GatewayStatus s = v.status();
        return List.of(pair("Readings/s", Labels.rate(s.rate(GatewayStatus.RATE_READINGS_IN))),
                pair("Published/s", Labels.rate(s.rate(GatewayStatus.RATE_PUBLISHED))),
                pair("Confirmed/s", Labels.rate(s.rate(GatewayStatus.RATE_CONFIRMED))));
    }

    private static void graph(Framebuffer fb, List<Double> samples, int top, int height) {
        double max = samples.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        String label = "max " + Labels.rate(max);
        FONT.draw(fb, Framebuffer.WIDTH - Font.width(label), top, label, true);
        int base = top + height - 1;
        fb.fill(0, base, Framebuffer.WIDTH, 1, true);
        int x = Framebuffer.WIDTH - 2 * samples.size();
        for (double r : samples) {
            int h = max <= 0 ? 0 : (int) Math.round((height - 10) * r / max);
            fb.fill(x, base - h, 2, h, true);
            x += 2;
        }
    }

    private static List<Line> devices(View v) {
        List<Line> lines = new ArrayList<>();
        for (DeviceStatus d : v.status().devices()) {
            String type = d.sensors().isEmpty() ? "" : d.sensors().get(d.sensors().size() - 1);
            String age = v.age(d.lastSeen());
            lines.add(text(String.format(Locale.ROOT, "%-8s %-7s%5s", Labels.device(d.deviceId()), Labels.head(type, 7),
                    age)));
        }
        if (lines.isEmpty()) {
            lines.add(text("No devices yet"));
        }
        return lines;
    }

    private static List<Line> alarms(View v) {
        List<Line> lines = new ArrayList<>();
        for (Alarm a : v.alarms()) {
            lines.add(text(Labels.head(a.title() + " " + a.detail(), Font.COLUMNS)));
        }
        if (lines.isEmpty()) {
            lines.add(text("No alarms"));
        }
        return lines;
    }

    private static Line text(String s) {
        return (fb, y) -> FONT.draw(fb, 0, y, Labels.head(s, Font.COLUMNS), true);
    }

    private static Line pair(String label, String value) {
        return (fb, y) -> {
            FONT.draw(fb, 0, y, label, true);
            FONT.draw(fb, Framebuffer.WIDTH - Font.width(value), y, value, true);
        };
    }

    /** One line of a page. */
    @FunctionalInterface
    interface Line {
        void draw(Framebuffer fb, int y);
    }
}
