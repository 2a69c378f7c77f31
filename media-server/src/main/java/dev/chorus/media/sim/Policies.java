package dev.chorus.media.sim;

import dev.chorus.media.quality.EwmaRatePolicy;
import dev.chorus.media.quality.GccRatePolicy;
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
    /** Also runnable, not in the default set: the oracle at the low-quantile label, and {@link BoundsOnly}. */
    public static final List<String> KNOWN = List.of("gcc", "ewma", "oracle", "oracle-low", "bounds", "learned");

    private Policies() {
    }

    /** A factory for {@code name}; the trace is for the oracle only. */
    public static Function<CapacityTrace, RatePolicy> byName(String name) {
        return byName(name, 0);
    }

    /** As {@link #byName(String)}, with gcc leaving {@code gccHeadroom} of the estimate unused (0: the server's gcc). */
    public static Function<CapacityTrace, RatePolicy> byName(String name, double gccHeadroom) {
        return switch (name) {
            case "gcc" -> t -> new GccRatePolicy(gccHeadroom);
            case "ewma" -> t -> new EwmaRatePolicy();
            case "oracle" -> OraclePolicy::new;
            case "oracle-low" -> t -> new OraclePolicy(t, true);
            case "bounds" -> t -> BoundsOnly.policy(); // the learned policy without its model (ablation)
            case "learned" -> throw new IllegalArgumentException("the learned policy needs a model (LearnedEvaluation)");
            default -> throw new IllegalArgumentException("unknown policy '" + name + "' (known: " + KNOWN + ")");
        };
    }
}
