package dev.chorus.media.stream;

import java.util.Arrays;

/**
 * Tracks missing RTP sequence numbers of one received stream and decides when to NACK them.
 * Works on extended (unwrapped) sequence numbers; entries live in a power-of-two ring indexed
 * by {@code ext & mask}, so everything is preallocated and operations are O(gap) or O(window).
 *
 * <p>Invariant: every tracked entry lies in {@code (highest - window, highest)}. A gap larger
 * than {@code maxTracked} clears the list and raises a key-frame request instead, since
 * retransmitting that much is slower than starting over. Not thread-safe.
 */
public final class NackGenerator {
    private static final long EMPTY = Long.MIN_VALUE;

    private final int window;
    private final int mask;
    private final int maxTracked;
    private final int maxRetries;
    private final long maxAgeNanos;
    private final long defaultRetryNanos;
    private final long minRetryNanos;

    private final long[] seqs;
    private final long[] detectedAt;
    private final long[] lastSentAt;
    private final byte[] tries;

    private long highest = EMPTY;
    private int tracked;
    private long rttNanos;
    private boolean keyframeRequested;
    private long givenUp;

    /** Window 512, at most 256 tracked, 10 tries, 1 s max age, 100 ms retry until RTT is known. */
    public NackGenerator() {
        this(512, 256, 10, 1_000_000_000L, 100_000_000L);
    }

    public NackGenerator(int window, int maxTracked, int maxRetries, long maxAgeNanos, long defaultRetryNanos) {
        if (Integer.bitCount(window) != 1 || maxTracked < 1 || maxTracked > window || maxRetries < 1
                || maxRetries > 127) {
            throw new IllegalArgumentException("bad NACK config");
        }
        this.window = window;
        this.mask = window - 1;
        this.maxTracked = maxTracked;
        this.maxRetries = maxRetries;
        this.maxAgeNanos = maxAgeNanos;
        this.defaultRetryNanos = defaultRetryNanos;
        this.minRetryNanos = 5_000_000L;
        this.seqs = new long[window];
        this.detectedAt = new long[window];
        this.lastSentAt = new long[window];
        this.tries = new byte[window];
        Arrays.fill(seqs, EMPTY);
    }

    /** Feed every received packet's extended sequence number (including retransmissions). */
    public void onPacket(long extSeq, long nowNanos) {
        if (highest == EMPTY) {
            highest = extSeq;
            return;
        }
        if (extSeq <= highest) {
            remove(extSeq); // late or retransmitted: no longer missing
            return;
        }
        long gap = extSeq - highest - 1;
        if (gap > maxTracked) {
            clear();
            keyframeRequested = true;
            highest = extSeq;
            return;
        }
        // Slots from highest+1 to extSeq may still hold entries a full window older: drop them.
        for (long s = highest + 1; s <= extSeq; s++) {
            int slot = (int) (s & mask);
            if (seqs[slot] != EMPTY) {
                seqs[slot] = EMPTY;
                tracked--;
                givenUp++;
            }
        }
        for (long s = highest + 1; s < extSeq; s++) {
            if (tracked >= maxTracked) {
                evictOldest();
            }
            int slot = (int) (s & mask);
            seqs[slot] = s;
            detectedAt[slot] = nowNanos;
            lastSentAt[slot] = 0;
            tries[slot] = 0;
            tracked++;
        }
        highest = extSeq;
    }

    /**
     * Writes the 16-bit sequence numbers due for a NACK now into {@code out} (ascending) and
     * returns how many. Entries that are too old or have used up their tries are dropped.
     */
    public int collectNacks(long nowNanos, int[] out) {
        if (tracked == 0) {
            return 0;
        }
        long retry = rttNanos > 0 ? Math.max(rttNanos, minRetryNanos) : defaultRetryNanos;
        int n = 0;
        for (long s = highest - window + 1; s < highest; s++) {
            int slot = (int) (s & mask);
            if (seqs[slot] != s) {
                continue;
            }
            if (nowNanos - detectedAt[slot] > maxAgeNanos || tries[slot] >= maxRetries) {
                seqs[slot] = EMPTY;
                tracked--;
                givenUp++;
                continue;
            }
            boolean due = tries[slot] == 0 || nowNanos - lastSentAt[slot] >= retry;
            if (due && n < out.length) {
                out[n++] = (int) (s & 0xffff);
                tries[slot]++;
                lastSentAt[slot] = nowNanos;
            }
        }
        return n;
    }

    private void remove(long s) {
        int slot = (int) (s & mask);
        if (seqs[slot] == s) {
            seqs[slot] = EMPTY;
            tracked--;
        }
    }

    private void evictOldest() {
        for (long s = highest - window + 1; s <= highest; s++) {
            int slot = (int) (s & mask);
            if (seqs[slot] == s) {
                seqs[slot] = EMPTY;
                tracked--;
                givenUp++;
                return;
            }
        }
    }

    public void clear() {
        Arrays.fill(seqs, EMPTY);
        tracked = 0;
    }

    /** Forget everything, including the highest sequence seen (stream restart). */
    public void reset() {
        clear();
        highest = EMPTY;
    }

    /** Retries are spaced by the RTT once known (at least 5 ms). */
    public void setRttNanos(long rttNanos) {
        this.rttNanos = rttNanos;
    }

    public int trackedCount() {
        return tracked;
    }

    public boolean isMissing(long extSeq) {
        return seqs[(int) (extSeq & mask)] == extSeq;
    }

    /** Packets dropped from tracking without being recovered. */
    public long givenUpCount() {
        return givenUp;
    }

    /** Returns and clears the flag set when a gap was too large to NACK. */
    public boolean takeKeyframeRequest() {
        boolean r = keyframeRequested;
        keyframeRequested = false;
        return r;
    }
}
