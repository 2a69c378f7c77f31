package dev.chorus.media.bwe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LossBasedEstimatorTest {
    private static final long MS = 1_000_000L;
    private static final long NO_LIMIT = Long.MAX_VALUE;

    @Test
    void lowLossGrowsEightPercentPerSecond() {
        LossBasedEstimator e = new LossBasedEstimator(30_000, 1_000_000, 20_000_000);
        e.update(NO_LIMIT, 0, 0);
        e.onPacketsLost(0, 100, 0);
        e.update(NO_LIMIT, 0, 1000 * MS);
        assertEquals(1_081_000, e.estimateBps(), 1_000);
        e.onPacketsLost(1, 100, 1000 * MS); // 1 %: still grows
        e.update(NO_LIMIT, 0, 2000 * MS);
        assertEquals(1_081_000 * 1.08 + 1000, e.estimateBps(), 2_000);
    }

    @Test
    void moderateLossHolds() {
        LossBasedEstimator e = new LossBasedEstimator(30_000, 1_000_000, 20_000_000);
        e.update(NO_LIMIT, 0, 0);
        e.onPacketsLost(5, 100, 0);
        for (long t = 100 * MS; t <= 3000 * MS; t += 100 * MS) {
            e.update(NO_LIMIT, 0, t);
        }
        assertEquals(1_000_000, e.estimateBps());
        assertEquals(0.05, e.lossFraction(), 1e-9);
    }

    @Test
    void highLossCutsOncePerReport() {
        LossBasedEstimator e = new LossBasedEstimator(30_000, 1_000_000, 20_000_000);
        e.update(NO_LIMIT, 0, 0);
        e.onPacketsLost(20, 100, 0);
        e.update(NO_LIMIT, 50 * MS, 10 * MS);
        assertEquals(900_000, e.estimateBps()); // x (1 - 0.5 * 0.2)
        e.update(NO_LIMIT, 50 * MS, 500 * MS);
        assertEquals(900_000, e.estimateBps(), "same report: no second cut");
        e.onPacketsLost(20, 100, 200 * MS);
        e.update(NO_LIMIT, 50 * MS, 300 * MS);
        assertEquals(900_000, e.estimateBps(), "new report, but not 300 ms + RTT since the last cut");
        e.update(NO_LIMIT, 50 * MS, 360 * MS);
        assertEquals(810_000, e.estimateBps());
    }

    @Test
    void smallBatchesAreAggregatedBeforeJudging() {
        LossBasedEstimator e = new LossBasedEstimator(30_000, 1_000_000, 20_000_000);
        e.update(NO_LIMIT, 0, 0);
        e.onPacketsLost(1, 5, 0); // 20 % of 5 packets is not a measurement yet
        e.update(NO_LIMIT, 0, 10 * MS);
        assertEquals(1_000_000, e.estimateBps());
        e.onPacketsLost(0, 15, 20 * MS); // 1 of 20 = 5 %
        assertEquals(0.05, e.lossFraction(), 1e-9);
    }

    @Test
    void receiverReportsAndLimits() {
        LossBasedEstimator e = new LossBasedEstimator(30_000, 1_000_000, 20_000_000);
        e.update(NO_LIMIT, 0, 0);
        e.onFractionLost(128, 0); // 50 %
        e.update(NO_LIMIT, 0, 10 * MS);
        assertEquals(750_000, e.estimateBps());
        e.onFractionLost(0, 20 * MS);
        e.update(600_000, 0, 30 * MS);
        assertEquals(600_000, e.estimateBps(), "capped by the delay-based/REMB limit");
        e.setEstimate(10);
        assertEquals(30_000, e.estimateBps(), "clamped to min");
        e.setEstimate(Long.MAX_VALUE);
        assertEquals(20_000_000, e.estimateBps(), "clamped to max");
    }

    @Test
    void staleReportsChangeNothing() {
        LossBasedEstimator e = new LossBasedEstimator(30_000, 1_000_000, 20_000_000);
        e.update(NO_LIMIT, 0, 0);
        e.update(NO_LIMIT, 0, 5000 * MS);
        assertEquals(1_000_000, e.estimateBps(), "no report yet: no growth");
        e.onPacketsLost(0, 100, 5000 * MS);
        e.update(NO_LIMIT, 0, 20_000 * MS);
        e.update(NO_LIMIT, 0, 21_000 * MS);
        assertEquals(1_000_000, e.estimateBps(), "report too old");
    }
}
