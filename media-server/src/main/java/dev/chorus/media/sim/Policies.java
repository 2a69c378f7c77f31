package dev.chorus.media.sim;

import dev.chorus.media.quality.EwmaRatePolicy;
import dev.chorus.media.quality.GccRatePolicy;
import dev.chorus.media.quality.LearnedRatePolicy;
import dev.chorus.media.quality.RatePolicy;
import dev.chorus.media.sim.trace.CapacityTrace;
import java.util.List;
import java.util.function.Function;

/**
 * The policies an evaluation can run, by name; each run gets a fresh instance (policies keep state).
 * {@code learned} needs a model, so it is built by {@link LearnedEvaluation}, not here.
 */
public final class Policies {
    public static final List<String> BASELINES = List.of("gcc", "ewma", "oracle");
    /**
     * Also runnable, not in the default set: the oracle at the low-quantile label, the oracle that knows
     * only the past second ({@link OraclePolicy.Kind#PAST_MEAN}), {@link BoundsOnly}, and the learned policy
     * with a perfect model ({@link PerfectModel}).
     */
    public static final List<String> KNOWN = List.of("gcc", "ewma", "oracle", "oracle-low", "oracle-past", "bounds",
            "learned", "learned-oracle", "learned-past");

    private Policies() {
    }

    /** A factory for {@code name}; the trace is for the oracle only. */
    public static Function<CapacityTrace, RatePolicy> byName(String name) {
        return byName(name, 0);
    }

    /** As {@link #byName(String)}, with gcc leaving {@code gccHeadroom} of the estimate unused (0: the server's gcc). */
    public static Function<CapacityTrace, RatePolicy> byName(String name, double gccHeadroom) {
        return byName(name, gccHeadroom, OraclePolicy.Settings.DEFAULTS);
    }

    /** As {@link #byName(String, double)}, with the oracles' margin and probe cap ({@link OraclePolicy.Settings}). */
    public static Function<CapacityTrace, RatePolicy> byName(String name, double gccHeadroom,
            OraclePolicy.Settings oracle) {
        return switch (name) {
            case "gcc" -> t -> new GccRatePolicy(gccHeadroom);
            case "ewma" -> t -> new EwmaRatePolicy();
            case "oracle" -> t -> new OraclePolicy(t, OraclePolicy.Kind.NEXT_MEAN, oracle);
            case "oracle-low" -> t -> new OraclePolicy(t, OraclePolicy.Kind.NEXT_LOW, oracle);
            case "oracle-past" -> t -> new OraclePolicy(t, OraclePolicy.Kind.PAST_MEAN, oracle);
            case "bounds" -> t -> BoundsOnly.policy(); // the learned policy without its model (ablation)
            case "learned" -> throw new IllegalArgumentException("the learned policy needs a model (LearnedEvaluation)");
            case "learned-oracle", "learned-past" -> PerfectModel.factory(name, LearnedRatePolicy.Settings.DEFAULTS, 0);
            default -> throw new IllegalArgumentException("unknown policy '" + name + "' (known: " + KNOWN + ")");
        };
    }
}
