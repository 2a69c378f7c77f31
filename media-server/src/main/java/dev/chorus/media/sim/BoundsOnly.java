package dev.chorus.media.sim;

import dev.chorus.media.quality.LearnedRatePolicy;
import dev.chorus.media.quality.RatePolicy;
import dev.chorus.media.quality.model.LinkModel;
import dev.chorus.media.quality.model.ModelFile;
import dev.chorus.media.quality.model.ModelHeader;
import dev.chorus.media.telemetry.TelemetryRow;
import java.util.List;
import java.util.Map;
import smile.data.Tuple;
import smile.regression.Regression;

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
    private static final LinkModel UNLIMITED = new LinkModel(
            new ModelHeader(ModelFile.FORMAT_VERSION, TelemetryRow.SCHEMA_VERSION, List.of(LinkModel.featureNames()),
                    "unlimited (ablation)", "capacity_next_1s_kbps", null, "", Map.of(), ""),
            unlimited());

    private BoundsOnly() {
    }

    private static Regression<Tuple> unlimited() {
        double y = LinkModel.target(UNLIMITED_KBPS);
        return x -> y;
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
