package dev.chorus.media.bwe;

/**
 * Delay-based bandwidth estimate: {@link InterArrival} groups → {@link TrendlineEstimator}
 * (overuse detector with adaptive threshold) → {@link AimdRateControl}.
 *
 * <p>Feed every received packet of a feedback with {@link #onPacket} (sequence order), then call
 * {@link #update} once for the feedback. Allocation-free; not thread-safe.
 */
public final class DelayBasedEstimator {
    /** Before any throughput is measured, overuse halves the rate at most this often. */
    private static final long HALVING_INTERVAL_NANOS = 200_000_000L;

    private final InterArrival interArrival = new InterArrival();
    private final TrendlineEstimator trendline = new TrendlineEstimator();
    private final AimdRateControl rateControl;
    private long lastHalvingNanos = Long.MIN_VALUE;

    public DelayBasedEstimator(long minBps, long startBps, long maxBps) {
        rateControl = new AimdRateControl(minBps, startBps, maxBps);
    }

    /** One received packet: our send time, the receiver's arrival time. */
    public void onPacket(long sendNanos, long arrivalNanos, long nowNanos) {
        if (interArrival.add(sendNanos, arrivalNanos)) {
            trendline.update(interArrival.sendDeltaNanos(), interArrival.arrivalDeltaNanos(),
                    interArrival.arrivalNanos(), nowNanos);
        }
    }

    /**
     * Runs rate control after a feedback. {@code ackedBps} is -1 when unknown, {@code rttNanos}
     * ≤ 0 when unknown. Returns the estimate.
     */
    public long update(long ackedBps, long rttNanos, long nowNanos) {
        rateControl.setRtt(rttNanos);
        BandwidthUsage usage = trendline.usage();
        if (usage == BandwidthUsage.OVERUSING) {
            if (ackedBps > 0) {
                if (rateControl.timeToReduceFurther(nowNanos, ackedBps)) {
                    rateControl.update(usage, ackedBps, nowNanos);
                }
            } else if (lastHalvingNanos == Long.MIN_VALUE || nowNanos - lastHalvingNanos >= HALVING_INTERVAL_NANOS) {
                // Overuse before we know what gets through: halving is the only safe move.
                rateControl.setEstimate(rateControl.estimateBps() / 2, nowNanos);
                lastHalvingNanos = nowNanos;
            }
        } else {
            rateControl.update(usage, ackedBps, nowNanos);
        }
        return rateControl.estimateBps();
    }

    /** Applies a probe result if it is higher than the estimate; returns whether it was. */
    public boolean raiseTo(long bps, long nowNanos) {
        if (bps <= rateControl.estimateBps()) {
            return false;
        }
        rateControl.setEstimate(bps, nowNanos);
        return true;
    }

    public long estimateBps() {
        return rateControl.estimateBps();
    }

    public BandwidthUsage usage() {
        return trendline.usage();
    }

    public AimdRateControl.State rateControlState() {
        return rateControl.state();
    }

    /** For stats and tests. */
    public TrendlineEstimator trendline() {
        return trendline;
    }

    public AimdRateControl rateControl() {
        return rateControl;
    }
}
