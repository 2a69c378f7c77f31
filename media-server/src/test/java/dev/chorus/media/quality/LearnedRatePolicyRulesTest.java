package dev.chorus.media.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.chorus.media.quality.model.LinkModel;
import dev.chorus.media.telemetry.Feature;
import dev.chorus.media.telemetry.TelemetryRow;
import org.junit.jupiter.api.Test;

/** The learned policy's rules without a model: the low cap and the danger detector, as tables. */
class LearnedRatePolicyRulesTest {
    private static TelemetryRow row(double loss, double owdMs) {
        double[] f = new double[Feature.COUNT];
        f[Feature.LOSS.ordinal()] = loss;
        f[Feature.OWD_MS.ordinal()] = owdMs;
        return new TelemetryRow("l", 0, f);
    }

    @Test
    void probeCapTable() {
        LinkModel model = LinkModel.constant(800, "constant"); // predicts 800 kbit/s whatever it sees
        Object[][] table = {
            // probe cap, desired bit/s, probe target bit/s
            {0.0, 3_000_000L, 3_000_000L}, // off (shipped): the allocator's wish as it is
            {1.0, 3_000_000L, 800_000L}, // no further than the prediction
            {0.5, 3_000_000L, 400_000L},
            {2.0, 1_000_000L, 1_000_000L}, // the cap is above the wish: the wish
            {0.01, 3_000_000L, 8_000L}, // all but no probe
        };
        for (Object[] t : table) {
            LearnedRatePolicy p = new LearnedRatePolicy(model, null, LearnedRatePolicy.Settings.DEFAULTS,
                    FreezeFeedback.Settings.OFF, TrustGate.Settings.OFF, (Double) t[0]);
            assertEquals(3_000_000L, p.probeTargetBps(3_000_000L), "before any prediction nothing is capped");
            p.allowedBps(quietRow(100_000_000L, 500)); // an estimate and an acked rate: the model is asked
            // the constant model's 800 kbit/s comes back through its target transform: to within 1 bit/s
            assertEquals((Long) t[2], p.probeTargetBps((Long) t[1]), 1.0, java.util.Arrays.toString(t));
        }
        for (double bad : new double[] {-1, 0.005, 4.5, Double.NaN}) {
            assertThrows(IllegalArgumentException.class, () -> new LearnedRatePolicy(model, null,
                    LearnedRatePolicy.Settings.DEFAULTS, FreezeFeedback.Settings.OFF, TrustGate.Settings.OFF, bad));
        }
        // the other policies never cap
        assertEquals(3_000_000L, new GccRatePolicy().probeTargetBps(3_000_000L));
    }

    @Test
    void dangerTable() {
        LearnedRatePolicy.Settings both = new LearnedRatePolicy.Settings(0.8, 0, 0.05, 100, 1);
        LearnedRatePolicy.Settings lossOnly = new LearnedRatePolicy.Settings(0.8, 0, 0.05, 0, 1);
        LearnedRatePolicy.Settings delayOnly = new LearnedRatePolicy.Settings(0.8, 0, 0, 100, 1);
        Object[][] table = {
            // settings, loss, owd ms, dangerous?
            {both, 0.0, 0.0, false},
            {both, 0.049, 99.0, false},
            {both, 0.05, 0.0, true},
            {both, 0.0, 100.0, true},
            {both, 0.3, 400.0, true},
            {lossOnly, 0.0, 500.0, false},
            {lossOnly, 0.05, 0.0, true},
            {delayOnly, 0.9, 0.0, false},
            {delayOnly, 0.0, 150.0, true},
            // the shipped defaults: loss ≥ 5 % only (queueing delay alone never triggers)
            {LearnedRatePolicy.Settings.DEFAULTS, 0.0, 0.0, false},
            {LearnedRatePolicy.Settings.DEFAULTS, 0.049, 1000.0, false},
            {LearnedRatePolicy.Settings.DEFAULTS, 0.05, 0.0, true},
        };
        for (Object[] t : table) {
            LearnedRatePolicy.Settings s = (LearnedRatePolicy.Settings) t[0];
            boolean expected = (Boolean) t[3];
            assertEquals(expected, LearnedRatePolicy.dangerous(row((Double) t[1], (Double) t[2]), s),
                    s + " loss " + t[1] + " owd " + t[2]);
        }
    }

    @Test
    void defaultsAreTheValidationChoice() {
        // docs/model-report.md, round 2: margin 0.7, no low cap, loss ≥ 5 % or 3 silent rows hold the
        // estimate for 0.5 s, up bound 1.5
        assertEquals(new LearnedRatePolicy.Settings(0.7, 0, 0.05, 0, 0.5, 1.5, 3, 0), LearnedRatePolicy.Settings.DEFAULTS);
    }

