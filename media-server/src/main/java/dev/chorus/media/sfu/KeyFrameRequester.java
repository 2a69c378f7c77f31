package dev.chorus.media.sfu;

/**
 * Aggregates keyframe requests for one producer so receivers asking at once, or repeatedly, cause
 * at most one PLI per interval at the publisher. Pure: the caller sends when {@link #shouldSend}
 * says so.
 */
public final class KeyFrameRequester {
    private final long minIntervalNanos;
    private long lastSentNanos;
    private boolean pending;
    private boolean everSent;
    private long requested;
    private long sent;

    public KeyFrameRequester(long minIntervalNanos) {
        this.minIntervalNanos = minIntervalNanos;
    }

    /** Records a request; returns true if a PLI should go out now. */
    public boolean request(long nowNanos) {
        requested++;
        pending = true;
        return shouldSend(nowNanos);
    }

    /** True when a pending request may be sent now (called on request and on every tick). */
    public boolean shouldSend(long nowNanos) {
        if (!pending || (everSent && nowNanos - lastSentNanos < minIntervalNanos)) {
            return false;
        }
        pending = false;
        everSent = true;
        lastSentNanos = nowNanos;
        sent++;
        return true;
    }

    /** A keyframe arrived: requests made before it are satisfied. */
    public void onKeyFrame() {
        pending = false;
    }

    public long requested() {
        return requested;
    }

    public long sent() {
        return sent;
    }
}
