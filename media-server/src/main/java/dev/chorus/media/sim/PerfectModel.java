package dev.chorus.media.sim;

import dev.chorus.media.quality.FreezeFeedback;
import dev.chorus.media.quality.LearnedRatePolicy;
import dev.chorus.media.quality.RatePolicy;
import dev.chorus.media.quality.TrustGate;
import dev.chorus.media.quality.model.LinkModel;
import dev.chorus.media.quality.model.ModelHeader;
import dev.chorus.media.sim.trace.CapacityTrace;
import dev.chorus.media.telemetry.TelemetryRow;
import java.util.SplittableRandom;
import java.util.function.Function;
import smile.data.Tuple;
import smile.regression.Regression;

/**
 * A bound, simulator only: the learned policy — its margin, bounds around the GCC estimate, danger
 * holds, hysteresis and probe cap, exactly as {@code learned} runs them — with its model replaced by
 * the trace itself. {@code learned-oracle} predicts the next second's mean capacity exactly (a model
 * with no error: what the learned policy could reach if the model were perfect); {@code learned-past}
 * predicts the last second's exact mean capacity (a server that observed its link perfectly and
 * predicted by persistence). docs/model-report.md, "Diagnostic (session 14)".
 * <p>
 * With a noise σ &gt; 0 the exact value is multiplied by exp(σ z), one standard normal z per second of
 * the trace (deterministic per trace and seed): a model that is right on average but off by a factor
 * that holds for a second, as a real model's errors do. σ 0.1 / 0.2 / 0.3 / 0.5 is a MAPE of about
 * 8 / 16 / 24 / 43 %: how right a model must be for a given setting of the policy.
 */
final class PerfectModel {
    private PerfectModel() {
    }

    static boolean isOne(String policy) {
        return policy.equals("learned-oracle") || policy.equals("learned-past");
    }

    static Function<CapacityTrace, RatePolicy> factory(String policy, LearnedRatePolicy.Settings settings,
            double probeCap) {
        return factory(policy, settings, probeCap, 0, 0);
    }

    /** @param noiseSigma σ of the per-second log error (0: exact); {@code seed} makes it repeatable */
    static Function<CapacityTrace, RatePolicy> factory(String policy, LearnedRatePolicy.Settings settings,
            double probeCap, double noiseSigma, long seed) {
        checkedNoise(noiseSigma);
        OraclePolicy.Kind kind = switch (policy) {
            case "learned-oracle" -> OraclePolicy.Kind.NEXT_MEAN;
            case "learned-past" -> OraclePolicy.Kind.PAST_MEAN;
            default -> throw new IllegalArgumentException("not a perfect-model policy: " + policy);
        };
        return trace -> policy(trace, kind, policy, settings, probeCap, noiseSigma,
                seed * 1_000_003L + trace.name().hashCode());
    }

    /** {@code sigma} if it is in [0, 2]; else throws. */
    static double checkedNoise(double sigma) {
        if (!(sigma >= 0 && sigma <= 2)) {
            throw new IllegalArgumentException("perfect-model noise must be in [0, 2], got " + sigma);
        }
        return sigma;
    }

    private static RatePolicy policy(CapacityTrace trace, OraclePolicy.Kind kind, String name,
            LearnedRatePolicy.Settings settings, double probeCap, double noiseSigma, long seed) {
        long[] now = new long[1]; // the row being decided: the "model" reads the trace at its time
        Regression<Tuple> exact = x -> LinkModel.target(OraclePolicy.capacityBps(trace, kind, now[0]) / 1e3
                * errorFactor(noiseSigma, seed, now[0]));
        LinkModel model = new LinkModel(ModelHeader.inMemory(name, "capacity_next_1s_kbps"), exact);
        LearnedRatePolicy p = new LearnedRatePolicy(model, null, settings, FreezeFeedback.Settings.OFF,
                TrustGate.Settings.OFF, probeCap);
        return new RatePolicy() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public long allowedBps(TelemetryRow row) {
                now[0] = row.timeNanos();
                return p.allowedBps(row);
            }

            @Override
            public long probeTargetBps(long desiredBps) {
                return p.probeTargetBps(desiredBps);
            }
        };
    }

    /** exp(σ z) with z standard normal, the same for every row of one second of the trace. */
    static double errorFactor(double sigma, long seed, long timeNanos) {
        if (sigma == 0) {
            return 1;
        }
        long second = timeNanos / 1_000_000_000L;
        double z = new SplittableRandom(seed ^ (second * 0x9E3779B97F4A7C15L)).nextGaussian();
        return Math.exp(sigma * z);
    }
}
