package io.holdfast.oled.impl.page;

import io.holdfast.api.queue.QueueStats;
import io.holdfast.api.status.DeviceStatus;
import io.holdfast.api.status.GatewayStatus;
import io.holdfast.api.status.LinkStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Watches successive statuses and derives what no single snapshot says: when a message was last confirmed, since when
 * the cloud is gone, the recent readings rate, and the alarms. Used by the one rendering thread only.
 */
public final class StatusTracker {
    /** Samples of the readings rate kept for the graph. */
    public static final int HISTORY = 60;

    private final Deque<Double> history = new ArrayDeque<>();
    private final Instant started;
    private long lastAcked = -1;
    private Instant lastConfirmed;
    private Instant cloudDownSince;
    private Instant lastSample;

    /**
     * @param started
     *            when the display started (the cloud counts as down since then until a connection is seen)
     */
    public StatusTracker(Instant started) {
        this.started = started;
    }

    /** Alarm thresholds. */
    public record Thresholds(Duration cloudOverride, double storeOverride, Duration deviceSilent) {
    }

    /**
     * Takes a snapshot in and gives what to draw.
     *
     * @param s
     *            the merged status
     * @param now
     *            the time of the frame
     * @param t
     *            alarm thresholds
     *
     * @return the view
     */
    public View update(GatewayStatus s, Instant now, Thresholds t) {
        long acked = s.backlogs().stream().mapToLong(QueueStats::acked).sum();
        if ((lastAcked >= 0 && acked > lastAcked) || s.rate(GatewayStatus.RATE_CONFIRMED) > 0) {
            lastConfirmed = now;
        }
        lastAcked = acked;

        List<LinkStatus> clouds = s.links().stream().filter(l -> l.kind() == LinkStatus.Kind.CLOUD).toList();
        if (clouds.stream().anyMatch(l -> l.state() == LinkStatus.State.UP)) {
            cloudDownSince = null;
        } else if (cloudDownSince == null) {
            Instant since = clouds.stream().map(LinkStatus::since).min(Instant::compareTo).orElse(started);
            cloudDownSince = since.isBefore(started) ? started : since;
        }

        if (lastSample == null || !now.isBefore(lastSample.plusSeconds(1))) {
            history.addLast(s.rate(GatewayStatus.RATE_READINGS_IN));
            while (history.size() > HISTORY) {
                history.removeFirst();
            }
            lastSample = now;
        }
        View partial = new View(s, now, lastConfirmed, cloudDownSince, new ArrayList<>(history), List.of());
        return new View(s, now, lastConfirmed, cloudDownSince, partial.readingsPerSecond(), alarms(partial, clouds, t));
    }

    /**
     * The fullest queue's fill, by messages or bytes, whichever is fuller.
     *
     * @param s
     *            the status
     *
     * @return 0 to 1 (more when over capacity); 0 without queues or capacities
     */
    public static double storeFill(GatewayStatus s) {
        double fill = 0;
        for (QueueStats q : s.backlogs()) {
            if (q.capacityMessages() > 0) {
                fill = Math.max(fill, (double) q.depth() / q.capacityMessages());
            }
            if (q.capacityBytes() > 0) {
                fill = Math.max(fill, (double) q.bytes() / q.capacityBytes());
            }
        }
        return fill;
    }

    private static List<Alarm> alarms(View v, List<LinkStatus> clouds, Thresholds t) {
        List<Alarm> alarms = new ArrayList<>();
        GatewayStatus s = v.status();
        if (v.cloudDownSince() != null) {
            Duration down = Duration.between(v.cloudDownSince(), v.now());
            String detail = clouds.isEmpty() ? "none configured" : "down " + View.shortDuration(down);
            alarms.add(new Alarm("NO CLOUD", detail, down.compareTo(t.cloudOverride()) >= 0));
        }
        double fill = storeFill(s);
        if (fill >= t.storeOverride() * 0.8) {
            alarms.add(new Alarm("STORE FULL", Math.round(fill * 100) + "% " + s.backlogDepth() + " msg",
                    fill >= t.storeOverride()));
        }
        for (LinkStatus l : s.links()) {
            if (l.state() == LinkStatus.State.ERROR && l.kind() != LinkStatus.Kind.CLOUD) {
                alarms.add(new Alarm("LINK", Labels.link(l) + " " + (l.lastError() == null ? "error" : l.lastError()),
                        false));
            }
        }
        for (QueueStats q : s.backlogs()) {
            if (q.lastError() != null) {
                alarms.add(new Alarm("STORE", q.name() + ": " + q.lastError(), false));
            }
        }
        for (DeviceStatus d : s.devices()) {
            Duration quiet = Duration.between(d.lastSeen(), v.now());
            if (quiet.compareTo(t.deviceSilent()) >= 0) {
                alarms.add(new Alarm("SILENT", Labels.device(d.deviceId()) + " " + View.shortDuration(quiet), false));
            }
        }
        return alarms;
    }
}
