package dev.chorus.media.bwe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** InterArrival grouping, the trendline detector and the AIMD rules, each in isolation. */
class DelayBasedEstimatorTest {
    private static final long MS = 1_000_000L;

    @Test
    void groupsPacketsSentWithinFiveMilliseconds() {
        InterArrival ia = new InterArrival();
        // group A: sent at 0,2,4 ms; group B: 20,22 ms; group C: 40 ms
        assertFalse(ia.add(0, 100 * MS));
        assertFalse(ia.add(2 * MS, 103 * MS));
        assertFalse(ia.add(4 * MS, 106 * MS));
        assertFalse(ia.add(20 * MS, 121 * MS)); // B starts; A has no predecessor
        assertFalse(ia.add(22 * MS, 125 * MS));
        assertTrue(ia.add(40 * MS, 140 * MS));  // C starts: delta B - A
        assertEquals(18 * MS, ia.sendDeltaNanos());      // 22 - 4
        assertEquals(19 * MS, ia.arrivalDeltaNanos());   // 125 - 106
        assertEquals(125 * MS, ia.arrivalNanos());
    }

    @Test
    void burstsCompressedByTheNetworkJoinTheGroup() {
        InterArrival ia = new InterArrival();
        ia.add(0, 100 * MS);
        // sent 10 ms later but arrived 1 ms later (queued behind the first): same burst
        assertFalse(ia.add(10 * MS, 101 * MS));
        assertFalse(ia.add(30 * MS, 131 * MS));
        assertTrue(ia.add(50 * MS, 151 * MS));
        assertEquals(20 * MS, ia.sendDeltaNanos()); // 30 - 10: the burst's last send time
    }

    @Test
    void reorderedPacketsAreSkipped() {
        InterArrival ia = new InterArrival();
        ia.add(0, 100 * MS);
        ia.add(20 * MS, 120 * MS);
        assertFalse(ia.add(10 * MS, 130 * MS)); // sent before the current group began
        assertTrue(ia.add(40 * MS, 140 * MS));
        assertEquals(20 * MS, ia.arrivalDeltaNanos());
    }

    /** Feeds groups every 10 ms whose one-way delay changes by {@code slopeMs} per group. */
    private static BandwidthUsage feed(TrendlineEstimator t, int groups, double slopeMs, long[] clock) {
        BandwidthUsage u = BandwidthUsage.NORMAL;
        for (int i = 0; i < groups; i++) {
            clock[0] += 10 * MS;
            u = t.update(10 * MS, (long) ((10 + slopeMs) * MS), clock[0], clock[0]);
        }
        return u;
    }

    @Test
    void trendlineDetectsOveruseAndUnderuse() {
        long[] clock = {0};
        TrendlineEstimator t = new TrendlineEstimator();
        assertEquals(BandwidthUsage.NORMAL, feed(t, 100, 0, clock));
        assertEquals(BandwidthUsage.OVERUSING, feed(t, 15, 2, clock), "queue grows 2 ms per 10 ms");
        assertTrue(t.trend() > 0.05);
        assertEquals(BandwidthUsage.UNDERUSING, feed(t, 30, -2, clock), "queue drains");
        assertEquals(BandwidthUsage.NORMAL, feed(t, 200, 0, clock));
    }

    @Test
    void trendlineIgnoresJitterAndAdaptsItsThreshold() {
        long[] clock = {0};
        TrendlineEstimator t = new TrendlineEstimator();
        java.util.Random r = new java.util.Random(3);
        long prevDelay = 0;
        int overuses = 0;
        for (int i = 0; i < 2000; i++) {
            clock[0] += 10 * MS;
            long delay = (long) (Math.abs(r.nextGaussian()) * 2 * MS); // per-packet queuing jitter, no trend
            if (t.update(10 * MS, 10 * MS + delay - prevDelay, clock[0], clock[0]) == BandwidthUsage.OVERUSING) {
                overuses++;
            }
            prevDelay = delay;
        }
        assertEquals(0, overuses);
        assertTrue(t.thresholdMs() >= 6 && t.thresholdMs() < 12.5, "shrinks towards the noise: " + t.thresholdMs());
        // a sustained moderate slope (signal a little above the threshold) drives it up via k_up ...
        feed(t, 3000, 0.8, clock);
        double adapted = t.thresholdMs();
        assertTrue(adapted > 12.5 && adapted <= 600, "threshold " + adapted);
        // ... while a huge one (more than 15 ms above it) is treated as a spike and not chased
        feed(t, 500, 20, clock);
        assertTrue(t.thresholdMs() < adapted + 5, "not chased towards ~480 ms: " + t.thresholdMs());
    }

