package dev.chorus.media.bwe;

/**
 * Delay-gradient detector: fits a line through the (smoothed) accumulated one-way delay variation
 * of the last {@value #WINDOW} group deltas and compares its slope, scaled, with an adaptive
 * threshold. A persistently positive slope means a queue is growing (overuse), a negative one that
 * it drains (underuse).
 *
 * <p>The threshold adapts so that the detector is not starved by competing loss-based (TCP) flows
 * — it rises slowly ({@value #K_UP}) while the signal is above it and falls faster
 * ({@value #K_DOWN}) while below — but ignores single huge spikes (more than 15 ms above it).
 * Constants follow the GCC papers/drafts and libwebrtc defaults. Allocation-free.
 */
public final class TrendlineEstimator {
    static final int WINDOW = 20;
    private static final double SMOOTHING = 0.9;
    private static final double THRESHOLD_GAIN = 4.0;
    /** The slope is scaled by the number of deltas seen, up to this many, so early noise is damped. */
    private static final int MIN_DELTAS_FOR_FULL_GAIN = 60;
    private static final double K_UP = 0.0087;
    private static final double K_DOWN = 0.039;
    private static final double INITIAL_THRESHOLD_MS = 12.5;
    private static final double MIN_THRESHOLD_MS = 6;
    private static final double MAX_THRESHOLD_MS = 600;
    private static final double MAX_ADAPT_OFFSET_MS = 15;
    private static final double OVERUSE_TIME_MS = 10;

    private final double[] xs = new double[WINDOW];
    private final double[] ys = new double[WINDOW];
    private int samples;
    private int next;
    private int deltas;
    private double accumulatedDelayMs;
    private double smoothedDelayMs;
    private long firstArrivalNanos = Long.MIN_VALUE;
    private double trend;
    private double prevTrend;
    private double modifiedTrend;

    private double thresholdMs = INITIAL_THRESHOLD_MS;
    private long lastThresholdUpdateNanos = Long.MIN_VALUE;
    private double timeOverUsingMs = -1;
    private int overuseCount;
    private BandwidthUsage usage = BandwidthUsage.NORMAL;

    /**
     * One group delta. {@code arrivalNanos} is the group's arrival (receiver clock) for the
     * regression's time axis; {@code nowNanos} (local clock) drives threshold adaptation.
     */
    public BandwidthUsage update(long sendDeltaNanos, long arrivalDeltaNanos, long arrivalNanos, long nowNanos) {
        double sendDeltaMs = sendDeltaNanos / 1e6;
        double deltaMs = (arrivalDeltaNanos - sendDeltaNanos) / 1e6;
        if (deltas < 1000) {
            deltas++;
        }
        accumulatedDelayMs += deltaMs;
        smoothedDelayMs = SMOOTHING * smoothedDelayMs + (1 - SMOOTHING) * accumulatedDelayMs;
        if (firstArrivalNanos == Long.MIN_VALUE) {
            firstArrivalNanos = arrivalNanos;
        }
        xs[next] = (arrivalNanos - firstArrivalNanos) / 1e6;
        ys[next] = smoothedDelayMs;
        next = (next + 1) % WINDOW;
        if (samples < WINDOW) {
            samples++;
        }
        if (samples == WINDOW) {
            trend = slope();
        }
        detect(sendDeltaMs, nowNanos);
        return usage;
    }

    /** Least-squares slope of delay over time; keeps the previous trend when degenerate. */
    private double slope() {
        double sx = 0;
        double sy = 0;
        for (int i = 0; i < samples; i++) {
            sx += xs[i];
            sy += ys[i];
        }
        double mx = sx / samples;
        double my = sy / samples;
        double num = 0;
        double den = 0;
        for (int i = 0; i < samples; i++) {
            double dx = xs[i] - mx;
            num += dx * (ys[i] - my);
            den += dx * dx;
        }
        return den == 0 ? trend : num / den;
    }

    private void detect(double sendDeltaMs, long nowNanos) {
        if (deltas < 2) {
            usage = BandwidthUsage.NORMAL;
            return;
        }
        modifiedTrend = Math.min(deltas, MIN_DELTAS_FOR_FULL_GAIN) * trend * THRESHOLD_GAIN;
        if (modifiedTrend > thresholdMs) {
            // Overuse must persist for a while and the slope must not be falling already.
            timeOverUsingMs = timeOverUsingMs < 0 ? sendDeltaMs / 2 : timeOverUsingMs + sendDeltaMs;
            overuseCount++;
            if (timeOverUsingMs > OVERUSE_TIME_MS && overuseCount > 1 && trend >= prevTrend) {
                timeOverUsingMs = 0;
                overuseCount = 0;
                usage = BandwidthUsage.OVERUSING;
            }
        } else if (modifiedTrend < -thresholdMs) {
            timeOverUsingMs = -1;
            overuseCount = 0;
            usage = BandwidthUsage.UNDERUSING;
        } else {
            timeOverUsingMs = -1;
            overuseCount = 0;
            usage = BandwidthUsage.NORMAL;
        }
        prevTrend = trend;
        adaptThreshold(nowNanos);
    }

    private void adaptThreshold(long nowNanos) {
        if (lastThresholdUpdateNanos == Long.MIN_VALUE) {
            lastThresholdUpdateNanos = nowNanos;
        }
        double magnitude = Math.abs(modifiedTrend);
        if (magnitude > thresholdMs + MAX_ADAPT_OFFSET_MS) {
            lastThresholdUpdateNanos = nowNanos; // a spike (e.g. a route change): do not chase it
            return;
        }
        double k = magnitude < thresholdMs ? K_DOWN : K_UP;
        double dtMs = Math.min((nowNanos - lastThresholdUpdateNanos) / 1e6, 100);
        thresholdMs += k * (magnitude - thresholdMs) * dtMs;
        thresholdMs = Math.max(MIN_THRESHOLD_MS, Math.min(MAX_THRESHOLD_MS, thresholdMs));
        lastThresholdUpdateNanos = nowNanos;
    }

    public BandwidthUsage usage() {
        return usage;
    }

    /** Raw slope (ms of delay per ms). */
    public double trend() {
        return trend;
    }

    /** Scaled slope compared with the threshold, in ms. */
    public double modifiedTrend() {
        return modifiedTrend;
    }

    public double thresholdMs() {
        return thresholdMs;
    }
}
