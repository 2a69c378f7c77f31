package dev.chorus.media.sim;

import dev.chorus.media.quality.RatePolicy;
import dev.chorus.media.sim.trace.CapacityTrace;
import dev.chorus.media.telemetry.TelemetryRow;

/**
 * The upper reference, simulator only: it reads the trace and allows the capacity the link will have
 * for at least 90 % of the next second — the low label a learned model is trained to predict.
 */
public final class OraclePolicy implements RatePolicy {
    private static final long HORIZON_NANOS = 1_000_000_000L;
    private final CapacityTrace trace;

    public OraclePolicy(CapacityTrace trace) {
        this.trace = trace;
    }

    @Override
    public String name() {
        return "oracle";
    }

    @Override
    public long allowedBps(TelemetryRow row) {
        long t = row.timeNanos();
        return Math.round(trace.quantileCapacityBps(t, t + HORIZON_NANOS, TelemetryRow.LOW_LABEL_QUANTILE));
    }
}
