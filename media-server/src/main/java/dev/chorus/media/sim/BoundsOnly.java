package dev.chorus.media.sim;

import dev.chorus.media.quality.LearnedRatePolicy;
import dev.chorus.media.quality.RatePolicy;
import dev.chorus.media.quality.model.LinkModel;
import dev.chorus.media.telemetry.TelemetryRow;

/**
 * The ablation of the learned policy: everything {@link LearnedRatePolicy} does — bounds around the GCC
 * estimate and fresh probes, loss hold, hysteresis, with the shipped settings — but with a "model" that
 * always predicts an unlimited link, so the allowance is simply the upper bound. Policy name
 * {@code bounds}. Where {@code learned} beats {@code gcc} and {@code bounds} does as well, the gain
 * comes from the bounds, not from the prediction (docs/model-report.md).
 */
final class BoundsOnly {
    /** 10 Gbit/s: above every bound, so the prediction never binds. */
    private static final double UNLIMITED_KBPS = 1e7;
    private static final LinkModel UNLIMITED = LinkModel.constant(UNLIMITED_KBPS, "unlimited (ablation)");

    private BoundsOnly() {
    }

    static RatePolicy policy() {
        LearnedRatePolicy p = new LearnedRatePolicy(UNLIMITED, null, LearnedRatePolicy.Settings.DEFAULTS);
        return new RatePolicy() {
            @Override
            public String name() {
                return "bounds";
            }

            @Override
            public long allowedBps(TelemetryRow row) {
                return p.allowedBps(row);
            }
        };
    }
}
