package io.holdfast.esp32.impl.ingest;

import io.holdfast.api.queue.SeqRange;
import java.util.List;
import java.util.TreeSet;

/**
 * Sequence numbers of one source: which are in flight, which are stored, and the highest contiguous stored one that may
 * be acknowledged to the device ("everything up to N is stored").
 * <p>
 * Sequence numbers are unsigned 32-bit and wrap; they are unwrapped onto a 64-bit line around the contiguous point
 * (serial number arithmetic), so wrapping from 4294967295 to 0 is just the next number. The first number seen starts
 * the line: readings below it that arrive later are still accepted once (deduplicated in a small set), but they never
 * move the acknowledgement. A hole (a number never received while later ones are stored) holds the acknowledgement back
 * until the device re-sends it; a hole older than the gap timeout with nothing in flight is given up: counted as a gap
 * and skipped, unless the device announced in its hello the oldest number it keeps: such a device re-sends what it
 * keeps, and says in its next hello what it no longer has, so its holes are given up only then (on a gateway behind
 * under load, or after the driver was replaced with readings in its buffer, a timeout would ack away readings the
 * device still holds). Not thread safe: callers hold the source's lock.
 */
final class SeqTracker {

    /** What to do with an arriving sequence number. */
    enum Verdict {
        /** Not seen before: publish it. */
        NEW,
        /** Already stored: drop it, and acknowledge again (the device missed the ack). */
        STORED,
        /** Already accepted and waiting to be published: drop it. */
        IN_FLIGHT
    }

    private static final int MAX_TRACKED = 100_000;

    private boolean started;
    /** The device announces the oldest number it keeps: its holes are given up by announce, never by timeout. */
    private boolean announced;
    private long base;
    private long contiguous;
    private final TreeSet<Long> pending = new TreeSet<>();
    private final TreeSet<Long> done = new TreeSet<>();
    private final TreeSet<Long> early = new TreeSet<>();
    private long holeSince = -1;
    private long gaps;
    private long highest = Long.MIN_VALUE;

    /** At most this many numbers above the restored contiguous run are tracked one by one. */
    static final int MAX_RESTORED = MAX_TRACKED / 2;

    /**
     * Starts the line from what the store committed before (after a restart of the driver or of the gateway): the runs
     * of committed numbers, ascending. The lowest run (or, when more than {@value #MAX_RESTORED} numbers lie above it,
     * the lowest run that leaves at most that many above) is the contiguous stored part: its last number is acked; the
     * runs above are stored numbers beyond a hole; numbers of runs below are remembered as stored, the newest 4096.
     * Ignored once numbers were offered.
     *
     * @return whether the line was started from the runs
     */
    boolean restore(List<SeqRange> runs, long nowMono) {
        if (started || runs == null || runs.isEmpty()) {
            return false;
        }
        int j = 0;
        long above = 0;
        for (int i = runs.size() - 1; i > 0; i--) {
            above += runs.get(i).size();
            if (above > MAX_RESTORED) {
                j = i;
                break;
            }
        }
        SeqRange base = runs.get(j);
        started = true;
        this.base = base.first();
        contiguous = base.last();
        highest = base.last();
        for (int i = j + 1; i < runs.size(); i++) {
            for (long u = runs.get(i).first(); u <= runs.get(i).last(); u++) {
                done.add(u);
            }
            highest = runs.get(i).last();
        }
        for (int i = j - 1; i >= 0 && early.size() < 4096; i--) {
            for (long u = runs.get(i).last(); u >= runs.get(i).first() && early.size() < 4096; u--) {
                early.add(u);
            }
        }
        // a hole below restored numbers is given up as any other: by the gap timeout, or by the device's announce
        holeSince = done.isEmpty() ? -1 : nowMono;
        return true;
    }

    boolean started() {
        return started;
    }

    private long unwrap(long seq) {
        long delta = (int) (seq - (contiguous & 0xFFFF_FFFFL));
        return contiguous + delta;
    }

