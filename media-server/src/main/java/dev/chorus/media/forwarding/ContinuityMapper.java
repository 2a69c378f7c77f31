package dev.chorus.media.forwarding;

/**
 * Maps one source counter (a sequence number, picture id or TL0PICIDX of {@code bits} bits) onto an
 * output counter of the same width that has no holes where the caller <em>chose</em> to drop
 * values, but keeps holes for values that never arrived (real loss), so a receiver NACKs only what
 * it can actually get.
 *
 * <p>Invariant: for an input {@code in}, {@code out = in + delta + (number of recorded drops >= in)}
 * modulo 2^bits, where {@code delta} is decremented on every drop. Drops are recorded only when they
 * are newer than everything seen, so the record is sorted and a reordered (older) input is mapped
 * by counting the recent drops after it, scanning back from the newest. The record holds
 * {@code window + 1} entries, which is enough because inputs more than {@code window} behind the
 * newest are refused.
 *
 * <p>A drop that arrives after a newer value was already mapped cannot be hidden any more (the newer
 * value's output is on the wire): it stays a hole. Allocation-free after construction.
 */
final class ContinuityMapper {
    private final int mask;
    private final int half;
    private final int window;
    private final int[] drops;
    private int dropHead; // next write index
    private int dropCount;
    private boolean started;
    private int floor; // the rebase point: older inputs belong to the time before it
    // How far the newest input is past the floor, saturating: once beyond the window the floor can
    // no longer be reached (and comparing with it would go wrong after half the counter space).
    private int sinceFloor;
    private int highestIn;
    private int delta;
    private int lastOut;

    /**
     * @param bits   counter width (1..31)
     * @param window how far behind the newest input a reordered input may be and still be mapped;
     *               less than half the counter space
     */
    ContinuityMapper(int bits, int window) {
        if (bits < 1 || bits > 31 || window < 0 || window >= (1 << (bits - 1))) {
            throw new IllegalArgumentException("bits " + bits + " window " + window);
        }
        this.mask = (1 << bits) - 1;
        this.half = 1 << (bits - 1);
        this.window = window;
        this.drops = new int[window + 1];
    }

    /** Signed distance {@code a - b} in the counter space. */
    int diff(int a, int b) {
        int d = (a - b) & mask;
        return d >= half ? d - mask - 1 : d;
    }

    boolean started() {
        return started;
    }

    /** Output of the newest mapped input (meaningful once {@link #started}). */
    int lastOut() {
        return lastOut;
    }

    int highestIn() {
        return highestIn;
    }

    /** Starts a new mapping where {@code in} becomes {@code out}; earlier inputs are refused from now on. */
    void rebase(int in, int out) {
        in &= mask;
        started = true;
        floor = in;
        sinceFloor = 0;
        highestIn = in;
        delta = (out - in) & mask;
        lastOut = out & mask;
        dropCount = 0;
        dropHead = 0;
    }

    /** The output for a forwarded input, or -1 if it is older than the rebase point or the window. */
    int map(int in) {
        if (!started) {
            return -1;
        }
        in &= mask;
        int d = diff(in, highestIn);
        if (d > 0) {
            advance(in, d);
            lastOut = (in + delta) & mask;
            return lastOut;
        }
        if (-d > window || (sinceFloor <= window && diff(in, floor) < 0)) {
            return -1;
        }
        int later = 0;
        for (int i = 0, idx = dropHead; i < dropCount; i++) {
            idx = idx == 0 ? drops.length - 1 : idx - 1;
            if (diff(drops[idx], in) < 0) {
                break; // sorted: everything further back is older too
            }
            later++;
        }
        return (in + delta + later) & mask;
    }

    private void advance(int in, int d) {
        highestIn = in;
        if (sinceFloor <= window) {
            sinceFloor += d;
        }
    }

    /** The caller dropped {@code in} on purpose: later inputs close up behind it. */
    void drop(int in) {
        if (!started) {
            return; // nothing sent yet, so nothing to stay contiguous with
        }
        in &= mask;
        int d = diff(in, highestIn);
        if (d <= 0) {
            return; // a duplicate, or too late to hide (documented above)
        }
        advance(in, d);
        delta = (delta - 1) & mask;
        drops[dropHead] = in;
        dropHead = dropHead + 1 == drops.length ? 0 : dropHead + 1;
        if (dropCount < drops.length) {
            dropCount++;
        }
    }
}
