package dev.chorus.media.sim;

import dev.chorus.media.quality.LearnedRatePolicy;
import dev.chorus.media.quality.RatePolicy;
import dev.chorus.media.quality.model.LinkModel;
import dev.chorus.media.quality.train.ErrorStats;
import dev.chorus.media.sim.trace.CapacityTrace;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code learned} policy in an evaluation, and its prediction error: every prediction the policy
 * makes is compared with the next second's mean capacity of the trace it runs on (the training label).
 * The simulator knows the trace, the policy does not: the comparison happens here, outside the policy,
 * on the rows the learned policy itself produced (not gcc's or the oracle's, as in training).
 */
public final class LearnedEvaluation {
    private static final long HORIZON_NANOS = 1_000_000_000L;
    private final LinkModel model;
    private final ErrorStats total = new ErrorStats();
    private final Map<String, ErrorStats> perTrace = new ConcurrentHashMap<>();

    private final double margin;

    public LearnedEvaluation(LinkModel model) {
        this(model, LearnedRatePolicy.DEFAULT_MARGIN);
    }

    public LearnedEvaluation(LinkModel model, double margin) {
        this.model = model;
        this.margin = margin;
    }

    /** A fresh policy for one run on {@code trace}. */
    public RatePolicy policyFor(CapacityTrace trace) {
        ErrorStats mine = perTrace.computeIfAbsent(trace.name(), n -> new ErrorStats());
        return new LearnedRatePolicy(model, (t, predicted) -> {
            double label = trace.meanCapacityBps(t, t + HORIZON_NANOS) / 1e3;
            mine.add(predicted, label);
            total.add(predicted, label);
        }, margin);
    }

    public ErrorStats total() {
        return total;
    }

    public ErrorStats trace(String name) {
        return perTrace.get(name);
    }

    public LinkModel model() {
        return model;
    }
}
