package dev.chorus.media.quality;

import dev.chorus.media.telemetry.Feature;
import dev.chorus.media.telemetry.TelemetryRow;

/**
 * The receive-rate baseline: what the receiver reported getting, averaged exponentially (α per 100 ms
 * row, 0.1 ≈ a 1 s time constant), times a fixed headroom (1.25: without it a rate that follows what
 * it sends can only fall, as every dip of the video's own rate lowers it), and raised to a fresh probe
 * result (younger than 2 s) — the only way it learns there is more. Until the first feedback it uses
 * the estimator's start rate.
 */
public final class EwmaRatePolicy implements RatePolicy {
    private static final double PROBE_FRESH_S = 2;
    private final double alpha;
    private final double headroom;
    private double ewmaKbps = -1;

    public EwmaRatePolicy() {
        this(0.1, 1.25);
    }

    public EwmaRatePolicy(double alpha, double headroom) {
        if (!(alpha > 0 && alpha <= 1) || !(headroom >= 1)) {
            throw new IllegalArgumentException("alpha " + alpha + ", headroom " + headroom);
        }
        this.alpha = alpha;
        this.headroom = headroom;
    }

    @Override
    public String name() {
        return "ewma";
    }

    @Override
    public long allowedBps(TelemetryRow row) {
        double recv = row.get(Feature.RECV_KBPS);
        boolean fed = row.get(Feature.ACKED_KBPS) >= 0 || ewmaKbps >= 0;
        if (!fed) {
            return Math.round(row.get(Feature.ESTIMATE_KBPS) * 1000);
        }
        ewmaKbps = ewmaKbps < 0 ? recv : ewmaKbps + alpha * (recv - ewmaKbps);
        double allowed = ewmaKbps * headroom;
        double probeAge = row.get(Feature.PROBE_AGE_S);
        if (probeAge >= 0 && probeAge < PROBE_FRESH_S) {
            allowed = Math.max(allowed, row.get(Feature.PROBE_KBPS));
        }
        return Math.round(allowed * 1000);
    }
}
