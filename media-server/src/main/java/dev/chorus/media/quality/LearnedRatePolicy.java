package dev.chorus.media.quality;

import dev.chorus.media.quality.model.LinkModel;
import dev.chorus.media.telemetry.Feature;
import dev.chorus.media.telemetry.TelemetryRow;

/**
 * The model's predicted sustainable bitrate, kept inside what the send side has evidence for, with
 * hysteresis:
 * <ul>
 * <li><b>margin</b> — the main prediction is the mean capacity over the next second; what is allowed is
 * {@code margin} × it, because a queue that is kept full turns every capacity dip within the second
 * into delay and loss;</li>
 * <li><b>low cap</b> — if the model has a low-quantile regression (the capacity held for 90 % of the
 * next second, near zero when a short outage is coming), the allowed rate is also at most
 * {@code lowMargin} × that prediction (lowMargin 0: no low cap);</li>
 * <li><b>danger hold</b> — a row whose media loss is at least {@code dangerLoss} or whose mean queueing
 * delay is at least {@code dangerOwdMs} (both measured by the server from feedback, not guessed)
 * caps the allowed rate at the GCC estimate until {@code dangerHoldS} seconds have passed without
 * such a row (0 / 0 / 0: off); so do {@code dangerSilentRows} rows in a row in which media went out and
 * nothing was reported received (an outage: every feature the model reads goes stale, and the training
 * traces have almost no whole-second outages to learn that from). A single overuse verdict is not
 * enough: up-switch key frames read as overuse, and capping on them flapped (docs/model-report.md);</li>
 * <li><b>bounds</b> — at most {@code upBound} (default {@value #UP_BOUND}) × the GCC estimate or a fresh
 * probe result, whichever is higher (a model that extrapolates must not push far past anything
 * measured), and at least {@code downBound} (0.5) × the estimate (the estimate is the safety net: a model
 * that under-predicts on an unfamiliar link cannot starve the receiver below half of it);</li>
 * <li><b>trust floor</b> — optionally, while the estimate is under {@code trustFloorKbps} the estimate
 * caps the allowance (off by default; docs/model-report.md, "Lead for a next round");</li>
 * <li><b>freeze feedback</b> — optionally ({@link FreezeFeedback.Settings}, off by default), while the
 * receiver reports its freeze count: its own margin while no freeze was reported recently, and at most
 * {@code capFactor} × the estimate after one (docs/model-report.md, "Round 6");</li>
 * <li><b>trust gate</b> — optionally ({@link TrustGate.Settings}, off by default), the GCC estimate as is
 * instead of all of the above while the model's recent predictions did not match what this receiver's
 * link carried (docs/model-report.md, "Round 7");</li>
 * <li><b>hysteresis</b> — decreases apply at once (late decreases are freezes), increases only when the
 * bounded value exceeds the current one by {@code UP_STEP}, so tree-model jitter between neighbouring
 * leaves does not flip layers every 100 ms.</li>
 * </ul>
 * The knobs ({@link Settings#DEFAULTS}) were chosen on validation traces, never on a test set
 * (docs/model-report.md). Until the first feedback the estimator's start rate is used as is (no
 * features yet). Deterministic: the same rows give the same decisions.
 */
public final class LearnedRatePolicy implements RatePolicy {
    static final double UP_BOUND = 1.5;
    /** The probe cap's range besides 0 (off): 0.01 all but stops the allocator's probes. */
    public static final double MIN_PROBE_CAP = 0.01;
    public static final double MAX_PROBE_CAP = 4;
    static final double DOWN_BOUND = 0.5;
    static final double UP_STEP = 1.08;
    private static final double PROBE_FRESH_S = 2;

