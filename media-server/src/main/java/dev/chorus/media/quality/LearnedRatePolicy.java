package dev.chorus.media.quality;

import dev.chorus.media.quality.model.LinkModel;
import dev.chorus.media.telemetry.Feature;
import dev.chorus.media.telemetry.TelemetryRow;

/**
 * The model's predicted sustainable bitrate, kept inside what the send side has evidence for, with
 * hysteresis:
 * <ul>
 * <li><b>bounds</b> — at most {@code UP_BOUND} × the GCC estimate or a fresh probe result, whichever is
 * higher (a model that extrapolates must not push far past anything measured), and at least
 * {@code DOWN_BOUND} × the estimate (the estimate is the safety net: a model that under-predicts on an
 * unfamiliar link cannot starve the receiver below half of it);</li>
 * <li><b>hysteresis</b> — decreases apply at once (late decreases are freezes), increases only when the
 * bounded prediction exceeds the current value by {@code UP_STEP}, so tree-model jitter between
 * neighbouring leaves does not flip layers every 100 ms.</li>
 * <li><b>margin</b> — the prediction is a mean over the next second; what is allowed is
 * {@code margin} × it (default {@link #DEFAULT_MARGIN}), because a queue that is kept full turns every
 * capacity dip within the second into delay and loss. Chosen on the validation traces
 * (docs/model-report.md), never on the test traces.</li>
 * </ul>
 * Until the first feedback the estimator's start rate is used as is (no features yet). Deterministic:
 * the same rows give the same decisions.
 */
public final class LearnedRatePolicy implements RatePolicy {
    static final double UP_BOUND = 1.5;
    static final double DOWN_BOUND = 0.5;
    static final double UP_STEP = 1.08;
    private static final double PROBE_FRESH_S = 2;
    public static final double DEFAULT_MARGIN = 0.8;

    /** Gets every prediction, for evaluation (prediction error vs. the simulator's labels). */
    public interface Observer {
        void onPrediction(long timeNanos, double predictedKbps);
    }

    private final LinkModel model;
    private final Observer observer;
    private final double margin;
    private double currentKbps = -1;
    private double lastPredictionKbps = -1;

    public LearnedRatePolicy(LinkModel model) {
        this(model, null);
    }

    public LearnedRatePolicy(LinkModel model, Observer observer) {
        this(model, observer, DEFAULT_MARGIN);
    }

    public LearnedRatePolicy(LinkModel model, Observer observer, double margin) {
        if (!(margin > 0 && margin <= 1.5)) {
            throw new IllegalArgumentException("margin " + margin);
        }
        this.model = model;
        this.observer = observer;
        this.margin = margin;
    }

    @Override
    public String name() {
        return "learned";
    }

    @Override
    public long allowedBps(TelemetryRow row) {
        double estimate = row.get(Feature.ESTIMATE_KBPS);
        if (row.get(Feature.ACKED_KBPS) < 0 && currentKbps < 0) {
            return Math.round(estimate * 1000);
        }
        double predicted = model.predictKbps(row);
        lastPredictionKbps = predicted;
        if (observer != null) {
            observer.onPrediction(row.timeNanos(), predicted);
        }
        double target = bounded(predicted * margin, estimate, row.get(Feature.PROBE_KBPS), row.get(Feature.PROBE_AGE_S));
        if (currentKbps < 0 || target < currentKbps || target > currentKbps * UP_STEP) {
            currentKbps = target;
        }
        return Math.round(currentKbps * 1000);
    }

    /** The prediction clamped to [DOWN_BOUND × estimate, UP_BOUND × max(estimate, fresh probe)]. */
    static double bounded(double predictedKbps, double estimateKbps, double probeKbps, double probeAgeS) {
        double evidence = estimateKbps;
        if (probeAgeS >= 0 && probeAgeS < PROBE_FRESH_S) {
            evidence = Math.max(evidence, probeKbps);
        }
        double hi = UP_BOUND * evidence;
        double lo = DOWN_BOUND * estimateKbps;
        return Math.min(hi, Math.max(lo, predictedKbps));
    }

    /** The last unbounded prediction (kbit/s, -1 before the first), for stats. */
    public double lastPredictionKbps() {
        return lastPredictionKbps;
    }
}
