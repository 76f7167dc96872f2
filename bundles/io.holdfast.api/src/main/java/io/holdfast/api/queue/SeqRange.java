package io.holdfast.api.queue;

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
}