    /**
     * The policy's knobs.
     *
     * @param margin      allowed ≤ margin × predicted mean capacity, 0 < margin ≤ 1.5
     * @param lowMargin   allowed ≤ lowMargin × predicted low quantile (0: ignore the low model)
     * @param dangerLoss  a row with loss ≥ this is dangerous (0: loss never is)
     * @param dangerOwdMs a row with mean queueing delay ≥ this (ms) is dangerous (0: delay never is)
     * @param dangerHoldS how long after the last dangerous row the estimate caps the rate (0: off)
     * @param upBound     allowed ≤ upBound × max(GCC estimate, fresh probe), 1 ≤ upBound ≤ 4
     * @param dangerSilentRows this many rows in a row in which media was sent but nothing was reported
     *                    received (an outage: the model's features go stale) are dangerous (0: never)
     * @param trustFloorKbps while the GCC estimate is under this, the estimate caps the allowance (0: never):
     *                    near the cost of the lowest video layer the choice is video or none, and a
     *                    prediction above the estimate there keeps video going over a link that cannot
     *                    carry it
     * @param downBound   allowed ≥ downBound × the GCC estimate, 0 ≤ downBound ≤ 1 (the estimate as a
     *                    floor under a model that under-predicts; 0: none, the model may go under it)
     */
    public record Settings(double margin, double lowMargin, double dangerLoss, double dangerOwdMs, double dangerHoldS,
            double upBound, int dangerSilentRows, double trustFloorKbps, double downBound) {
        /**
         * Chosen in round 2 (docs/model-report.md) on the validation traces plus the two trace sets already
         * used as tests, by a rule fixed beforehand: margin 0.7, no low cap, loss ≥ 5 % or three silent
         * rows in a row hold the estimate as cap for 0.5 s, up bound 1.5.
         */
        public static final Settings DEFAULTS = new Settings(0.7, 0, 0.05, 0, 0.5, UP_BOUND, 3, 0);

        /** The settings with the default down bound ({@value LearnedRatePolicy#DOWN_BOUND}). */
        public Settings(double margin, double lowMargin, double dangerLoss, double dangerOwdMs, double dangerHoldS,
                double upBound, int dangerSilentRows, double trustFloorKbps) {
            this(margin, lowMargin, dangerLoss, dangerOwdMs, dangerHoldS, upBound, dangerSilentRows, trustFloorKbps,
                    DOWN_BOUND);
        }

        /** The settings with the default up bound ({@value LearnedRatePolicy#UP_BOUND}) and no silence rule. */
        public Settings(double margin, double lowMargin, double dangerLoss, double dangerOwdMs, double dangerHoldS) {
            this(margin, lowMargin, dangerLoss, dangerOwdMs, dangerHoldS, UP_BOUND, 0, 0);
        }

        public Settings {
            if (!(trustFloorKbps >= 0)) {
                throw new IllegalArgumentException("trust floor " + trustFloorKbps);
            }
            if (dangerSilentRows < 0) {
                throw new IllegalArgumentException("silent rows " + dangerSilentRows);
            }
            if (!(upBound >= 1 && upBound <= 4)) {
                throw new IllegalArgumentException("up bound " + upBound);
            }
            if (!(downBound >= 0 && downBound <= 1)) {
                throw new IllegalArgumentException("down bound " + downBound);
            }
            if (!(margin > 0 && margin <= 1.5)) {
                throw new IllegalArgumentException("margin " + margin);
            }
            if (!(lowMargin >= 0 && lowMargin <= 10) || !(dangerLoss >= 0 && dangerLoss <= 1)
                    || !(dangerOwdMs >= 0) || !(dangerHoldS >= 0)) {
                throw new IllegalArgumentException("settings " + lowMargin + " " + dangerLoss + " " + dangerOwdMs + " "
                        + dangerHoldS);
            }
        }

        public Settings withMargin(double m) {
            return new Settings(m, lowMargin, dangerLoss, dangerOwdMs, dangerHoldS, upBound, dangerSilentRows,
                    trustFloorKbps, downBound);
        }

        boolean dangerEnabled() {
            return dangerHoldS > 0 && (dangerLoss > 0 || dangerOwdMs > 0 || dangerSilentRows > 0);
        }
    }

    /** Gets every prediction, for evaluation (prediction error vs. the simulator's labels). */
    public interface Observer {
        /**
         * @param row              what the prediction was made from (its time; its estimate and acknowledged
         *                         rate, for scoring baselines on the same rows)
         * @param predictedLowKbps the low-quantile prediction, NaN if the model has none
         */
        void onPrediction(TelemetryRow row, double predictedKbps, double predictedLowKbps);
    }

