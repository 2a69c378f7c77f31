package dev.chorus.media.bwe;

/**
 * Running estimate of the bottleneck capacity, learnt from the acked throughput at the moments
 * overuse was detected (that is when the link was demonstrably full). The rate controller uses it
 * to switch from fast multiplicative growth to cautious additive growth once it is near the
 * capacity it has hit before, and forgets it when throughput leaves the ±3σ band (the path changed).
 */
final class LinkCapacityEstimator {
    private static final double ALPHA = 0.05;
    /** Normalised variance bounds (kbit/s): keep the band neither razor-thin nor meaninglessly wide. */
    private static final double MIN_DEVIATION = 0.4;
    private static final double MAX_DEVIATION = 2.5;

    private double estimateKbps = Double.NaN;
    private double deviation = MIN_DEVIATION;

    boolean hasEstimate() {
        return !Double.isNaN(estimateKbps);
    }

    long estimateBps() {
        return hasEstimate() ? (long) (estimateKbps * 1000) : -1;
    }

    void onOveruseDetected(long ackedBps) {
        double sample = ackedBps / 1000.0;
        if (!hasEstimate()) {
            estimateKbps = sample;
        } else {
            estimateKbps = (1 - ALPHA) * estimateKbps + ALPHA * sample;
        }
        // Variance relative to the estimate, so the band scales with the rate.
        double err = estimateKbps - sample;
        deviation = (1 - ALPHA) * deviation + ALPHA * err * err / Math.max(estimateKbps, 1.0);
        deviation = Math.max(MIN_DEVIATION, Math.min(MAX_DEVIATION, deviation));
    }

    /** Estimate + 3σ in bit/s; +∞ without an estimate. */
    long upperBoundBps() {
        return hasEstimate() ? (long) ((estimateKbps + 3 * sigmaKbps()) * 1000) : Long.MAX_VALUE;
    }

    /** Estimate − 3σ in bit/s; 0 without an estimate. */
    long lowerBoundBps() {
        return hasEstimate() ? (long) Math.max(0, (estimateKbps - 3 * sigmaKbps()) * 1000) : 0;
    }

    private double sigmaKbps() {
        return Math.sqrt(deviation * estimateKbps);
    }

    void reset() {
        estimateKbps = Double.NaN;
    }
}
