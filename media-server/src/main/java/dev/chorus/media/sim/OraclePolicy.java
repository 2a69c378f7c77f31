package dev.chorus.media.sim;

import dev.chorus.media.quality.RatePolicy;
import dev.chorus.media.sim.trace.CapacityTrace;
import dev.chorus.media.telemetry.TelemetryRow;

/**
 * The upper reference, simulator only: it reads the trace and allows what the link will carry over
 * the next second — by default its mean capacity (the queue smooths what varies within the second),
 * or the conservative low quantile (the capacity held for at least 90 % of the second), which on
 * traces with short outages is near zero most of the time. These are the two labels a learned model is
 * trained to predict.
 */
public final class OraclePolicy implements RatePolicy {
    private static final long HORIZON_NANOS = 1_000_000_000L;
    private final CapacityTrace trace;
    private final boolean lowQuantile;

    public OraclePolicy(CapacityTrace trace) {
        this(trace, false);
    }

    public OraclePolicy(CapacityTrace trace, boolean lowQuantile) {
        this.trace = trace;
        this.lowQuantile = lowQuantile;
    }

    @Override
    public String name() {
        return lowQuantile ? "oracle-low" : "oracle";
    }

    @Override
    public long allowedBps(TelemetryRow row) {
        long t = row.timeNanos();
        double bps = lowQuantile ? trace.quantileCapacityBps(t, t + HORIZON_NANOS, TelemetryRow.LOW_LABEL_QUANTILE)
                : trace.meanCapacityBps(t, t + HORIZON_NANOS);
        return Math.round(bps);
    }
}
