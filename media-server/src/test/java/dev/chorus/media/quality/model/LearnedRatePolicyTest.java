package dev.chorus.media.quality.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.quality.LearnedRatePolicy;
import dev.chorus.media.telemetry.Feature;
import dev.chorus.media.telemetry.TelemetryRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LearnedRatePolicyTest {
    private static final LinkModel MODEL = TestModels.tiny();

    private static List<TelemetryRow> rows(long seed) {
        Random r = new Random(seed);
        List<TelemetryRow> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            double[] f = TestModels.features(200 + r.nextDouble() * 3000);
            f[Feature.ACKED_KBPS.ordinal()] = 500;
            f[Feature.PROBE_KBPS.ordinal()] = r.nextDouble() * 6000;
            f[Feature.PROBE_AGE_S.ordinal()] = r.nextDouble() * 4;
            rows.add(new TelemetryRow("l", i * 100_000_000L, f));
        }
        return rows;
    }

    @Test
    void deterministic() {
        List<TelemetryRow> rows = rows(5);
        LearnedRatePolicy a = new LearnedRatePolicy(MODEL);
        LearnedRatePolicy b = new LearnedRatePolicy(MODEL);
        for (TelemetryRow row : rows) {
            assertEquals(a.allowedBps(row), b.allowedBps(row));
        }
    }

    @Test
    void allowedStaysWithinTheEstimateAndProbeBounds() {
        LearnedRatePolicy p = new LearnedRatePolicy(MODEL);
        for (TelemetryRow row : rows(9)) {
            double est = row.get(Feature.ESTIMATE_KBPS);
            double probe = row.get(Feature.PROBE_AGE_S) < 2 ? row.get(Feature.PROBE_KBPS) : 0;
            double kbps = p.allowedBps(row) / 1000.0;
            assertTrue(kbps >= 0.5 * est - 1e-3, kbps + " < half the estimate " + est);
            assertTrue(kbps <= 1.5 * Math.max(est, probe) + 1e-3, kbps + " above 1.5 × max(" + est + ", " + probe + ")");
        }
    }

    @Test
    void wildPredictionsAreClamped() {
        // a model saying 1.2 × estimate: with no fresh probe and a stale one, the cap is 1.5 × estimate
        double[] f = TestModels.features(1000);
        f[Feature.ACKED_KBPS.ordinal()] = 500;
        f[Feature.PROBE_AGE_S.ordinal()] = -1;
        LearnedRatePolicy p = new LearnedRatePolicy(MODEL, null, 1.0);
        long bps = p.allowedBps(new TelemetryRow("l", 0, f));
        assertTrue(bps > 1_000_000 && bps <= 1_500_000, "allowed " + bps);
        assertTrue(p.lastPredictionKbps() > 1000);
    }

    @Test
    void marginScalesThePrediction() {
        double[] f = TestModels.features(1000);
        f[Feature.ACKED_KBPS.ordinal()] = 500;
        f[Feature.PROBE_AGE_S.ordinal()] = -1;
        TelemetryRow row = new TelemetryRow("l", 0, f);
        long full = new LearnedRatePolicy(MODEL, null, 1.0).allowedBps(row);
        long scaled = new LearnedRatePolicy(MODEL, null, 0.8).allowedBps(row);
        assertEquals(full * 0.8, scaled, 2);
    }

    @Test
    void noFeedbackYetUsesTheEstimate() {
        double[] f = TestModels.features(300);
        f[Feature.ACKED_KBPS.ordinal()] = -1;
        assertEquals(300_000, new LearnedRatePolicy(MODEL).allowedBps(new TelemetryRow("l", 0, f)));
    }
    private static TelemetryRow quiet(long timeMs, double estimateKbps) {
        double[] f = TestModels.features(estimateKbps);
        f[Feature.ACKED_KBPS.ordinal()] = 500;
        f[Feature.PROBE_AGE_S.ordinal()] = -1;
        f[Feature.LOSS.ordinal()] = 0;
        f[Feature.OWD_MS.ordinal()] = 5;
        return new TelemetryRow("l", timeMs * 1_000_000L, f);
    }

    private static TelemetryRow lossy(long timeMs, double estimateKbps, double loss) {
        double[] f = quiet(timeMs, estimateKbps).features();
        f[Feature.LOSS.ordinal()] = loss;
        return new TelemetryRow("l", timeMs * 1_000_000L, f);
    }

    @Test
    void lowQuantileModelCapsTheAllocation() {
        LinkModel m = TestModels.tinyWithLow();
        TelemetryRow row = quiet(0, 1000);
        double low = m.predictLowKbps(row);
        assertTrue(low > 300 && low < 700, "low prediction " + low);
        long capped = new LearnedRatePolicy(m, null, new LearnedRatePolicy.Settings(1.0, 1.5, 0, 0, 0)).allowedBps(row);
        assertEquals(Math.min(1.5 * low, m.predictKbps(row)) * 1000, capped, 2);
        assertTrue(capped < 0.9 * m.predictKbps(row) * 1000, "the low cap did not bind: " + capped);
        // lowMargin 0 ignores the low model; a model without one ignores lowMargin
        long ignored = new LearnedRatePolicy(m, null, new LearnedRatePolicy.Settings(1.0, 0, 0, 0, 0)).allowedBps(row);
        assertEquals(m.predictKbps(row) * 1000, ignored, 2);
        long noLow = new LearnedRatePolicy(MODEL, null, new LearnedRatePolicy.Settings(1.0, 1.5, 0, 0, 0)).allowedBps(row);
        assertEquals(MODEL.predictKbps(row) * 1000, noLow, 2);
    }

    @Test
    void observerGetsBothPredictions() {
        LinkModel m = TestModels.tinyWithLow();
        double[] got = new double[2];
        TelemetryRow[] seen = new TelemetryRow[1];
        TelemetryRow row = quiet(0, 1000);
        new LearnedRatePolicy(m, (r, mean, low) -> {
            seen[0] = r;
            got[0] = mean;
            got[1] = low;
        }).allowedBps(row);
        assertSame(row, seen[0]);
        assertEquals(m.predictKbps(quiet(0, 1000)), got[0], 1e-9);
        assertEquals(m.predictLowKbps(quiet(0, 1000)), got[1], 1e-9);
    }

    @Test
    void dangerHoldsTheEstimateAsCapUntilTheHoldTimePassesWithoutDanger() {
        // model ≈ 1.2 × estimate, margin 1: unhindered the policy allows ≈ 1200 on a 1000 estimate
        LearnedRatePolicy p = new LearnedRatePolicy(MODEL, null, new LearnedRatePolicy.Settings(1.0, 0, 0.1, 0, 1.0));
        assertTrue(p.allowedBps(quiet(0, 1000)) > 1_100_000);
        long[][] steps = {
            // time ms, loss (‰), max allowed bit/s or -1 for "above the estimate again"
            {100, 200, 1_000_000}, // loss 20 %: capped at the estimate at once
            {200, 0, 1_000_000},
            {1000, 0, 1_000_000},
            {1099, 0, 1_000_000}, // still within 1 s of the last lossy row
            {1150, 50, -1}, // 5 % is under the threshold: not dangerous, and the hold has run out
        };
        for (long[] s : steps) {
            TelemetryRow row = lossy(s[0], 1000, s[1] / 1000.0);
            long bps = p.allowedBps(row);
            if (s[2] < 0) {
                assertTrue(bps > 1_100_000, "t=" + s[0] + " still capped: " + bps);
            } else {
                assertTrue(bps <= s[2], "t=" + s[0] + " allowed " + bps);
            }
        }
        // a new lossy row re-arms the hold
        assertTrue(p.allowedBps(lossy(1200, 1000, 0.5)) <= 1_000_000);
        assertTrue(p.allowedBps(quiet(2100, 1000)) <= 1_000_000);
        assertTrue(p.allowedBps(quiet(2300, 1000)) > 1_100_000);
    }

    private static TelemetryRow silent(long timeMs, double estimateKbps, double recvKbps) {
        double[] f = quiet(timeMs, estimateKbps).features();
        f[Feature.SENT_KBPS.ordinal()] = 800;
        f[Feature.RECV_KBPS.ordinal()] = recvKbps;
        return new TelemetryRow("l", timeMs * 1_000_000L, f);
    }

    @Test
    void silentRowsInARowHoldTheEstimateAsCap() {
        LearnedRatePolicy p = new LearnedRatePolicy(MODEL, null,
                new LearnedRatePolicy.Settings(1.0, 0, 0, 0, 0.5, 1.5, 3, 0));
        assertTrue(p.allowedBps(silent(0, 1000, 700)) > 1_100_000);
        assertTrue(p.allowedBps(silent(100, 1000, 0)) > 1_100_000); // one silent row: feedback may just be late
        assertTrue(p.allowedBps(silent(200, 1000, 0)) > 1_100_000);
        assertTrue(p.allowedBps(silent(300, 1000, 0)) <= 1_000_000); // the third: an outage
        assertTrue(p.allowedBps(silent(400, 1000, 700)) <= 1_000_000); // held 0.5 s
        assertTrue(p.allowedBps(silent(850, 1000, 700)) > 1_100_000);
        // off by default: the same rows never cap
        LearnedRatePolicy d = new LearnedRatePolicy(MODEL, null, new LearnedRatePolicy.Settings(1.0, 0, 0, 0, 0.5));
        for (int t = 0; t <= 500; t += 100) {
            assertTrue(d.allowedBps(silent(t, 1000, 0)) > 1_100_000, "t=" + t);
        }
    }

    @Test
    void dangerOffByZeroHold() {
        LearnedRatePolicy p = new LearnedRatePolicy(MODEL, null, new LearnedRatePolicy.Settings(1.0, 0, 0.1, 50, 0));
        assertTrue(p.allowedBps(lossy(0, 1000, 0.9)) > 1_100_000);
    }
}
