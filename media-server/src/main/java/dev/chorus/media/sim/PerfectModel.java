package dev.chorus.media.sim;

import dev.chorus.media.quality.FreezeFeedback;
import dev.chorus.media.quality.LearnedRatePolicy;
import dev.chorus.media.quality.RatePolicy;
import dev.chorus.media.quality.TrustGate;
import dev.chorus.media.quality.model.LinkModel;
import dev.chorus.media.quality.model.ModelHeader;
import dev.chorus.media.sim.trace.CapacityTrace;
import dev.chorus.media.telemetry.TelemetryRow;
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
 */
final class PerfectModel {
    private PerfectModel() {
    }

    static boolean isOne(String policy) {
        return policy.equals("learned-oracle") || policy.equals("learned-past");
    }

    static Function<CapacityTrace, RatePolicy> factory(String policy, LearnedRatePolicy.Settings settings,
            double probeCap) {
        OraclePolicy.Kind kind = switch (policy) {
            case "learned-oracle" -> OraclePolicy.Kind.NEXT_MEAN;
            case "learned-past" -> OraclePolicy.Kind.PAST_MEAN;
            default -> throw new IllegalArgumentException("not a perfect-model policy: " + policy);
        };
        return trace -> policy(trace, kind, policy, settings, probeCap);
    }

    private static RatePolicy policy(CapacityTrace trace, OraclePolicy.Kind kind, String name,
            LearnedRatePolicy.Settings settings, double probeCap) {
        long[] now = new long[1]; // the row being decided: the "model" reads the trace at its time
        Regression<Tuple> exact = x -> LinkModel.target(OraclePolicy.capacityBps(trace, kind, now[0]) / 1e3);
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
}