    @Test
    void aimdGrowsEightPercentPerSecondWhileCapacityIsUnknown() {
        AimdRateControl rc = new AimdRateControl(30_000, 1_000_000, 20_000_000);
        long t = 0;
        rc.update(BandwidthUsage.NORMAL, -1, t);
        for (int i = 0; i < 20; i++) {
            rc.update(BandwidthUsage.NORMAL, -1, t += 50 * MS);
        }
        assertEquals(1_080_000, rc.estimateBps(), 2_000);
        assertEquals(AimdRateControl.State.INCREASE, rc.state());
    }

    @Test
    void aimdDecreasesToEightyFivePercentOfAckedAndHoldsOnUnderuse() {
        AimdRateControl rc = new AimdRateControl(30_000, 2_000_000, 20_000_000);
        rc.setRtt(100 * MS);
        rc.update(BandwidthUsage.NORMAL, 1_900_000, 0);
        rc.update(BandwidthUsage.OVERUSING, 1_500_000, 50 * MS);
        assertEquals(1_275_000, rc.estimateBps());
        assertEquals(AimdRateControl.State.HOLD, rc.state());
        assertEquals(1_500_000, rc.linkCapacityBps());
        assertFalse(rc.timeToReduceFurther(100 * MS, 1_200_000), "once per RTT");
        assertTrue(rc.timeToReduceFurther(150 * MS, 1_200_000));
        assertTrue(rc.timeToReduceFurther(60 * MS, 500_000), "at once when throughput collapsed");
        rc.update(BandwidthUsage.UNDERUSING, 1_200_000, 200 * MS);
        assertEquals(1_275_000, rc.estimateBps(), "hold while the queue drains");
        // near the known capacity growth is additive: about one packet per (RTT + 100 ms)
        rc.update(BandwidthUsage.NORMAL, 1_250_000, 250 * MS);
        long before = rc.estimateBps();
        long expected = rc.nearMaxIncreaseBpsPerSecond();
        rc.update(BandwidthUsage.NORMAL, 1_250_000, 1250 * MS);
        long perSecond = rc.estimateBps() - before;
        assertEquals(expected, perSecond, 1_000);
        // 1.275 Mbit/s at 30 fps = 5 packets of 8.5 kbit per frame; one per 200 ms = 42.5 kbit/s per s
        assertEquals(42_500, perSecond, 1_000);
    }

    @Test
    void aimdDoesNotGrowFarPastWhatIsAcked() {
        AimdRateControl rc = new AimdRateControl(30_000, 1_000_000, 20_000_000);
        long t = 0;
        for (int i = 0; i < 200; i++) {
            rc.update(BandwidthUsage.NORMAL, 300_000, t += 50 * MS); // app-limited sender
        }
        assertEquals(1_000_000, rc.estimateBps(), "never grows while 1.5 x acked + 10k is below it");
        AimdRateControl low = new AimdRateControl(30_000, 300_000, 20_000_000);
        for (int i = 0; i < 200; i++) {
            low.update(BandwidthUsage.NORMAL, 300_000, t += 50 * MS);
        }
        assertEquals(460_000, low.estimateBps());
    }

    @Test
    void estimatorHalvesOnOveruseBeforeThroughputIsKnownAndTakesProbesOnlyUpwards() {
        DelayBasedEstimator e = new DelayBasedEstimator(30_000, 1_000_000, 20_000_000);
        long t = 0;
        // a steadily growing queue: every 10 ms group arrives 3 ms later than sent
        long arrival = 0;
        for (int i = 0; i < 60; i++) {
            t += 10 * MS;
            arrival += 13 * MS;
            e.onPacket(t, arrival, t);
        }
        assertEquals(BandwidthUsage.OVERUSING, e.usage());
        e.update(-1, -1, t);
        assertEquals(500_000, e.estimateBps());
        e.update(-1, -1, t + 100 * MS);
        assertEquals(500_000, e.estimateBps(), "at most every 200 ms");
        e.update(-1, -1, t + 200 * MS);
        assertEquals(250_000, e.estimateBps());
        assertFalse(e.raiseTo(200_000, t));
        assertTrue(e.raiseTo(900_000, t));
        assertEquals(900_000, e.estimateBps());
    }
}
