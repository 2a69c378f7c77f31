package dev.chorus.media.bwe;

/**
 * Additive-increase / multiplicative-decrease rate control driven by the overuse detector.
 *
 * <ul>
 *   <li>Normal: increase — by 8 %/s (compounded per update) while we have no idea where the link
 *       capacity is, or by about one packet per response time (RTT + 100 ms) once we are within
 *       the ±3σ band of the capacity measured at previous overuses, so we approach it gently.</li>
 *   <li>Overuse: decrease to 0.85 × the acked throughput (what the link demonstrably carried), at
 *       most once per RTT (clamped 10–200 ms), sooner if throughput fell below half the rate.</li>
 *   <li>Underuse: hold — a queue is draining; increasing now would refill it.</li>
 * </ul>
 * Growth never takes the rate past 1.5 × acked + 10 kbit/s: sending far more than gets through
 * only builds queues. Allocation-free.
 */
public final class AimdRateControl {
    public enum State { HOLD, INCREASE, DECREASE }

    private static final double BETA = 0.85;
    private static final double MULTIPLICATIVE_PER_SECOND = 1.08;
    private static final long MIN_INCREASE_BPS = 1000;
    private static final double FRAME_INTERVAL_S = 1 / 30.0;
    private static final int PACKET_BITS = 1200 * 8;
    private static final long MIN_NEAR_MAX_BPS_PER_S = 4000;
    private static final long DEFAULT_RTT_NANOS = 200_000_000L;

    private final long minBps;
    private final long maxBps;
    private final LinkCapacityEstimator link = new LinkCapacityEstimator();
    private long current;
    private State state = State.HOLD;
    private long lastChangeNanos = Long.MIN_VALUE;
    private long lastDecreaseNanos = Long.MIN_VALUE;
    private long rttNanos = DEFAULT_RTT_NANOS;

    public AimdRateControl(long minBps, long startBps, long maxBps) {
        this.minBps = minBps;
        this.maxBps = maxBps;
        this.current = clamp(startBps);
    }

    public void setRtt(long rttNanos) {
        if (rttNanos > 0) {
            this.rttNanos = rttNanos;
        }
    }

    /** Applies the detector's verdict; {@code ackedBps} is -1 when unknown. Returns the new rate. */
    public long update(BandwidthUsage usage, long ackedBps, long nowNanos) {
        switch (usage) {
            case NORMAL -> {
                if (state == State.HOLD) {
                    lastChangeNanos = nowNanos;
                    state = State.INCREASE;
                }
            }
            case OVERUSING -> state = State.DECREASE;
            case UNDERUSING -> state = State.HOLD;
        }
        long next = current;
        if (state == State.INCREASE) {
            if (ackedBps > link.upperBoundBps()) {
                link.reset(); // we carry more than the old capacity: the path changed
            }
            long since = lastChangeNanos == Long.MIN_VALUE ? 0 : Math.max(0, nowNanos - lastChangeNanos);
            next = current + (link.hasEstimate() ? additiveIncrease(since) : multiplicativeIncrease(since));
            lastChangeNanos = nowNanos;
        } else if (state == State.DECREASE) {
            if (ackedBps > 0) {
                long decreased = (long) (BETA * ackedBps);
                if (decreased > current && link.hasEstimate()) {
                    decreased = (long) (BETA * link.estimateBps());
                }
                next = Math.min(current, decreased);
                if (ackedBps < link.lowerBoundBps()) {
                    link.reset();
                }
                link.onOveruseDetected(ackedBps);
            }
            state = State.HOLD;
            lastChangeNanos = nowNanos;
            lastDecreaseNanos = nowNanos;
        }
        if (ackedBps > 0 && next > current) {
            long limit = (long) (1.5 * ackedBps) + 10_000;
            if (next > limit) {
                next = Math.max(current, limit);
            }
        }
        current = clamp(next);
        return current;
    }

    private long multiplicativeIncrease(long sinceNanos) {
        double seconds = Math.min(sinceNanos / 1e9, 1.0);
        double factor = Math.pow(MULTIPLICATIVE_PER_SECOND, seconds) - 1;
        return Math.max((long) (current * factor), MIN_INCREASE_BPS);
    }

    private long additiveIncrease(long sinceNanos) {
        return (long) (nearMaxIncreaseBpsPerSecond() * (sinceNanos / 1e9));
    }

    /** About one average-size packet per response time, where packets split a 30 fps frame. */
    public long nearMaxIncreaseBpsPerSecond() {
        double frameBits = current * FRAME_INTERVAL_S;
        double packetsPerFrame = Math.ceil(frameBits / PACKET_BITS);
        double packetBits = frameBits / Math.max(1, packetsPerFrame);
        double responseSeconds = (rttNanos + 100_000_000L) / 1e9;
        return Math.max(MIN_NEAR_MAX_BPS_PER_S, (long) (packetBits / responseSeconds));
    }

    /** Whether another decrease is allowed now: once per RTT, or at once if throughput collapsed. */
    public boolean timeToReduceFurther(long nowNanos, long ackedBps) {
        long interval = Math.max(10_000_000L, Math.min(200_000_000L, rttNanos));
        if (lastDecreaseNanos == Long.MIN_VALUE || nowNanos - lastDecreaseNanos >= interval) {
            return true;
        }
        return ackedBps > 0 && ackedBps < current / 2;
    }

    /** Overrides the rate (probe result, or halving before any throughput is known). */
    public void setEstimate(long bps, long nowNanos) {
        long prev = current;
        current = clamp(bps);
        lastChangeNanos = nowNanos;
        if (current < prev) {
            lastDecreaseNanos = nowNanos;
        }
    }

    public long estimateBps() {
        return current;
    }

    public State state() {
        return state;
    }

    /** Capacity learnt at overuse, or -1. */
    public long linkCapacityBps() {
        return link.estimateBps();
    }

    private long clamp(long bps) {
        return Math.max(minBps, Math.min(maxBps, bps));
    }
}
