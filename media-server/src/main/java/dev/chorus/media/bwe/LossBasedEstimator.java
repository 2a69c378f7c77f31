package dev.chorus.media.bwe;

/**
 * Classic GCC loss-based controller: below 2 % loss grow by 8 %/s (+1 kbit/s/s so very low rates
 * still move), between 2 % and 10 % hold, above 10 % multiply by (1 − 0.5 · loss) but not below the acknowledged rate times that factor, at most once
 * per loss report and once per (300 ms + RTT) so a burst does not cut the rate several times
 * before the cut can have had an effect. The estimate never exceeds the delay-based one: loss-based
 * control only exists to react to loss the delay signal misses (shallow buffers, policers, lossy
 * radio links).
 *
 * <p>Loss comes from transport-wide feedback (aggregated until ≥ 20 packets so one lost packet of
 * five is not read as 20 %) or from RTCP receiver reports' fraction lost. Allocation-free.
 */
public final class LossBasedEstimator {
    private static final double LOW_LOSS = 0.02;
    private static final double HIGH_LOSS = 0.10;
    private static final double INCREASE_PER_SECOND = 1.08;
    private static final long INCREASE_BPS_PER_SECOND = 1000;
    private static final long DECREASE_INTERVAL_NANOS = 300_000_000L;
    private static final int MIN_PACKETS_PER_REPORT = 20;
    /** Without a fresh loss report we neither grow nor cut: we do not know. */
    private static final long REPORT_FRESHNESS_NANOS = 6_000_000_000L;

    private final long minBps;
    private final long maxBps;
    private long current;
    private int lostAccum;
    private int expectedAccum;
    private double lossFraction;
    private long lastReportNanos = Long.MIN_VALUE;
    private boolean decreasedSinceReport;
    private long lastDecreaseNanos = Long.MIN_VALUE;
    private long lastUpdateNanos = Long.MIN_VALUE;
    private long ackedBps = -1;

    public LossBasedEstimator(long minBps, long startBps, long maxBps) {
        this.minBps = minBps;
        this.maxBps = maxBps;
        this.current = clamp(startBps);
    }

    /** Packets newly reported lost / lost + received by one transport-wide feedback. */
    public void onPacketsLost(int lost, int expected, long nowNanos) {
        lostAccum += lost;
        expectedAccum += expected;
        if (expectedAccum >= MIN_PACKETS_PER_REPORT) {
            report((double) lostAccum / expectedAccum, nowNanos);
            lostAccum = 0;
            expectedAccum = 0;
        }
    }

    /** Fraction lost (0–255, as in an RTCP report block). */
    public void onFractionLost(int fractionLost, long nowNanos) {
        report(Math.max(0, Math.min(255, fractionLost)) / 256.0, nowNanos);
    }

    private void report(double fraction, long nowNanos) {
        lossFraction = fraction;
        lastReportNanos = nowNanos;
        decreasedSinceReport = false;
    }

    /**
     * Applies the rule for the time since the last update; {@code limitBps} (the delay-based or REMB
     * estimate) caps the result. Returns the estimate.
     */
    public long update(long limitBps, long rttNanos, long nowNanos) {
        long since = lastUpdateNanos == Long.MIN_VALUE ? 0 : Math.max(0, nowNanos - lastUpdateNanos);
        lastUpdateNanos = nowNanos;
        boolean fresh = lastReportNanos != Long.MIN_VALUE && nowNanos - lastReportNanos <= REPORT_FRESHNESS_NANOS;
        if (fresh) {
            if (lossFraction < LOW_LOSS) {
                double seconds = Math.min(since / 1e9, 1.0);
                current = (long) (current * Math.pow(INCREASE_PER_SECOND, seconds))
                        + (long) (INCREASE_BPS_PER_SECOND * seconds);
            } else if (lossFraction > HIGH_LOSS && !decreasedSinceReport
                    && (lastDecreaseNanos == Long.MIN_VALUE
                    || nowNanos - lastDecreaseNanos >= DECREASE_INTERVAL_NANOS + Math.max(0, rttNanos))) {
                long cut = (long) (current * (1 - 0.5 * lossFraction));
                if (ackedBps > 0) {
                    cut = Math.max(cut, Math.min(current, (long) (ackedBps * (1 - 0.5 * lossFraction))));
                }
                current = cut;
                decreasedSinceReport = true;
                lastDecreaseNanos = nowNanos;
            }
        }
        if (limitBps > 0) {
            current = Math.min(current, limitBps);
        }
        current = clamp(current);
        return current;
    }

    /**
     * What the receiver currently acknowledges (-1 unknown). A cut never goes below this times
     * (1 − 0.5 · loss): when we overshoot a shallow bottleneck the loss says "too much" and what still
     * got through says roughly how much is right, so cutting the previous target again and again
     * while the excess drains would collapse the rate far below the link's capacity (and pause video
     * that fits). Deep queues are the delay-based estimator's business.
     */
    public void onAckedBitrate(long bps) {
        ackedBps = bps;
    }

    /** Overrides the estimate (successful probe). */
    public void setEstimate(long bps) {
        current = clamp(bps);
    }

    public long estimateBps() {
        return current;
    }

    /** Last loss fraction reported (0–1). */
    public double lossFraction() {
        return lossFraction;
    }

    private long clamp(long bps) {
        return Math.max(minBps, Math.min(maxBps, bps));
    }
}