    /**
     * The device announced (in its hello) the oldest sequence number it still keeps. Before any reading this is where
     * acknowledgements start; later, numbers below it that never arrived are given up at once (the device no longer has
     * them).
     *
     * @return the sequence number to acknowledge now, or -1
     */
    long announce(long oldest, long nowMono) {
        announced = true;
        if (!started) {
            started = true;
            base = oldest;
            contiguous = oldest - 1;
            highest = Long.MIN_VALUE;
            return -1;
        }
        long u = unwrap(oldest);
        if (u - 1 > contiguous) {
            Long inFlight = pending.ceiling(contiguous + 1);
            if (inFlight != null && inFlight < u) {
                return -1;
            }
            gaps += u - 1 - contiguous - done.headSet(u).size();
            done.headSet(u).clear();
            contiguous = u - 1;
            holeSince = -1;
            long a = advance(nowMono);
            return a >= 0 ? a : ack();
        }
        return ack();
    }

    /**
     * Whether a number is below the highest one offered so far: the device sends it again (a re-send, not a live
     * reading), so its uptime says nothing about the device's clock now.
     */
    boolean isResend(long seq) {
        return started && highest != Long.MIN_VALUE && unwrap(seq) < highest;
    }

    Verdict offer(long seq) {
        if (!started) {
            started = true;
            base = seq;
            contiguous = seq - 1;
            pending.add(seq);
            highest = seq;
            return Verdict.NEW;
        }
        long u = unwrap(seq);
        if (highest == Long.MIN_VALUE || u > highest) {
            highest = u;
        }
        if (u < base) {
            if (early.contains(u) || pending.contains(u)) {
                return Verdict.STORED;
            }
            if (early.size() >= 4096) {
                early.pollFirst();
            }
            pending.add(u);
            return Verdict.NEW;
        }
        if (u <= contiguous) {
            return Verdict.STORED;
        }
        if (pending.contains(u)) {
            return Verdict.IN_FLIGHT;
        }
        if (done.contains(u)) {
            return Verdict.STORED;
        }
        pending.add(u);
        return Verdict.NEW;
    }

    /**
     * The reading was published (durably stored).
     *
     * @return the sequence number to acknowledge now, or -1 when the acknowledgement did not move
     */
    long published(long seq, long nowMono) {
        long u = unwrap(seq);
        if (!pending.remove(u) && u <= contiguous) {
            return -1;
        }
        if (u < base) {
            early.add(u);
            return -1;
        }
        if (u <= contiguous) {
            return -1;
        }
        done.add(u);
        return advance(nowMono);
    }

    /** The reading was not published (dropped from a full buffer): the device still has it and will re-send. */
    void dropped(long seq) {
        pending.remove(unwrap(seq));
    }

    private long advance(long nowMono) {
        long before = contiguous;
        while (!done.isEmpty() && done.first() == contiguous + 1) {
            done.pollFirst();
            contiguous++;
        }
        if (done.isEmpty()) {
            holeSince = -1;
        } else if (contiguous != before || holeSince < 0) {
            holeSince = nowMono;
        }
        if (done.size() > MAX_TRACKED) {
            return skipHole(nowMono);
        }
        return contiguous != before ? ack() : -1;
    }

    /**
     * Gives up a hole that is older than the timeout and has nothing in flight (not for a device that announces what it
     * keeps).
     *
     * @return the sequence number to acknowledge now, or -1
     */
    long expireGaps(long nowMono, long gapTimeoutMs) {
        if (announced || holeSince < 0 || nowMono - holeSince < gapTimeoutMs) {
            return -1;
        }
        Long inFlight = pending.ceiling(contiguous + 1);
        if (inFlight != null && inFlight < done.first()) {
            return -1;
        }
        return skipHole(nowMono);
    }

    private long skipHole(long nowMono) {
        long next = done.first();
        gaps += next - contiguous - 1;
        // readings still in flight inside the hole stay pending and dedup as stored once published
        contiguous = next - 1;
        holeSince = -1;
        long a = advance(nowMono);
        return a >= 0 ? a : ack();
    }

    /** The sequence number to acknowledge, or -1 when nothing is stored yet. */
    long ack() {
        return started && contiguous >= base ? contiguous & 0xFFFF_FFFFL : -1;
    }

    long gaps() {
        return gaps;
    }

    int inFlight() {
        return pending.size();
    }

    boolean hasHole() {
        return holeSince >= 0;
    }
}
