package dev.chorus.media.sim;

import dev.chorus.media.quality.LearnedRatePolicy;
import dev.chorus.media.quality.RatePolicy;
import dev.chorus.media.sim.trace.CapacityTrace;
import dev.chorus.media.telemetry.TelemetryRow;

/**
 * The upper reference, simulator only: it reads the trace and allows what the link will carry over
 * the next second — by default its mean capacity (the queue smooths what varies within the second),
 * or the conservative low quantile (the capacity held for at least 90 % of the second), which on
 * traces with short outages is near zero most of the time. These are the two labels a learned model is
 * trained to predict. A third kind, {@code oracle-past}, knows the exact capacity of the last second but
 * not the next: the bound for a server that observed its link perfectly and predicted by persistence.
 *
 * <p>{@link Settings} bound what perfect knowledge can reach (docs/model-report.md, "Diagnostic
 * (session 14)"): a margin spends only part of the known capacity, and a probe cap stops the allocator
 * from probing beyond what the oracle knows the link carries.
 */
public final class OraclePolicy implements RatePolicy {
    private static final long HORIZON_NANOS = 1_000_000_000L;
    private final CapacityTrace trace;
    private final Kind kind;
    private final Settings settings;
    private double lastCapacityBps = -1;

    /**
     * @param margin   the share of the capacity the oracle reads that it allows (0 < margin ≤ 2; 1: all of it)
     * @param probeCap probes go at most this × that capacity (0: no cap, as the server)
     */
    public record Settings(double margin, double probeCap) {
        public static final Settings DEFAULTS = new Settings(1.0, 0);

        public Settings {
            if (!(margin > 0 && margin <= 2)) {
                throw new IllegalArgumentException("oracle margin must be in (0, 2], got " + margin);
            }
            LearnedRatePolicy.checkedProbeCap(probeCap); // the same range as the learned policy's cap
        }
    }

    /** What the oracle reads: the next second's mean or low quantile, or the last second's mean. */
    public enum Kind {
        NEXT_MEAN("oracle"), NEXT_LOW("oracle-low"), PAST_MEAN("oracle-past");

        private final String policyName;

        Kind(String policyName) {
            this.policyName = policyName;
        }
    }

    public OraclePolicy(CapacityTrace trace) {
        this(trace, false);
    }

    public OraclePolicy(CapacityTrace trace, boolean lowQuantile) {
        this(trace, lowQuantile ? Kind.NEXT_LOW : Kind.NEXT_MEAN, Settings.DEFAULTS);
    }

    public OraclePolicy(CapacityTrace trace, Kind kind, Settings settings) {
        this.trace = trace;
        this.kind = kind;
        this.settings = settings;
    }

    @Override
    public String name() {
        return kind.policyName;
    }

    @Override
    public long allowedBps(TelemetryRow row) {
        double bps = capacityBps(trace, kind, row.timeNanos());
        lastCapacityBps = bps;
        return Math.round(settings.margin() * bps);
    }

    /** What an oracle of {@code kind} reads at time {@code t}, bit/s. */
    static double capacityBps(CapacityTrace trace, Kind kind, long t) {
        return switch (kind) {
            case NEXT_MEAN -> trace.meanCapacityBps(t, t + HORIZON_NANOS);
            case NEXT_LOW -> trace.quantileCapacityBps(t, t + HORIZON_NANOS, TelemetryRow.LOW_LABEL_QUANTILE);
            // the first second has no past: the trace's first sample, as a server learns it from its first probe
            case PAST_MEAN -> t < HORIZON_NANOS ? trace.meanCapacityBps(0, 1)
                    : trace.meanCapacityBps(t - HORIZON_NANOS, t);
        };
    }

    /** With a probe cap, no probe beyond what the oracle read at the last decision. */
    @Override
    public long probeTargetBps(long desiredBps) {
        if (settings.probeCap() == 0 || lastCapacityBps < 0) {
            return desiredBps;
        }
        return Math.min(desiredBps, Math.round(settings.probeCap() * lastCapacityBps));
    }
}
