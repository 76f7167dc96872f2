package io.holdfast.backend.api.impl;

import io.holdfast.backend.store.BackendStore;
import io.holdfast.backend.store.StoreException;
import java.io.BufferedWriter;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Gaps, excursions and the streamed exports (CSV, NumPy), each in one pass over the store's rows. */
final class Analyses {

    private static final int MAX_LISTED = 10_000;

    private Analyses() {
    }

    /** Missing seq ranges (of device-assigned seqs) and silences longer than {@code expectedMs}. */
    static Map<String, Object> gaps(BackendStore store, String device, long from, long to, long expectedMs)
            throws StoreException {
        long[][] seqs = { new long[1024] };
        int[] n = { 0 };
        List<Map<String, Object>> silences = new ArrayList<>();
        long[] last = { Long.MIN_VALUE };
        store.streamSeqs(device, from, to, row -> {
            if (row[0] >= 0) {
                if (n[0] == seqs[0].length) {
                    seqs[0] = Arrays.copyOf(seqs[0], n[0] * 2);
                }
                seqs[0][n[0]++] = row[0];
            }
            if (last[0] != Long.MIN_VALUE && row[1] - last[0] > expectedMs && silences.size() < MAX_LISTED) {
                silences.add(Map.of("from", last[0], "to", row[1], "seconds", (row[1] - last[0]) / 1000));
            }
            last[0] = row[1];
        });
        long[] s = Arrays.copyOf(seqs[0], n[0]);
        Arrays.sort(s);
        List<Map<String, Object>> missing = new ArrayList<>();
        long missingTotal = 0;
        for (int i = 1; i < s.length; i++) {
            if (s[i] > s[i - 1] + 1) {
                missingTotal += s[i] - s[i - 1] - 1;
                if (missing.size() < MAX_LISTED) {
                    missing.add(Map.of("firstSeq", s[i - 1] + 1, "lastSeq", s[i] - 1, "count", s[i] - s[i - 1] - 1));
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("device", device);
        out.put("from", from);
        out.put("to", to);
        out.put("readings", n[0]);
        out.put("missingSeqCount", missingTotal);
        out.put("missingSeqRanges", missing);
        out.put("expectedSeconds", expectedMs / 1000);
        out.put("silences", silences);
        return out;
    }

    /** Periods with values above {@code max} or below {@code min}: start, end, duration, extreme value. */
    static Map<String, Object> excursions(BackendStore store, String device, String metric, long from, long to,
            Double min, Double max) throws StoreException {
        List<Map<String, Object>> list = new ArrayList<>();
        long[] total = { 0 };
        Object[] open = { null }; // {start ts, peak}
        long[] lastTs = { Long.MIN_VALUE };
        store.streamSamples(device, metric, from, to, s -> {
            boolean outside = (max != null && s.value() > max) || (min != null && s.value() < min);
            if (outside && open[0] == null) {
                open[0] = new double[] { s.timestamp(), s.value() };
            } else if (outside) {
                double[] o = (double[]) open[0];
                o[1] = (max != null && s.value() > max) ? Math.max(o[1], s.value()) : Math.min(o[1], s.value());
            } else if (open[0] != null) {
                double[] o = (double[]) open[0];
                total[0] += close(list, (long) o[0], s.timestamp(), o[1], false);
                open[0] = null;
            }
            lastTs[0] = s.timestamp();
        });
        if (open[0] != null) {
            double[] o = (double[]) open[0];
            total[0] += close(list, (long) o[0], lastTs[0], o[1], true);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("device", device);
        out.put("metric", metric);
        out.put("min", min);
        out.put("max", max);
        out.put("totalSeconds", total[0] / 1000);
        out.put("excursions", list);
        return out;
    }

    private static long close(List<Map<String, Object>> list, long start, long end, double peak, boolean ongoing) {
        if (list.size() < MAX_LISTED) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("start", start);
            e.put("end", end);
            e.put("seconds", (end - start) / 1000);
            e.put("peak", peak);
            e.put("ongoing", ongoing);
            list.add(e);
        }
        return end - start;
    }

    /** {@code timestamp,time,seq,value}, one line per value. */
    static void csv(BackendStore store, String device, String metric, long from, long to, OutputStream os)
            throws StoreException, IOException {
        BufferedWriter w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16);
        w.write("timestamp,time,seq," + metric + "\n");
        StringBuilder line = new StringBuilder(64);
        store.streamSamples(device, metric, from, to, s -> {
            line.setLength(0);
            line.append(s.timestamp()).append(',').append(Instant.ofEpochMilli(s.timestamp())).append(',')
                    .append(s.seq()).append(',').append(s.value()).append('\n');
            w.append(line);
        });
        w.flush();
    }

    /**
     * A NumPy {@code .npy} file (format 1.0) of a structured array {@code [('timestamp', '<i8'), ('seq', '<i8'),
     * ('value', '<f8')]}: {@code numpy.load(f)} reads it, {@code pandas.DataFrame(numpy.load(f))} makes a frame.
     */
    static void npy(BackendStore store, String device, String metric, long from, long to, OutputStream os)
            throws StoreException, IOException {
        DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(os, 1 << 16));
        ByteBuffer row = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        store.countAndStreamSamples(device, metric, from, to, count -> out.write(npyHeader(count)), s -> {
            row.clear();
            row.putLong(s.timestamp()).putLong(s.seq()).putDouble(s.value());
            out.write(row.array());
        });
        out.flush();
    }

    static byte[] npyHeader(long rows) {
        String dict = "{'descr': [('timestamp', '<i8'), ('seq', '<i8'), ('value', '<f8')], 'fortran_order': False, "
                + "'shape': (" + rows + ",), }";
        int unpadded = 10 + dict.length() + 1;
        int pad = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length()).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }
}