    private final LinkModel model;
    private final Observer observer;
    private final Settings settings;
    private final FreezeFeedback feedback;
    private final TrustGate gate;
    private final double probeCap;
    private double currentKbps = -1;
    private double lastPredictionKbps = -1;
    private long dangerUntilNanos = Long.MIN_VALUE;
    private int silentRows;

    public LearnedRatePolicy(LinkModel model) {
        this(model, null);
    }

    public LearnedRatePolicy(LinkModel model, Observer observer) {
        this(model, observer, Settings.DEFAULTS);
    }

    /** The default settings with another margin. */
    public LearnedRatePolicy(LinkModel model, Observer observer, double margin) {
        this(model, observer, Settings.DEFAULTS.withMargin(margin));
    }

    public LearnedRatePolicy(LinkModel model, Observer observer, Settings settings) {
        this(model, observer, settings, FreezeFeedback.Settings.OFF);
    }

    public LearnedRatePolicy(LinkModel model, Observer observer, Settings settings,
            FreezeFeedback.Settings feedbackSettings) {
        this(model, observer, settings, feedbackSettings, TrustGate.Settings.OFF);
    }

    public LearnedRatePolicy(LinkModel model, Observer observer, Settings settings,
            FreezeFeedback.Settings feedbackSettings, TrustGate.Settings gateSettings) {
        this(model, observer, settings, feedbackSettings, gateSettings, 0);
    }

    /**
     * @param probeCap probes go at most this many times the last prediction (0: off, as shipped):
     *                 docs/model-report.md, "Diagnostic (session 12)"
     */
    public LearnedRatePolicy(LinkModel model, Observer observer, Settings settings,
            FreezeFeedback.Settings feedbackSettings, TrustGate.Settings gateSettings, double probeCap) {
        this.model = model;
        this.observer = observer;
        this.settings = settings;
        this.feedback = new FreezeFeedback(feedbackSettings);
        this.gate = new TrustGate(gateSettings);
        this.probeCap = checkedProbeCap(probeCap);
    }

    /** {@code probeCap} if it is 0 (off) or in [{@value #MIN_PROBE_CAP}, {@value #MAX_PROBE_CAP}]; else throws. */
    public static double checkedProbeCap(double probeCap) {
        if (!(probeCap == 0 || (probeCap >= MIN_PROBE_CAP && probeCap <= MAX_PROBE_CAP))) {
            throw new IllegalArgumentException("probe cap " + probeCap + " (0 or " + MIN_PROBE_CAP + "–" + MAX_PROBE_CAP + ")");
        }
        return probeCap;
    }

    @Override
    public String name() {
        return "learned";
    }

    public Settings settings() {
        return settings;
    }

    public FreezeFeedback.Settings feedbackSettings() {
        return feedback.settings();
    }

    /** The trust gate (evaluation: its share of trusted rows and its scores). */
    public TrustGate gate() {
        return gate;
    }

    @Override
    public void onRenderReport(long nowNanos, long freezeCount) {
        feedback.onReport(nowNanos, freezeCount);
    }

    /** The receiver's freeze count in its last report, -1 before the first (stats). */
    public long reportedFreezeCount() {
        return feedback.lastCount();
    }

    /** What the freeze feedback does right now (stats; {@link FreezeFeedback#state}). */
    public String feedbackState(long nowNanos) {
        return feedback.state(nowNanos);
    }

