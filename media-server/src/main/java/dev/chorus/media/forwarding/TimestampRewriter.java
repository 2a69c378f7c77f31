package dev.chorus.media.forwarding;

import dev.chorus.media.rtp.RtpTimestamps;

/**
 * One receiver-side RTP timestamp line across simulcast layers whose timestamps have unrelated
 * random offsets. Within a layer the source timestamps are kept (shifted by a constant), so packets
 * of one frame share a timestamp and frame spacing is the encoder's. On a switch the new offset
 * puts the first packet of the new layer at {@code lastOut + max(1, wall time since the last
 * forwarded packet × clock rate)}: the receiver's jitter buffer and A/V sync see time advance by
 * about what really elapsed, and never go backwards.
 *
 * <p>Feed it only packets that {@link SequenceNumberRewriter#forward} accepted: any change of layer
 * here is taken as a switch. Allocation-free; not thread-safe.
 */
public final class TimestampRewriter {
    private static final long MASK = 0xFFFFFFFFL;
    /** Longer gaps are clamped: beyond this the timestamp jump means nothing to a receiver anyway. */
    private static final long MAX_GAP_NANOS = 600_000_000_000L;

    private final int clockRate;
    private final long initialOut;
    /** Continuing another stream (see {@link #continueFrom}): the first packet is placed like a switch. */
    private boolean continued;
    private int layer = -1;
    private long offset;
    private long lastOut;
    private long lastNanos;

    /**
     * @param clockRate    RTP clock rate (90000 for video)
     * @param initialOutTs the output timestamp of the first forwarded packet
     */
    public TimestampRewriter(int clockRate, long initialOutTs) {
        if (clockRate <= 0) {
            throw new IllegalArgumentException("clock rate " + clockRate);
        }
        this.clockRate = clockRate;
        this.initialOut = initialOutTs & MASK;
    }

    /** The output timestamp of a forwarded packet of {@code layer} with source timestamp {@code srcTs}. */
    public long rewrite(int layer, long srcTs, long nowNanos) {
        srcTs &= MASK;
        if (this.layer < 0 && !continued) {
            offset = (initialOut - srcTs) & MASK;
            lastOut = initialOut;
        } else if (layer != this.layer) {
            long next = advance(lastOut, lastNanos, nowNanos, clockRate);
            offset = (next - srcTs) & MASK;
            lastOut = next;
        }
        this.layer = layer;
        long out = (srcTs + offset) & MASK;
        if (RtpTimestamps.isNewer(out, lastOut)) {
            lastOut = out;
        }
        lastNanos = nowNanos;
        return out;
    }


    /**
     * Makes the first packet continue a stream whose last packet carried {@code lastOutTs} at
     * {@code lastNanos} (see {@link StreamContinuation}) instead of starting at the initial timestamp.
     * Call before the first {@link #rewrite}.
     */
    public void continueFrom(long lastOutTs, long lastNanos) {
        if (layer >= 0) {
            throw new IllegalStateException("already started");
        }
        continued = true;
        lastOut = lastOutTs & MASK;
        this.lastNanos = lastNanos;
    }

    /** {@code lastOut} advanced by the wall time since {@code lastNanos} (at least one tick, clamped). */
    static long advance(long lastOut, long lastNanos, long nowNanos, int clockRate) {
        long elapsed = Math.min(Math.max(nowNanos - lastNanos, 0), MAX_GAP_NANOS);
        long ticks = Math.max(1, elapsed / 1000 * clockRate / 1_000_000);
        return (lastOut + ticks) & MASK;
    }

    /** When the newest packet was rewritten ({@code System.nanoTime()} clock). */
    public long lastNanos() {
        return lastNanos;
    }

    /** The newest output timestamp, meaningful once a packet was rewritten. */
    public long lastOutTimestamp() {
        return lastOut;
    }

    /** The layer the offset belongs to, -1 before the first packet. */
    public int currentLayer() {
        return layer;
    }
}
