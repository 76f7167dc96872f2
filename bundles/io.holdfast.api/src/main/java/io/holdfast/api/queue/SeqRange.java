package io.holdfast.api.queue;

import java.util.ArrayList;
import java.util.List;

/**
 * A run of consecutive sequence numbers of one device's readings, both ends included.
 *
 * @param first
 *            the first sequence number of the run
 * @param last
 *            the last one, at least {@code first}
 */
public record SeqRange(long first, long last) {

    /**
     * Checks the ends.
     *
     * @throws IllegalArgumentException
     *             if {@code last} is below {@code first} or {@code first} is negative
     */
    public SeqRange {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("not a range of sequence numbers: " + first + ".." + last);
        }
    }

    /**
     * Whether a sequence number is in this run.
     *
     * @param seq
     *            the sequence number
     *
     * @return {@code true} if {@code first <= seq <= last}
     */
    public boolean contains(long seq) {
        return seq >= first && seq <= last;
    }

    /**
     * How many numbers the run holds.
     *
     * @return {@code last - first + 1}
     */
    public long size() {
        return last - first + 1;
    }

    /**
     * The runs of consecutive numbers in ascending numbers (what a {@link CommittedReadings} returns for a set it
     * keeps).
     *
     * @param ascending
     *            sequence numbers in ascending order, without repeats
     *
     * @return the runs, in ascending order
     *
     * @throws IllegalArgumentException
     *             if a number is negative or not above the one before
     */
    public static List<SeqRange> runs(Iterable<Long> ascending) {
        List<SeqRange> runs = new ArrayList<>();
        Long first = null;
        long last = 0;
        for (long s : ascending) {
            if (first != null && s <= last) {
                throw new IllegalArgumentException("not ascending: " + s + " after " + last);
            }
            if (first != null && s == last + 1) {
                last = s;
                continue;
            }
            if (first != null) {
                runs.add(new SeqRange(first, last));
            }
            first = s;
            last = s;
        }
        if (first != null) {
            runs.add(new SeqRange(first, last));
        }
        return runs;
    }
}
