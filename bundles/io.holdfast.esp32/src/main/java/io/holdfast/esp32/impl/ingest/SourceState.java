package io.holdfast.esp32.impl.ingest;

import io.holdfast.api.queue.SeqRange;
import io.holdfast.api.reading.Reading;
import io.holdfast.api.reading.ReadingFlag;
import io.holdfast.esp32.impl.wire.Frame;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * What the gateway keeps for one source of readings (the device itself or a node it relays): its clock mapping, its
 * sequence numbers and duplicates, and the recent identities of readings that came without sequence numbers. Thread
 * safe: every method takes this source's own lock, so that the sequence numbers and the clock change together.
 */
final class SourceState {

    private static final int RECENT_KEYS = 64;
    /** A re-sent reading that was stored is re-acked at most this often, so a device stuck re-sending learns it. */
    private static final long RE_ACK_INTERVAL_MS = 1_000;

    /** What became of one reading: the seq to publish it under, or {@code -1} for a duplicate; a re-ack to send. */
    record Admission(long seq, long reAck) {
        boolean duplicate() {
            return seq < 0;
        }
    }

    /** What a hello did: whether it counts as a reboot, and the ack it allows ({@code -1} none). */
    record Hello(boolean reboot, long ack) {
    }

    final String id;
    private final ClockMapper clock;
    private final SeqTracker seqs = new SeqTracker();
    private final LinkedHashSet<String> recentKeys = new LinkedHashSet<>();
    private long readings;
    private long lastReAckMono = Long.MIN_VALUE / 2;
    /** Whether what the store committed of this source was asked for (at its first frame). */
    private boolean restoreAsked;
    /** Its numbers started without knowing what the store committed: each is checked again before it is published. */
    private volatile boolean checkAtPublish;

    SourceState(String id, long clockWindowMs, long clockJumpMs) {
        this.id = id;
        this.clock = new ClockMapper(clockWindowMs, clockJumpMs);
    }

    /** Whether this source was never asked for what the store committed of it, and has no numbers yet. */
    synchronized boolean restoreDue() {
        return !restoreAsked && !seqs.started();
    }

    /**
     * Starts the source's numbers from what the store committed before (a restart): a re-sent reading that was stored
     * is acked and dropped. {@code runs} {@code null}: not known now (no publisher bound, or one that keeps no record):
     * the numbers start as before, and when {@code checkLater}, each reading is checked against the store before it is
     * published.
     */
    synchronized void restore(List<SeqRange> runs, boolean checkLater, long nowMono) {
        if (restoreAsked || seqs.started()) {
            return;
        }
        restoreAsked = true;
        if (runs != null) {
            seqs.restore(runs, nowMono);
        } else if (checkLater) {
            checkAtPublish = true;
        }
    }

    /** Whether the publishing thread checks this source's readings against the store (see {@link #restore}). */
    boolean checkAtPublish() {
        return checkAtPublish;
    }

    synchronized void configureClock(long windowMs, long jumpMs) {
        clock.configure(windowMs, jumpMs);
    }

    /** A clock sample without a reading (a status frame with uptime). */
    synchronized void sample(long uptime, long rxMono) {
        clock.sample(uptime, rxMono);
    }

    /** A hello of the device: restarts the clock estimate, and its {@code seq} says where acks start. */
    synchronized Hello hello(Long uptime, Long oldestSeq, long rxMono) {
        long rebootsBefore = clock.reboots();
        clock.hello(uptime, rxMono);
        long ack = oldestSeq != null ? seqs.announce(oldestSeq, rxMono) : -1;
        return new Hello(clock.reboots() > rebootsBefore, ack);
    }

    /**
     * Admits one reading: a device seq is checked against what is in flight and stored; a reading without seq is
     * recognised by (type, boot, time) and gets the next assigned number. A new reading gets its seq and time in
     * {@code b}.
     */
    synchronized Admission admit(Frame.Item item, boolean batch, boolean seed, long rxWall, long rxMono,
            long futureToleranceMs, SeqStore seqStore, ReadingClock time, Reading.Builder b) {
        long seq;
        long reAck = -1;
        boolean resent = false;
        if (item.seq() != null) {
            seq = item.seq();
            resent = seqs.isResend(seq);
            SeqTracker.Verdict v = seqs.offer(seq);
            if (v != SeqTracker.Verdict.NEW) {
                if (v == SeqTracker.Verdict.STORED && rxMono - lastReAckMono >= RE_ACK_INTERVAL_MS) {
                    lastReAckMono = rxMono;
                    reAck = seqs.ack();
                }
                return new Admission(-1, reAck);
            }
        } else {
            boolean fresh = rememberKey(key(item.type(), clock.reboots(), item.uptime(), item.ts()));
            if (fresh && seed && item.uptime() != null && !clock.hasEstimate()) {
                // the first seed reading since start: maybe a retained message we stored before a restart
                fresh = seqStore.seed(id, item.type(), item.uptime());
            } else if (fresh && seed && item.uptime() != null) {
                seqStore.seed(id, item.type(), item.uptime());
            }
            if (!fresh) {
                return new Admission(-1, -1);
            }
            seq = seqStore.next(id);
            b.flag(ReadingFlag.SEQ_ASSIGNED);
        }
        b.seq(seq);
        // a reading sent again (in a batch, or below the newest seq) is not a live clock sample
        time.map(clock, id, item, batch || resent, rxWall, rxMono, futureToleranceMs, b);
        readings++;
        return new Admission(seq, -1);
    }

    /** A reading with a device seq was published: returns the new ack, or {@code -1}. */
    synchronized long published(long seq, long nowMono) {
        return seqs.published(seq, nowMono);
    }

    /** A reading with a device seq was dropped unpublished: the device must re-send it. */
    synchronized void dropped(long seq) {
        seqs.dropped(seq);
    }

    /** Gives up holes older than the timeout: returns the new ack, or {@code -1}. */
    synchronized long expireGaps(long nowMono, long gapTimeoutMs) {
        return seqs.expireGaps(nowMono, gapTimeoutMs);
    }

    synchronized long readings() {
        return readings;
    }

    synchronized long gaps() {
        return seqs.gaps();
    }

    synchronized int inFlight() {
        return seqs.inFlight();
    }

    private boolean rememberKey(String key) {
        if (recentKeys.contains(key)) {
            return false;
        }
        recentKeys.add(key);
        if (recentKeys.size() > RECENT_KEYS) {
            var it = recentKeys.iterator();
            it.next();
            it.remove();
        }
        return true;
    }

    /** The identity of a reading without sequence number: its type, the boot it came from and its time. */
    static String key(String type, long boot, Long uptime, Long ts) {
        return type + '/' + boot + '/' + (uptime != null ? "u" + uptime : "t" + ts);
    }
}
