package dev.chorus.media.rtp;

/**
 * Extends 16-bit sequence numbers to 64 bits by assuming consecutive inputs are less than
 * half the space apart. The first input maps to itself; a later input that is older across
 * the wrap can map below it (even negative). Not thread-safe.
 */
public final class SeqUnwrapper {
    private long last;
    private boolean started;

    public long unwrap(int seq) {
        long v = peek(seq);
        last = v;
        started = true;
        return v;
    }

    /** What {@link #unwrap} would return, without updating state. */
    public long peek(int seq) {
        seq &= 0xffff;
        if (!started) {
            return seq;
        }
        return last + SequenceNumbers.diff(seq, (int) last);
    }

    public void reset() {
        started = false;
        last = 0;
    }
}
