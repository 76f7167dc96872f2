package io.holdfast.backend.api.impl;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Pattern;

/** Query parameters, checked: every wrong value is a 400 that names the parameter and what it should be. */
final class Params {

    private static final Pattern METRIC = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final long DAY = 86_400_000L;

    private final Map<String, String[]> query;

    Params(Map<String, String[]> query) {
        this.query = query;
    }

    String get(String name) throws ApiException {
        String[] v = query.get(name);
        if (v == null || v.length == 0 || v[0].isEmpty()) {
            return null;
        }
        if (v.length > 1) {
            throw ApiException.badRequest(name + " is given " + v.length + " times");
        }
        return v[0];
    }

    String metric(boolean required) throws ApiException {
        String m = get("metric");
        if (m == null) {
            if (required) {
                throw ApiException.badRequest("metric is required");
            }
            return null;
        }
        if (!METRIC.matcher(m).matches()) {
            throw ApiException.badRequest("metric must be 1 to 64 of A-Z a-z 0-9 _ . : -");
        }
        return m;
    }

    /** An ISO-8601 instant ({@code 2026-01-01T00:00:00Z}) or epoch milliseconds. */
    long time(String name, long fallback) throws ApiException {
        String v = get(name);
        if (v == null) {
            return fallback;
        }
        if (v.matches("-?[0-9]{1,15}")) {
            return Long.parseLong(v);
        }
        try {
            return Instant.parse(v).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + " must be an ISO-8601 instant such as 2026-01-01T00:00:00Z "
                    + "or epoch milliseconds, was '" + v + "'");
        }
    }

    /** {@code [from, to)}: to defaults to now, from to a day before to; at most {@code maxDays} long. */
    long[] range(long now, int maxDays) throws ApiException {
        long to = time("to", now);
        long from = time("from", to - DAY);
        if (from >= to) {
            throw ApiException.badRequest("from must be before to");
        }
        if (maxDays > 0 && to - from > maxDays * DAY) {
            throw ApiException.badRequest("the range is longer than the maximum of " + maxDays + " days");
        }
        return new long[] { from, to };
    }

    long number(String name, long fallback, long min, long max) throws ApiException {
        String v = get(name);
        if (v == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest(name + " must be an integer from " + min + " to " + max + ", was '" + v + "'");
    }

    Double decimal(String name) throws ApiException {
        String v = get(name);
        if (v == null) {
            return null;
        }
        try {
            double d = Double.parseDouble(v);
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest(name + " must be a finite number, was '" + v + "'");
    }

    /** The keyset cursor: the last row's (timestamp, seq), opaque to clients. */
    long[] cursor() throws ApiException {
        String v = get("cursor");
        if (v == null) {
            return new long[] { Long.MIN_VALUE, Long.MIN_VALUE };
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(v), StandardCharsets.UTF_8).split(":");
            return new long[] { Long.parseLong(parts[0]), Long.parseLong(parts[1]) };
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw ApiException.badRequest("cursor is not one this API returned");
        }
    }

    static String cursor(long ts, long seq) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((ts + ":" + seq).getBytes(StandardCharsets.UTF_8));
    }
}
