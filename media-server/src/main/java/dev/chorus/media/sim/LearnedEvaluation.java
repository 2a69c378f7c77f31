package dev.chorus.media.sim;

import dev.chorus.media.quality.FreezeFeedback;
import dev.chorus.media.quality.LearnedRatePolicy;
import dev.chorus.media.quality.RatePolicy;
import dev.chorus.media.quality.TrustGate;
import dev.chorus.media.quality.model.LinkModel;
import dev.chorus.media.quality.train.ErrorStats;
import dev.chorus.media.sim.trace.CapacityTrace;
import dev.chorus.media.telemetry.Feature;
import dev.chorus.media.telemetry.TelemetryRow;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code learned} policy in an evaluation, and its prediction error: every prediction the policy
 * makes is compared with its own label on the trace it runs on — the mean-capacity prediction with
 * the next second's mean capacity, the low-quantile prediction (if the model has one) with the next
 * second's {@value TelemetryRow#LOW_LABEL_QUANTILE}-quantile. The simulator knows the trace, the policy
 * does not: the comparison happens here, outside the policy, on the rows the learned policy itself
 * produced (not gcc's or the oracle's, as in training).
 */
public final class LearnedEvaluation {
    private static final long HORIZON_NANOS = 1_000_000_000L;
    private final LinkModel model;
    private final ErrorStats total = new ErrorStats();
    private final ErrorStats lowTotal = new ErrorStats();
    private final ErrorStats estimateTotal = new ErrorStats();
    private final ErrorStats ackedTotal = new ErrorStats();
    private final Map<String, ErrorStats> perTrace = new ConcurrentHashMap<>();
    private final LearnedRatePolicy.Settings settings;
    private final FreezeFeedback.Settings feedback;
    private final TrustGate.Settings gate;
    private final Map<String, TrustGate> gates = new ConcurrentHashMap<>();
    private final double probeCap;

    public LearnedEvaluation(LinkModel model) {
        this(model, LearnedRatePolicy.Settings.DEFAULTS);
    }

    public LearnedEvaluation(LinkModel model, LearnedRatePolicy.Settings settings) {
        this(model, settings, FreezeFeedback.Settings.OFF);
    }

    public LearnedEvaluation(LinkModel model, LearnedRatePolicy.Settings settings, FreezeFeedback.Settings feedback) {
        this(model, settings, feedback, TrustGate.Settings.OFF);
    }

    public LearnedEvaluation(LinkModel model, LearnedRatePolicy.Settings settings, FreezeFeedback.Settings feedback,
            TrustGate.Settings gate) {
        this(model, settings, feedback, gate, 0);
    }

    /** @param probeCap see {@link LearnedRatePolicy#probeTargetBps} (0: off) */
    public LearnedEvaluation(LinkModel model, LearnedRatePolicy.Settings settings, FreezeFeedback.Settings feedback,
            TrustGate.Settings gate, double probeCap) {
        this.model = model;
        this.settings = settings;
        this.feedback = feedback;
        this.gate = gate;
        this.probeCap = probeCap;
    }

    /** A fresh policy for one run on {@code trace}. */
    public RatePolicy policyFor(CapacityTrace trace) {
        ErrorStats mine = perTrace.computeIfAbsent(trace.name(), n -> new ErrorStats());
        LearnedRatePolicy policy = new LearnedRatePolicy(model, (row, predicted, low) -> {
            long t = row.timeNanos();
            double label = trace.meanCapacityBps(t, t + HORIZON_NANOS) / 1e3;
            mine.add(predicted, label);
            total.add(predicted, label);
            // the training report's two baselines, scored on exactly these rows
            estimateTotal.add(row.get(Feature.ESTIMATE_KBPS), label);
            ackedTotal.add(Math.max(0, row.get(Feature.ACKED_KBPS)), label);
            if (!Double.isNaN(low)) {
                lowTotal.add(low, trace.quantileCapacityBps(t, t + HORIZON_NANOS, TelemetryRow.LOW_LABEL_QUANTILE) / 1e3);
            }
        }, settings, feedback, gate, probeCap);
        gates.put(trace.name(), policy.gate());
        return policy;
    }

    /** The trust gate of the run on {@code name}, null if none ran. */
    public TrustGate gate(String name) {
        return gates.get(name);
    }

    public TrustGate.Settings gateSettings() {
        return gate;
    }

    public double probeCap() {
        return probeCap;
    }

    /** Errors of the mean-capacity predictions. */
    public ErrorStats total() {
        return total;
    }

    /** Errors of the baseline "the GCC estimate is the next second's capacity" on the same rows. */
    public ErrorStats estimateBaseline() {
        return estimateTotal;
    }

    /** Errors of the baseline "the acknowledged rate is the next second's capacity" on the same rows. */
    public ErrorStats ackedBaseline() {
        return ackedTotal;
    }

    /** Errors of the low-quantile predictions against the low label (no rows if the model has none). */
    public ErrorStats lowTotal() {
        return lowTotal;
    }

    public ErrorStats trace(String name) {
        return perTrace.get(name);
    }

    public LinkModel model() {
        return model;
    }

    public LearnedRatePolicy.Settings settings() {
        return settings;
    }

    public FreezeFeedback.Settings feedback() {
        return feedback;
    }
}
