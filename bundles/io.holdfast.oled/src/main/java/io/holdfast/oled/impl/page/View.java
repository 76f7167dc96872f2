package io.holdfast.oled.impl.page;

import io.holdfast.api.status.GatewayStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What the pages draw: the merged status plus what only a watcher over time knows.
 *
 * @param status
 *            the merged status of every provider
 * @param now
 *            the time of the frame
 * @param lastConfirmed
 *            when a broker last confirmed a message (seen as the queues' acknowledged count rising), or {@code null}
 *            when not since the display started
 * @param cloudDownSince
 *            since when no cloud connection is up, or {@code null} while one is
 * @param readingsPerSecond
 *            readings received per second, oldest first (the last minute or so)
 * @param alarms
 *            what needs attention
 */
public record View(GatewayStatus status, Instant now, Instant lastConfirmed, Instant cloudDownSince,
        List<Double> readingsPerSecond, List<Alarm> alarms) {

    /** Copies the lists. */
    public View {
        readingsPerSecond = List.copyOf(readingsPerSecond);
        alarms = List.copyOf(alarms);
    }

    /**
     * @param since
     *            an earlier time, or {@code null}
     *
     * @return the time from then to {@link #now()} in one short word ({@code 45s}, {@code 12m}, {@code 3h},
     *         {@code 2d}), or {@code --} when unknown
     */
    public String age(Instant since) {
        return since == null ? "--" : shortDuration(Duration.between(since, now));
    }

    /**
     * @param d
     *            a duration
     *
     * @return it in one short word: {@code 45s}, {@code 12m}, {@code 3h}, {@code 2d}
     */
    public static String shortDuration(Duration d) {
        long s = Math.max(0, d.getSeconds());
        if (s < 100) {
            return s + "s";
        }
        if (s < 100 * 60) {
            return s / 60 + "m";
        }
        if (s < 48 * 3600) {
            return s / 3600 + "h";
        }
        return s / 86400 + "d";
    }

    /** @return whether there is an alarm that takes over the display */
    public boolean overridden() {
        return alarms.stream().anyMatch(Alarm::override);
    }
}
