package dev.chorus.media.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.quality.model.LinkModel;
import dev.chorus.media.telemetry.Feature;
import dev.chorus.media.telemetry.TelemetryRow;
import org.junit.jupiter.api.Test;

/** The trust gate: which seconds it scores, its verdict and its hold, and the learned policy following it. */
class TrustGateTest {
    private static final long ROW = 100_000_000L;
    private static final TrustGate.Settings W10 = new TrustGate.Settings(10, 0.3);

    /** Rows 100 ms apart from {@code from} (row index) on; the prediction and the link as given. */
    private static int feed(TrustGate g, int from, int rows, double predicted, Link link) {
        for (int k = from; k < from + rows; k++) {
            g.onRow(row(k, link), predicted);
        }
        return from + rows;
    }

    private record Link(double recvKbps, int usage, double owdMs, double estimateKbps) {
        static Link full(double recvKbps) {
            return new Link(recvKbps, 2, 20, recvKbps);
        }

        static Link idle(double recvKbps) {
            return new Link(recvKbps, 0, 5, 3 * recvKbps);
        }
    }

    private static TelemetryRow row(int k, Link l) {
        double[] f = new double[Feature.COUNT];
        f[Feature.RECV_KBPS.ordinal()] = l.recvKbps();
        f[Feature.ACKED_KBPS.ordinal()] = l.recvKbps();
        f[Feature.SENT_KBPS.ordinal()] = l.recvKbps();
        f[Feature.USAGE.ordinal()] = l.usage();
        f[Feature.OWD_MS.ordinal()] = l.owdMs();
        f[Feature.ESTIMATE_KBPS.ordinal()] = l.estimateKbps();
        f[Feature.PROBE_AGE_S.ordinal()] = -1;
        return new TelemetryRow("l", k * ROW, f);
    }

    @Test
    void settingsRefuseNonsense() {
        assertFalse(TrustGate.Settings.OFF.enabled());
        assertTrue(W10.enabled());
        assertThrows(IllegalArgumentException.class, () -> new TrustGate.Settings(4, 0.3));
        assertThrows(IllegalArgumentException.class, () -> new TrustGate.Settings(301, 0.3));
        assertThrows(IllegalArgumentException.class, () -> new TrustGate.Settings(10, -0.1));
        assertThrows(IllegalArgumentException.class, () -> new TrustGate.Settings(10, Double.NaN));
    }

    @Test
    void offTheGateTrustsAlwaysAndScoresNothing() {
        TrustGate g = new TrustGate(TrustGate.Settings.OFF);
        feed(g, 0, 200, 5000, Link.full(1000));
        assertTrue(g.trusted());
        assertEquals("off", g.state());
        assertEquals(0, g.scoredTotal());
        assertEquals(1.0, g.trustedShare());
    }

    @Test
    void aLinkThatIsNeverFullIsNeverScoredAndKeepsItsVerdict() {
        TrustGate g = new TrustGate(W10);
        feed(g, 0, 600, 5000, Link.idle(1000)); // a wild prediction, but nothing shows the capacity
        assertEquals(0, g.scoredTotal());
        assertTrue(g.trusted());
        assertEquals("learned", g.state());
    }

    /** Table: which seconds count as "the link was full" (every row of the second as given). */
    @Test
    void whichSecondsAreScored() {
        Object[][] table = {
            // link over the scored second, scored?
            {new Link(1000, 2, 0, 1000), true}, // overusing throughout
            {new Link(1000, 0, 150, 1000), true}, // a standing queue of 150 ms
            {new Link(1000, 0, 100, 1000), true}, // exactly the bound
            {new Link(1000, 0, 99, 1000), false},
            {new Link(1000, 1, 20, 1000), false}, // underusing is not full
            {new Link(-1, 2, 150, 1000), false}, // no feedback yet
        };
        for (Object[] t : table) {
            TrustGate g = new TrustGate(W10);
            feed(g, 0, 11, 1000, (Link) t[0]);
            assertEquals((Boolean) t[1] ? 1 : 0, g.scoredTotal(), "link " + t[0]);
        }
    }

    @Test
    void overuseOnFewerThanHalfOfTheSecondsRowsIsAKeyFrameNotAFullLink() {
        TrustGate g = new TrustGate(W10);
        g.onRow(row(0, Link.idle(1000)), 1000);
        for (int k = 1; k <= 10; k++) {
            g.onRow(row(k, k <= 4 ? Link.full(1000) : Link.idle(1000)), 1000);
        }
        assertEquals(0, g.scoredTotal()); // 4 of 10 rows overusing
        TrustGate h = new TrustGate(W10);
        h.onRow(row(0, Link.idle(1000)), 1000);
        for (int k = 1; k <= 10; k++) {
            h.onRow(row(k, k <= 5 ? Link.full(1000) : Link.idle(1000)), 1000);
        }
        assertEquals(1, h.scoredTotal()); // 5 of 10
    }

