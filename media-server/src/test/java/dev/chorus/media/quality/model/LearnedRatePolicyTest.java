package dev.chorus.media.quality.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
