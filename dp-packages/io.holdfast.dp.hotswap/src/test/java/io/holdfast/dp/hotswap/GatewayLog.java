package io.holdfast.dp.hotswap;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The gateway's log lines ({@code HH:mm:ss.SSS LEVEL logger - message}) of a time window, each with its time relative
 * to a start, in the test's clock: what the gateway did during one update.
 */
final class GatewayLog {
    /** The test's wall clock and monotonic clock at one moment, to turn {@code nanoTime} into a time of day. */
    private static final long WALL0 = System.currentTimeMillis();
    private static final long NANO0 = System.nanoTime();
    private static final long DAY = 86_400_000L;

    private GatewayLog() {
    }

    /** Milliseconds of the day (local time, as the gateway logs) at a {@code System.nanoTime()} of the test. */
    static long msOfDay(long nanos) {
        long wall = WALL0 + (nanos - NANO0) / 1_000_000;
        return Instant.ofEpochMilli(wall).atZone(ZoneId.systemDefault()).toLocalTime().toNanoOfDay() / 1_000_000;
    }

    /** A time of day as the log writes it. */
    static String time(long nanos) {
        return LocalTime.ofNanoOfDay(msOfDay(nanos) * 1_000_000).toString();
    }

    /**
     * The lines logged (the gateway's and the GC's, mixed) between two moments of the test ({@code System.nanoTime()}),
     * as {@code +<ms after from> <line
     * without its time>}, each cut to {@code width} characters.
     */
    static List<String> between(String log, long from, long to, int width) {
        long start = msOfDay(from);
        long end = msOfDay(to);
        List<Map.Entry<Long, String>> out = new ArrayList<>();
        for (String line : log.split("\n")) {
            // the gateway's "HH:mm:ss.SSS ..." or the GC log's "[yyyy-MM-ddTHH:mm:ss.SSS+0000] ..."
            int t = line.startsWith("[") && line.indexOf('T') > 0 ? line.indexOf('T') + 1 : 0;
            if (line.length() < t + 13 || line.charAt(t + 2) != ':' || line.charAt(t + 8) != '.') {
                continue;
            }
            long at;
            try {
                at = LocalTime.parse(line.substring(t, t + 12)).toNanoOfDay() / 1_000_000;
            } catch (DateTimeParseException e) {
                continue;
            }
            if (t > 0) {
                line = line.substring(t, t + 12) + " GC    " + line.substring(line.indexOf(']') + 1).trim();
            }
            long offset = Math.floorMod(at - start, DAY);
            if (offset <= Math.floorMod(end - start, DAY)) {
                String text = String.format("%+7d ms %s", offset, line.substring(13));
                out.add(Map.entry(offset, text.length() > width ? text.substring(0, width - 3) + "..." : text));
            }
        }
        out.sort(Map.Entry.comparingByKey()); // the gateway's lines and the GC's, in time order
        return out.stream().map(Map.Entry::getValue).toList();
    }
}
