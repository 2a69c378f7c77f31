package dev.chorus.media.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chorus.media.sim.OraclePolicy;
import dev.chorus.media.sim.trace.CapacityTrace;
import dev.chorus.media.sim.trace.TraceFormat;
import dev.chorus.media.telemetry.Feature;
import dev.chorus.media.telemetry.TelemetryRow;
import org.junit.jupiter.api.Test;

class RatePolicyTest {
    private static final long MS = 1_000_000L;

    private static TelemetryRow row(long t, double estimateKbps, double ackedKbps, double recvKbps, double probeKbps,
            double probeAgeS) {
        double[] f = new double[Feature.COUNT];
        f[Feature.ESTIMATE_KBPS.ordinal()] = estimateKbps;
        f[Feature.ACKED_KBPS.ordinal()] = ackedKbps;
        f[Feature.RECV_KBPS.ordinal()] = recvKbps;
        f[Feature.PROBE_KBPS.ordinal()] = probeKbps;
        f[Feature.PROBE_AGE_S.ordinal()] = probeAgeS;
        return new TelemetryRow("l", t, f);
    }

    @Test
    void gccIsTheEstimateLessItsHeadroom() {
        assertEquals(1_234_000, new GccRatePolicy().allowedBps(row(0, 1234, -1, 0, -1, -1)));
        assertEquals(900_000, new GccRatePolicy(0.1).allowedBps(row(0, 1000, -1, 0, -1, -1)));
        assertThrows(IllegalArgumentException.class, () -> new GccRatePolicy(1));
    }

    @Test
    void ewmaFollowsTheReceiveRateAndJumpsToFreshProbes() {
        EwmaRatePolicy p = new EwmaRatePolicy(0.5, 1.25);
        assertEquals(1_000_000, p.allowedBps(row(0, 1000, -1, 0, -1, -1))); // no feedback yet: the estimate
        assertEquals(500_000, p.allowedBps(row(100 * MS, 1000, 350, 400, -1, -1))); // first sample: 400 × 1.25
        assertEquals(750_000, p.allowedBps(row(200 * MS, 1000, 500, 800, -1, -1))); // (400 + 800) / 2 × 1.25
        assertEquals(2_000_000, p.allowedBps(row(300 * MS, 1000, 500, 600, 2000, 0.5))); // a fresh probe
        assertEquals(750_000, p.allowedBps(row(400 * MS, 1000, 500, 600, 2000, 2.5))); // a stale one is ignored
    }

    @Test
    void oracleReadsTheNextSecondOfTheTrace() {
        CapacityTrace t = CapacityTrace.builder("t", TraceFormat.GYM).add(500 * MS, 1_000_000).add(500 * MS, 0)
                .add(10_000 * MS, 3_000_000).build();
        assertEquals(500_000, new OraclePolicy(t).allowedBps(row(0, 0, 0, 0, -1, -1)));
        assertEquals(0, new OraclePolicy(t, true).allowedBps(row(0, 0, 0, 0, -1, -1)));
        assertEquals(2_700_000, new OraclePolicy(t).allowedBps(row(900 * MS, 0, 0, 0, -1, -1))); // 0.1 s outage, 0.9 s at 3M
        assertEquals(3_000_000, new OraclePolicy(t, true).allowedBps(row(1_000 * MS, 0, 0, 0, -1, -1)));
        OraclePolicy past = new OraclePolicy(t, OraclePolicy.Kind.PAST_MEAN, OraclePolicy.Settings.DEFAULTS);
        assertEquals("oracle-past", past.name());
        assertEquals(1_000_000, past.allowedBps(row(200 * MS, 0, 0, 0, -1, -1))); // no past yet: the first sample
        assertEquals(500_000, past.allowedBps(row(1_000 * MS, 0, 0, 0, -1, -1))); // the second that has just gone
        assertEquals(2_700_000, past.allowedBps(row(1_900 * MS, 0, 0, 0, -1, -1)));
    }

    @Test
    void anOracleWithAMarginSpendsItsShareAndItsProbeCapStopsProbesBeyondTheLink() {
        CapacityTrace t = CapacityTrace.builder("t", TraceFormat.GYM).add(10_000 * MS, 2_000_000).build();
        OraclePolicy plain = new OraclePolicy(t);
        assertEquals(5_000_000, plain.probeTargetBps(5_000_000)); // before any decision, and without a cap: all the way
        assertEquals(2_000_000, plain.allowedBps(row(0, 0, 0, 0, -1, -1)));
        assertEquals(5_000_000, plain.probeTargetBps(5_000_000));

        OraclePolicy capped = new OraclePolicy(t, OraclePolicy.Kind.NEXT_MEAN,
                new OraclePolicy.Settings(0.7, 1.2));
        assertEquals(5_000_000, capped.probeTargetBps(5_000_000)); // no decision yet: nothing to cap by
        assertEquals(1_400_000, capped.allowedBps(row(0, 0, 0, 0, -1, -1)));
        assertEquals(2_400_000, capped.probeTargetBps(5_000_000)); // 1.2 × the capacity, not × the allowance
        assertEquals(1_500_000, capped.probeTargetBps(1_500_000)); // under the cap: unchanged

        assertThrows(IllegalArgumentException.class, () -> new OraclePolicy.Settings(0, 0));
        assertThrows(IllegalArgumentException.class, () -> new OraclePolicy.Settings(2.5, 0));
        assertThrows(IllegalArgumentException.class, () -> new OraclePolicy.Settings(1, 0.001));
        assertThrows(IllegalArgumentException.class, () -> new OraclePolicy.Settings(1, 5));
    }
}