    @Test
    void overPredictionsOnAFullLinkTurnTheGateToGccAfterFiftyScoresAndTheHold() {
        TrustGate g = new TrustGate(W10);
        // prediction 2000, the full link carries 1000: error 1.0 on every scored second.
        // Row k is scored when row k + 10 arrives: the 50th score comes with row 59 (5.9 s),
        // the verdict "gcc" must then hold 2 s.
        int k = feed(g, 0, 79, 2000, Link.full(1000));
        assertTrue(g.trusted(), "before the hold is over");
        assertEquals(69, g.scoredTotal());
        assertEquals(1.0, g.medianError(), 1e-9);
        feed(g, k, 1, 2000, Link.full(1000)); // row 79: 7.9 s
        assertFalse(g.trusted());
        assertEquals("gcc", g.state());
    }

    @Test
    void accuratePredictionsKeepTheModelAndTheGateComesBackOnceTheBadSecondsLeaveTheWindow() {
        TrustGate g = new TrustGate(W10);
        int k = feed(g, 0, 300, 1050, Link.full(1000)); // error 0.05
        assertTrue(g.trusted());
        assertEquals(0.05, g.medianError(), 1e-9);
        k = feed(g, k, 150, 3000, Link.full(1000)); // error 2.0 for 15 s
        assertFalse(g.trusted());
        k = feed(g, k, 50, 1050, Link.full(1000)); // 5 s good: still most of the window bad
        assertFalse(g.trusted());
        k = feed(g, k, 100, 1050, Link.full(1000)); // the window is all good again, hold passed
        assertTrue(g.trusted());
        double share = g.trustedShare();
        assertTrue(share > 0.6 && share < 0.9, "share " + share);
    }

    @Test
    void aSingleBadSpellShorterThanTheHoldDoesNotFlipTheVerdict() {
        TrustGate g = new TrustGate(new TrustGate.Settings(5, 0.3));
        int k = feed(g, 0, 100, 1000, Link.full(1000));
        assertTrue(g.trusted());
        // 1.5 s of wild predictions: the median over the 5 s window stays low
        k = feed(g, k, 15, 3000, Link.full(1000));
        k = feed(g, k, 100, 1000, Link.full(1000));
        assertTrue(g.trusted());
        assertEquals(1.0, g.trustedShare());
    }

    @Test
    void againstTheEstimateTheModelIsJudgedByHowMuchWorseItIsThanTheEstimate() {
        // both off by the same amount: the model is no worse than the estimate
        TrustGate both = new TrustGate(new TrustGate.Settings(10, 0, true));
        feed(both, 0, 200, 2000, new Link(1000, 2, 20, 2000));
        assertTrue(both.trusted());
        TrustGate absolute = new TrustGate(new TrustGate.Settings(10, 0.3, false));
        feed(absolute, 0, 200, 2000, new Link(1000, 2, 20, 2000));
        assertFalse(absolute.trusted());
        // the estimate right, the model off
        TrustGate worse = new TrustGate(new TrustGate.Settings(10, 0, true));
        feed(worse, 0, 200, 2000, new Link(1000, 2, 20, 1000));
        assertFalse(worse.trusted());
    }

    @Test
    void rowsFarFasterThanEveryHundredMillisecondsAreNotScoredAndDoNotBreakTheRingsForLaterRows() {
        TrustGate g = new TrustGate(new TrustGate.Settings(5, 0.3));
        long t = 0;
        for (int k = 0; k < 5000; k++, t += 1_000_000L) { // 1 ms apart: no row stays in the ring for a second
            g.onRow(new TelemetryRow("l", t, row(0, Link.full(1000)).features()), 3000);
        }
        assertEquals(0, g.scoredTotal());
        assertTrue(g.trusted());
        for (int k = 0; k < 100; k++, t += ROW) { // then the usual 100 ms rows
            g.onRow(new TelemetryRow("l", t, row(0, Link.full(1000)).features()), 3000);
        }
        assertTrue(g.scoredTotal() >= 80, "scored " + g.scoredTotal());
        assertFalse(g.trusted());
    }

    /** A model predicting 2000 kbit/s on a full 1000 kbit/s link: learned allows 1400 until the gate turns to gcc. */
    @Test
    void theLearnedPolicyFollowsTheEstimateWhileTheGateDistrustsTheModel() {
        LinkModel model = LinkModel.constant(2000, "constant");
        var settings = new LearnedRatePolicy.Settings(0.7, 0, 0, 0, 0, 1.5, 0, 0);
        LearnedRatePolicy gated = new LearnedRatePolicy(model, null, settings, FreezeFeedback.Settings.OFF, W10);
        LearnedRatePolicy plain = new LearnedRatePolicy(model, null, settings);
        for (int k = 0; k < 79; k++) {
            TelemetryRow r = row(k, Link.full(1000));
            assertEquals(plain.allowedBps(r), gated.allowedBps(r), "row " + k);
        }
        assertEquals(1_400_000, plain.allowedBps(row(79, Link.full(1000))));
        assertEquals(1_000_000, gated.allowedBps(row(79, Link.full(1000)))); // the estimate, as gcc
        assertEquals("gcc", gated.gate().state());
    }
}
