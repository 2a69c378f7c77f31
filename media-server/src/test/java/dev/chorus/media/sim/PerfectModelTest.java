package dev.chorus.media.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.quality.LearnedRatePolicy;
import dev.chorus.media.quality.RatePolicy;
import dev.chorus.media.sim.trace.CapacityTrace;
import dev.chorus.media.sim.trace.TraceFormat;
import dev.chorus.media.telemetry.Feature;
import dev.chorus.media.telemetry.TelemetryRow;
import org.junit.jupiter.api.Test;

class PerfectModelTest {
    private static final long MS = 1_000_000L;
    /** Margin 1, no danger hold: the allowance is the "prediction" within the bounds around the estimate. */
    private static final LearnedRatePolicy.Settings PLAIN = new LearnedRatePolicy.Settings(1.0, 0, 0, 0, 0,
            1.5, 0, 0); // the shipped up bound
    // 1 Mbit/s for 10 s, then 200 kbit/s
    private static final CapacityTrace STEP = CapacityTrace.builder("step", TraceFormat.GYM).add(10_000 * MS, 1_000_000)
            .add(10_000 * MS, 200_000).build();

    private static TelemetryRow row(long t, double estimateKbps) {
        double[] f = new double[Feature.COUNT];
        f[Feature.ESTIMATE_KBPS.ordinal()] = estimateKbps;
        f[Feature.ACKED_KBPS.ordinal()] = estimateKbps;
        f[Feature.RECV_KBPS.ordinal()] = estimateKbps;
        f[Feature.SENT_KBPS.ordinal()] = estimateKbps;
        f[Feature.PROBE_KBPS.ordinal()] = -1;
        f[Feature.PROBE_AGE_S.ordinal()] = -1;
        return new TelemetryRow("l", t, f);
    }

    @Test
    void theOracleModelSeesTheDropComingAndThePastModelOnlyAfterIt() {
        RatePolicy oracle = PerfectModel.factory("learned-oracle", PLAIN, 0).apply(STEP);
        RatePolicy past = PerfectModel.factory("learned-past", PLAIN, 0).apply(STEP);
        assertEquals("learned-oracle", oracle.name());
        assertEquals("learned-past", past.name());
        // half a second before the drop: the next second is half at 1 Mbit/s, half at 200 kbit/s
        assertEquals(600_000, oracle.allowedBps(row(9_500 * MS, 1000)));
        assertEquals(1_000_000, past.allowedBps(row(9_500 * MS, 1000)));
        // a second after it, both know; the estimate (still 1000) bounds them from below at half of it
        assertEquals(500_000, oracle.allowedBps(row(11_000 * MS, 1000)));
        assertEquals(500_000, past.allowedBps(row(11_000 * MS, 1000)));
        // without that floor (down bound 0) the policy follows the model under the estimate
        LearnedRatePolicy.Settings noFloor = new LearnedRatePolicy.Settings(1.0, 0, 0, 0, 0, 1.5, 0, 0, 0);
        RatePolicy free = PerfectModel.factory("learned-oracle", noFloor, 0).apply(STEP);
        assertEquals(600_000, free.allowedBps(row(9_500 * MS, 1000)));
        assertEquals(200_000, free.allowedBps(row(11_000 * MS, 1000)));
    }

    @Test
    void itRunsTheLearnedPolicysMarginAndProbeCap() {
        LearnedRatePolicy.Settings half = new LearnedRatePolicy.Settings(0.5, 0, 0, 0, 0, 1.5,
                0, 0);
        RatePolicy p = PerfectModel.factory("learned-oracle", half, 0.8).apply(STEP);
        assertEquals(500_000, p.allowedBps(row(1_000 * MS, 800))); // 0.5 × 1000, inside [400, 1200]
        assertEquals(800_000, p.probeTargetBps(3_000_000)); // 0.8 × the prediction (1000)
        assertTrue(PerfectModel.isOne("learned-past"));
        assertFalse(PerfectModel.isOne("learned"));
        assertThrows(IllegalArgumentException.class, () -> PerfectModel.factory("oracle", half, 0));
    }

    @Test
    void noiseIsOneFactorPerSecondLogNormalAndRepeatable() {
        assertEquals(1.0, PerfectModel.errorFactor(0, 7, 123_456_789L));
        double a = PerfectModel.errorFactor(0.3, 7, 5_000 * MS);
        assertEquals(a, PerfectModel.errorFactor(0.3, 7, 5_900 * MS)); // the same second
        assertEquals(a, PerfectModel.errorFactor(0.3, 7, 5_000 * MS)); // repeatable
        assertTrue(a != PerfectModel.errorFactor(0.3, 8, 5_000 * MS)); // another seed
        int n = 4000;
        double sum = 0;
        double sumSq = 0;
        double ape = 0;
        for (int k = 0; k < n; k++) {
            double f = PerfectModel.errorFactor(0.3, 7, k * 1_000 * MS);
            sum += Math.log(f);
            sumSq += Math.log(f) * Math.log(f);
            ape += Math.abs(f - 1);
        }
        double mean = sum / n;
        assertEquals(0, mean, 0.03);
        assertEquals(0.3, Math.sqrt(sumSq / n - mean * mean), 0.02);
        assertEquals(0.245, ape / n, 0.02); // E|exp(0.3 z) - 1|, the MAPE the class comment quotes

        RatePolicy exact = PerfectModel.factory("learned-oracle", PLAIN, 0, 0, 1).apply(STEP);
        RatePolicy noisy = PerfectModel.factory("learned-oracle", PLAIN, 0, 0.3, 1).apply(STEP);
        long e = exact.allowedBps(row(3_000 * MS, 1000));
        long o = noisy.allowedBps(row(3_000 * MS, 1000));
        double f = PerfectModel.errorFactor(0.3, 1 * 1_000_003L + STEP.name().hashCode(), 3_000 * MS);
        assertEquals(Math.min(1_500_000, Math.max(500_000, e * f)), o, 2); // inside the bounds around 1000
        assertThrows(IllegalArgumentException.class, () -> PerfectModel.factory("learned-oracle", PLAIN, 0, -1, 1));
    }
}
