package dev.chorus.media.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The receiver's freeze reports as state: baseline, freezes, the window, staleness; and the policy using them. */
class FreezeFeedbackTest {
    private static final long S = 1_000_000_000L;
    private static final FreezeFeedback.Settings ON = new FreezeFeedback.Settings(1.0, 60, 1.0, 15);

    @Test
    void reportsTable() {
        Object[][] table = {
            // reports as {time s, count}..., ask at s, reporting?, freezing?
            {new long[][] {}, 10L, false, false},
            {new long[][] {{5, 0}}, 10L, true, false},
            {new long[][] {{5, 3}}, 10L, true, false}, // the first report is a baseline, not a freeze
            {new long[][] {{5, 0}, {10, 0}}, 12L, true, false},
            {new long[][] {{5, 0}, {10, 1}}, 12L, true, true},
            {new long[][] {{5, 0}, {10, 1}}, 70L, false, true}, // stale (60 s without a report)…
            {new long[][] {{5, 0}, {10, 1}, {65, 1}}, 70L, true, true}, // …a report: still within 60 s of the freeze
            {new long[][] {{5, 0}, {10, 1}, {65, 1}, {71, 1}}, 71L, true, false}, // 61 s after it
            {new long[][] {{5, 4}, {10, 0}}, 12L, true, false}, // the client restarted: a new baseline
            {new long[][] {{5, 4}, {10, 0}, {15, 1}}, 16L, true, true},
            {new long[][] {{5, 0}, {10, -1}}, 12L, true, false}, // nonsense ignored
            {new long[][] {{5, 0}, {10, -1}}, 21L, false, false},
        };
        for (Object[] t : table) {
            FreezeFeedback f = new FreezeFeedback(ON);
            for (long[] r : (long[][]) t[0]) {
                f.onReport(r[0] * S, r[1]);
            }
            long at = (Long) t[1] * S;
            String what = java.util.Arrays.deepToString((long[][]) t[0]) + " at " + t[1];
            assertEquals(t[2], f.reporting(at), "reporting " + what);
            assertEquals(t[3], f.freezing(at), "freezing " + what);
        }
    }

    @Test
    void settingsRefuseNonsense() {
        assertFalse(FreezeFeedback.Settings.OFF.enabled());
        assertTrue(ON.enabled());
        assertThrows(IllegalArgumentException.class, () -> new FreezeFeedback.Settings(-0.1, 60, 1, 15));
        assertThrows(IllegalArgumentException.class, () -> new FreezeFeedback.Settings(1.6, 60, 1, 15));
        assertThrows(IllegalArgumentException.class, () -> new FreezeFeedback.Settings(1, 0, 1, 15));
        assertThrows(IllegalArgumentException.class, () -> new FreezeFeedback.Settings(1, 60, 0.4, 15));
        assertThrows(IllegalArgumentException.class, () -> new FreezeFeedback.Settings(1, 60, 1, Double.NaN));
    }

    /** A model that always predicts 1000 kbit/s; estimate 1000 kbit/s: only the margin and the cap move the result. */
    @Test
    void thePolicyRaisesItsMarginWhileTheReceiverReportsNoFreezesAndCapsAtTheEstimateAfterOne() {
        var model = dev.chorus.media.quality.model.LinkModel.constant(1000, "constant");
        var settings = new LearnedRatePolicy.Settings(0.7, 0, 0, 0, 0, 1.5, 0, 0);
        var feedback = new FreezeFeedback.Settings(1.2, 60, 0.9, 15);
        LearnedRatePolicy p = new LearnedRatePolicy(model, null, settings, feedback);
        LearnedRatePolicy plain = new LearnedRatePolicy(model, null, settings);
        // no reports yet: exactly the policy without feedback (0.7 × 1000)
        assertEquals(plain.allowedBps(row(1)), p.allowedBps(row(1)));
        assertEquals(700_000, p.allowedBps(row(1)));
        // reports, no freezes: margin 1.2 (bounded by 1.5 × the estimate)
        p.onRenderReport(5 * S, 0);
        assertEquals(1_200_000, p.allowedBps(row(6)));
        // a freeze reported: at most 0.9 × the estimate, decreases at once
        p.onRenderReport(10 * S, 2);
        assertEquals(700_000, p.allowedBps(row(11))); // the base margin (0.7 × 1000) is below 0.9 × 1000
        // still within the window
        p.onRenderReport(65 * S, 2);
        assertEquals(700_000, p.allowedBps(row(69)));
        // the window is over and reports keep coming: the raised margin again
        p.onRenderReport(75 * S, 2);
        assertEquals(1_200_000, p.allowedBps(row(75)));
        // the client stops reporting: back to the base margin once the last report is stale
        assertEquals(700_000, p.allowedBps(row(91)));
    }

    @Test
    void whileFreezingTheCapBindsWhenTheBaseMarginWouldAllowMore() {
        var model = dev.chorus.media.quality.model.LinkModel.constant(1400, "constant");
        var settings = new LearnedRatePolicy.Settings(1.0, 0, 0, 0, 0, 1.5, 0, 0);
        LearnedRatePolicy p = new LearnedRatePolicy(model, null, settings, new FreezeFeedback.Settings(1.2, 60, 0.9, 15));
        p.onRenderReport(1 * S, 0);
        p.onRenderReport(6 * S, 1);
        assertEquals(900_000, p.allowedBps(row(7))); // 0.9 × estimate 1000, not 1.0 × 1400
    }

    private static dev.chorus.media.telemetry.TelemetryRow row(long seconds) {
        double[] f = new double[dev.chorus.media.telemetry.Feature.COUNT];
        f[dev.chorus.media.telemetry.Feature.ESTIMATE_KBPS.ordinal()] = 1000;
        f[dev.chorus.media.telemetry.Feature.ACKED_KBPS.ordinal()] = 1000;
        f[dev.chorus.media.telemetry.Feature.RECV_KBPS.ordinal()] = 1000;
        f[dev.chorus.media.telemetry.Feature.SENT_KBPS.ordinal()] = 1000;
        f[dev.chorus.media.telemetry.Feature.PROBE_AGE_S.ordinal()] = -1;
        return new dev.chorus.media.telemetry.TelemetryRow("l", seconds * S, f);
    }
}
