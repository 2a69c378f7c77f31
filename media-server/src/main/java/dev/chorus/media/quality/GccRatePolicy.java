package dev.chorus.media.quality;

import dev.chorus.media.telemetry.Feature;
import dev.chorus.media.telemetry.TelemetryRow;

/**
 * The send-side estimate (GCC-style) less a fixed headroom. With headroom 0 — the default — this is
 * exactly what the server does today: the allocator gets the estimate, and its own 15 % up-margin is
 * the only headroom (for upgrades).
 */
public final class GccRatePolicy implements RatePolicy {
    private final double headroom;

    public GccRatePolicy() {
        this(0);
    }

    /** @param headroom share of the estimate left unused, 0 ≤ headroom < 1 */
    public GccRatePolicy(double headroom) {
        if (!(headroom >= 0 && headroom < 1)) {
            throw new IllegalArgumentException("headroom " + headroom);
        }
        this.headroom = headroom;
    }

    public double headroom() {
        return headroom;
    }

    @Override
    public String name() {
        return "gcc";
    }

    @Override
    public long allowedBps(TelemetryRow row) {
        return Math.round(row.get(Feature.ESTIMATE_KBPS) * 1000 * (1 - headroom));
    }
}
