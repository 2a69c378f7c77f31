package dev.chorus.media.rtp;

/** Extends 32-bit RTP timestamps to 64 bits; see {@link SeqUnwrapper}. Not thread-safe. */
public final class TimestampUnwrapper {
    private long last;
    private boolean started;

    public long unwrap(long ts) {
        long v = peek(ts);
        last = v;
        started = true;
        return v;
    }

    public long peek(long ts) {
        ts &= 0xffffffffL;
        if (!started) {
            return ts;
        }
        return last + (int) (ts - last);
    }

    public void reset() {
        started = false;
        last = 0;
    }
}