    @Override
    public long allowedBps(TelemetryRow row) {
        double estimate = row.get(Feature.ESTIMATE_KBPS);
        if (row.get(Feature.ACKED_KBPS) < 0 && currentKbps < 0) {
            return Math.round(estimate * 1000);
        }
        double predicted = model.predictKbps(row);
        double low = settings.lowMargin() > 0 || observer != null ? model.predictLowKbps(row) : Double.NaN;
        lastPredictionKbps = predicted;
        if (observer != null) {
            observer.onPrediction(row, predicted, low);
        }
        gate.onRow(row, predicted);
        double margin = settings.margin();
        boolean freezing = false;
        if (feedback.active(row.timeNanos())) {
            freezing = feedback.freezing(row.timeNanos());
            if (!freezing) {
                margin = feedback.settings().margin();
            }
        }
        double wanted = capped(predicted, low, settings.lowMargin(), margin);
        silentRows = row.get(Feature.RECV_KBPS) <= 0 && row.get(Feature.SENT_KBPS) > 0 ? silentRows + 1 : 0;
        if (settings.dangerEnabled()) {
            if (dangerous(row, settings)
                    || (settings.dangerSilentRows() > 0 && silentRows >= settings.dangerSilentRows())) {
                dangerUntilNanos = row.timeNanos() + Math.round(settings.dangerHoldS() * 1e9);
            }
            if (row.timeNanos() < dangerUntilNanos) {
                wanted = Math.min(wanted, estimate);
            }
        }
        double target = bounded(wanted, estimate, row.get(Feature.PROBE_KBPS), row.get(Feature.PROBE_AGE_S),
                settings.upBound(), settings.downBound());
        if (estimate < settings.trustFloorKbps()) {
            target = Math.min(target, estimate);
        }
        if (freezing) {
            target = Math.min(target, feedback.settings().capFactor() * estimate);
        }
        if (currentKbps < 0 || target < currentKbps || target > currentKbps * UP_STEP) {
            currentKbps = target;
        }
        if (!gate.trusted()) {
            // what gcc would allow; the state above keeps following the rows, so a switch back is seamless
            return Math.round(estimate * 1000);
        }
        return Math.round(currentKbps * 1000);
    }

    /** margin × mean prediction, at most lowMargin × the low prediction when there is one and lowMargin > 0. */
    static double capped(double predictedKbps, double predictedLowKbps, double lowMargin, double margin) {
        double wanted = margin * predictedKbps;
        if (lowMargin > 0 && !Double.isNaN(predictedLowKbps)) {
            wanted = Math.min(wanted, lowMargin * predictedLowKbps);
        }
        return wanted;
    }

    /** Whether the server's own measurements in {@code row} say the link is in trouble right now. */
    static boolean dangerous(TelemetryRow row, Settings s) {
        if (s.dangerLoss() > 0 && row.get(Feature.LOSS) >= s.dangerLoss()) {
            return true;
        }
        return s.dangerOwdMs() > 0 && row.get(Feature.OWD_MS) >= s.dangerOwdMs();
    }

    /** The prediction clamped to [DOWN_BOUND × estimate, UP_BOUND × max(estimate, fresh probe)]. */
    static double bounded(double predictedKbps, double estimateKbps, double probeKbps, double probeAgeS) {
        return bounded(predictedKbps, estimateKbps, probeKbps, probeAgeS, UP_BOUND, DOWN_BOUND);
    }

    /** The prediction clamped to [downBound × estimate, upBound × max(estimate, fresh probe)]. */
    static double bounded(double predictedKbps, double estimateKbps, double probeKbps, double probeAgeS,
            double upBound, double downBound) {
        double evidence = estimateKbps;
        if (probeAgeS >= 0 && probeAgeS < PROBE_FRESH_S) {
            evidence = Math.max(evidence, probeKbps);
        }
        double hi = upBound * evidence;
        double lo = downBound * estimateKbps;
        return Math.min(hi, Math.max(lo, predictedKbps));
    }

    /**
     * With a probe cap, a probe goes no further than probeCap × the last prediction: on links whose
     * capacity the model puts below what the allocator would like, a probe mostly fills the queue.
     */
    @Override
    public long probeTargetBps(long desiredBps) {
        if (probeCap == 0 || lastPredictionKbps < 0) {
            return desiredBps;
        }
        return Math.min(desiredBps, Math.round(probeCap * lastPredictionKbps * 1000));
    }

    public double probeCap() {
        return probeCap;
    }

    /** The last unbounded prediction (kbit/s, -1 before the first), for stats. */
    public double lastPredictionKbps() {
        return lastPredictionKbps;
    }
}