    @Test
    void lowCapTable() {
        Object[][] table = {
            // mean, low, lowMargin, margin, expected
            {1000.0, 400.0, 1.5, 0.8, 600.0}, // low cap binds: 1.5 × 400 < 0.8 × 1000
            {1000.0, 700.0, 1.5, 0.8, 800.0}, // margin binds
            {1000.0, 0.0, 1.5, 0.9, 0.0}, // an outage predicted: nothing (the bounds keep half the estimate)
            {1000.0, 400.0, 0.0, 0.8, 800.0}, // lowMargin 0: the low model is ignored
            {1000.0, Double.NaN, 1.5, 0.8, 800.0}, // no low model
        };
        for (Object[] t : table) {
            assertEquals((Double) t[4], LearnedRatePolicy.capped((Double) t[0], (Double) t[1], (Double) t[2], (Double) t[3]),
                    1e-9, java.util.Arrays.toString(t));
        }
    }

    @Test
    void boundsKeepHalfTheEstimateAndAtMostOneAndAHalfTimesTheEvidence() {
        assertEquals(500, LearnedRatePolicy.bounded(0, 1000, -1, -1), 1e-9);
        assertEquals(1500, LearnedRatePolicy.bounded(9000, 1000, -1, -1), 1e-9);
        assertEquals(3000, LearnedRatePolicy.bounded(9000, 1000, 2000, 1), 1e-9); // fresh probe
        assertEquals(1500, LearnedRatePolicy.bounded(9000, 1000, 2000, 3), 1e-9); // stale probe
        assertEquals(1250, LearnedRatePolicy.bounded(9000, 1000, -1, -1, 1.25, 0.5), 1e-9); // a tighter up bound
        assertEquals(2500, LearnedRatePolicy.bounded(9000, 1000, 2000, 1, 1.25, 0.5), 1e-9);
        assertEquals(500, LearnedRatePolicy.bounded(0, 1000, -1, -1, 1.25, 0.5), 1e-9); // the floor is its own knob
        assertEquals(120, LearnedRatePolicy.bounded(120, 1000, -1, -1, 1.5, 0), 1e-9); // down bound 0: the prediction
        assertEquals(300, LearnedRatePolicy.bounded(120, 1000, -1, -1, 1.5, 0.3), 1e-9);
    }

    @Test
    void underTheTrustFloorTheEstimateCaps() {
        dev.chorus.media.quality.model.LinkModel generous = dev.chorus.media.quality.model.LinkModel.constant(5000, "constant");
        LearnedRatePolicy.Settings floor = new LearnedRatePolicy.Settings(0.7, 0, 0, 0, 0, 1.5, 0, 200);
        // estimate 150 < floor 200: the estimate, not 1.5 × it
        assertEquals(150_000, new LearnedRatePolicy(generous, null, floor).allowedBps(quietRow(0, 150)));
        // estimate 400 ≥ floor: the bound again (1.5 × 400; 0.7 × 5000 is above it)
        assertEquals(600_000, new LearnedRatePolicy(generous, null, floor).allowedBps(quietRow(0, 400)));
        // no floor: 1.5 × 150
        assertEquals(225_000, new LearnedRatePolicy(generous, null, LearnedRatePolicy.Settings.DEFAULTS)
                .allowedBps(quietRow(0, 150)));
    }

    private static TelemetryRow quietRow(long tNanos, double estimateKbps) {
        double[] f = new double[Feature.COUNT];
        f[Feature.ESTIMATE_KBPS.ordinal()] = estimateKbps;
        f[Feature.ACKED_KBPS.ordinal()] = estimateKbps;
        f[Feature.PROBE_AGE_S.ordinal()] = -1;
        return new TelemetryRow("l", tNanos, f);
    }

    @Test
    void settingsRefuseNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new LearnedRatePolicy.Settings(0, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new LearnedRatePolicy.Settings(0.8, -1, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new LearnedRatePolicy.Settings(0.8, 0, 1.5, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new LearnedRatePolicy.Settings(0.8, 0, 0, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new LearnedRatePolicy.Settings(0.8, 0, 0, 0, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new LearnedRatePolicy.Settings(0.8, 0, 0, 0, 0, 0.9, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new LearnedRatePolicy.Settings(0.8, 0, 0, 0, 0, 1.5, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new LearnedRatePolicy.Settings(0.8, 0, 0, 0, 0, 1.5, 0, -5));
        assertThrows(IllegalArgumentException.class, () -> new LearnedRatePolicy.Settings(0.8, 0, 0, 0, 0, 1.5, 0, 0, -0.1));
        assertThrows(IllegalArgumentException.class, () -> new LearnedRatePolicy.Settings(0.8, 0, 0, 0, 0, 1.5, 0, 0, 1.1));
        assertEquals(0.5, LearnedRatePolicy.Settings.DEFAULTS.downBound());
    }
}
