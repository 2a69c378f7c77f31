package dev.chorus.media.bwe;

import static dev.chorus.media.bwe.LinkSimulator.MS;
import static dev.chorus.media.bwe.LinkSimulator.S;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.rtcp.TransportCcFeedback;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The whole estimator against {@link LinkSimulator}'s bottleneck, plus REMB fallback and allocation. */
class SendSideBandwidthEstimatorTest {
    private static final long HIGH = 2_500_000;
    private static final long LOW = 300_000;
    private static final long PROPAGATION = 25 * MS;
    private static final int QUEUE_BYTES = 60_000; // ~190 ms at 2.5 Mbit/s, 1.6 s at 300 kbit/s

    @Test
    void followsCapacityStepsDownAndUp() {
        LinkSimulator sim = new LinkSimulator(BweConfig.DEFAULT,
                t -> t < 20 * S ? HIGH : t < 40 * S ? LOW : HIGH, PROPAGATION, QUEUE_BYTES);
        sim.runUntil(60 * S);
        String trace = sim.trace();

        // (a) start at 1 Mbit/s on 2.5 Mbit/s: above 1.5 Mbit/s well within 10 s, never long above 1.3x
        long up = sim.firstTimeTargetAbove(0, 1_500_000);
        assertTrue(up >= 0 && up <= 10 * S, "ramp-up at " + up + trace);
        assertTrue(sim.longestStretchAbove(0, 20 * S, (long) (1.3 * HIGH)) <= S, "overshoot" + trace);
        assertTrue(sim.targetAt(19_900 * MS) > 1_500_000, "stays up" + trace);

        // (b) step down to 300 kbit/s: below 350 kbit/s within 3 s, the queue drains
        long down = sim.firstTimeTargetBelow(20 * S, 350_000);
        assertTrue(down >= 0 && down <= 23 * S, "step-down reaction at " + down + trace);
        assertTrue(sim.longestStretchAbove(21 * S, 40 * S, (long) (1.3 * LOW)) <= S, "overshoot at 300k" + trace);
        assertTrue(sim.maxQueueDelay(20 * S, 23 * S) > 500 * MS, "the step must have built a queue" + trace);
        assertTrue(sim.medianQueueDelay(28 * S, 40 * S) < 100 * MS, "the standing queue drained" + trace);
        // probes of 12 kB at twice the estimate bump a 300 kbit/s queue by up to ~160 ms, briefly
        assertTrue(sim.maxQueueDelay(28 * S, 40 * S) < 350 * MS, "queue delay recovered" + trace);

        // (c) back to 2.5 Mbit/s: above 1.5 Mbit/s within 15 s, without standing queues
        long again = sim.firstTimeTargetAbove(40 * S, 1_500_000);
        assertTrue(again >= 0 && again <= 55 * S, "recovery at " + again + trace);
        assertTrue(sim.longestStretchAbove(40 * S, 60 * S, (long) (1.3 * HIGH)) <= S, "overshoot after" + trace);
        assertTrue(sim.maxQueueDelay(50 * S, 60 * S) < 150 * MS, "queue after recovery" + trace);
        assertEquals(0, sim.pacer.packetsDropped());
    }

    @Test
    void anApplicationLimitedSenderThatKeepsProbingStaysNearTheLink() {
        // SimulcastAdaptationE2ETest's middle phase: the high layer overflows 300 kbit/s with a 100 ms queue, then
        // the receiver sits on a low layer (150 kbit/s with audio) wanting one the link cannot carry, so the
        // allocator keeps probing and each probe builds the queue. The estimate must stay near the link: each
        // overuse backs off to 0.85 x the acked rate, which, for an application-limited sender, is well below it.
        long link = 300_000;
        LinkSimulator sim = new LinkSimulator(BweConfig.DEFAULT, t -> link, 10 * MS, 3_750);
        sim.mediaCapBps = 500_000; // the high layer overflows the link first...
        sim.desiredBps = 450_000;
        sim.runUntil(5 * S);
        sim.mediaCapBps = 150_000; // ...then the allocator moves to the low layer
        sim.runUntil(60 * S);
        String trace = sim.trace(500 * MS);
        long median = sim.medianTarget(20 * S, 60 * S);
        assertTrue(median >= 0.75 * link, "median estimate " + median + " on a " + link + " link" + trace);
        assertTrue(sim.longestStretchAbove(20 * S, 60 * S, (long) (1.3 * link)) <= S, "overshoot" + trace);
    }

    @Test
    void rampsUpWithoutProbingToo() {
        // Rate control alone (8 %/s multiplicative): slower, but there within ~10 s.
        LinkSimulator sim = new LinkSimulator(BweConfig.DEFAULT, t -> HIGH, PROPAGATION, QUEUE_BYTES);
        sim.probing = false;
        sim.runUntil(20 * S);
        String trace = sim.trace();
        long up = sim.firstTimeTargetAbove(0, 1_500_000);
        assertTrue(up >= 0 && up <= 10 * S, "ramp-up at " + up + trace);
        assertTrue(sim.longestStretchAbove(0, 20 * S, (long) (1.3 * HIGH)) <= S, "overshoot" + trace);
    }

    @Test
    void randomLossReducesTheTarget() {
        LinkSimulator lossy = new LinkSimulator(BweConfig.DEFAULT, t -> 10_000_000, PROPAGATION, 200_000);
        LinkSimulator clean = new LinkSimulator(BweConfig.DEFAULT, t -> 10_000_000, PROPAGATION, 200_000);
        lossy.desiredBps = clean.desiredBps = 8_000_000;
        lossy.runUntil(10 * S);
        clean.runUntil(10 * S);
        long before = lossy.bwe.targetBitrateBps();
        assertTrue(before > 5_000_000, "ramped up before the loss" + lossy.trace());
        lossy.randomLoss = 0.2;
        lossy.runUntil(20 * S);
        clean.runUntil(20 * S);
        assertTrue(lossy.bwe.targetBitrateBps() < before / 4, "20 % loss cuts the rate" + lossy.trace());
        assertTrue(lossy.bwe.snapshot(lossy.now()).lossFraction() > 0.1, "loss seen" + lossy.trace());
        // the delay-based estimate is not what pulled it down
        assertTrue(lossy.bwe.snapshot(lossy.now()).delayBasedBps() > 5_000_000);
        assertTrue(clean.bwe.targetBitrateBps() > 5_000_000, "control run without loss" + clean.trace());
    }

    @Test
    void resumingVideoProbesBackToTheRateBeforeThePause() {
        LinkSimulator[] runs = new LinkSimulator[2];
        for (int k = 0; k < 2; k++) {
            LinkSimulator sim = new LinkSimulator(BweConfig.DEFAULT, t -> HIGH, PROPAGATION, QUEUE_BYTES);
            sim.runUntil(10 * S);
            // video pauses; a lossy spell meanwhile drags the estimate down on audio alone
            sim.desiredBps = 0; // no allocator probes: only the recovery probe may help
            sim.videoPaused = true;
            sim.bwe.onVideoPaused(sim.now());
            sim.randomLoss = 0.3;
            sim.runUntil(20 * S);
            sim.randomLoss = 0;
            sim.videoPaused = false;
            if (k == 0) {
                sim.bwe.onVideoResumed(sim.now());
            }
            sim.runUntil(25 * S);
            runs[k] = sim;
        }
        String trace = runs[0].trace();
        assertTrue(runs[0].targetAt(19_900 * MS) < 500_000, "the pause lowered the estimate" + trace);
        long back = runs[0].firstTimeTargetAbove(20 * S, 1_500_000);
        assertTrue(back >= 0 && back <= 22 * S, "recovered at " + back + trace);
        assertTrue(runs[0].targetAt(24_900 * MS) > 1_500_000, "and stays" + trace);
        assertTrue(runs[1].targetAt(24_900 * MS) < 1_000_000, "without the probe: slow" + runs[1].trace());
    }

    @Test
    void rembIsTheFallbackWithoutTransportFeedback() {
        SendSideBandwidthEstimator bwe = new SendSideBandwidthEstimator(BweConfig.DEFAULT);
        long t = 0;
        bwe.onPacketSent(0, 1200, -1, t);
        bwe.onRemb(400_000, t += 100 * MS);
        assertEquals(400_000, bwe.targetBitrateBps());
        assertTrue(bwe.snapshot(t).rembFallback());
        // REMB higher than the loss-based estimate: loss-based growth (8 %/s on fresh loss reports) leads
        bwe.onRemb(3_000_000, t += 100 * MS);
        assertEquals(400_000, bwe.targetBitrateBps());
        for (int i = 0; i < 10; i++) {
            bwe.onReceiverReport(0, 50, t += S);
            bwe.onRemb(3_000_000, t);
        }
        long grown = bwe.targetBitrateBps();
        assertTrue(grown > 800_000 && grown < 1_000_000, "8 %/s for 10 s from 400k: " + grown);
        // receiver reports loss above 10 %: the loss-based estimate cuts
        bwe.onReceiverReport(64, 50, t += S);
        assertTrue(bwe.targetBitrateBps() < grown * 0.9, "loss cut " + bwe.targetBitrateBps());

        // transport-wide feedback arrives: REMB no longer caps
        SendSideBandwidthEstimator tcc = new SendSideBandwidthEstimator(BweConfig.DEFAULT);
        tcc.onPacketSent(0, 1200, -1, 0);
        tcc.onTransportCcFeedback(feedbackFor(0, 0), 60 * MS);
        tcc.onRemb(100_000, 70 * MS);
        assertEquals(1_000_000, tcc.targetBitrateBps());
        assertFalse(tcc.snapshot(70 * MS).rembFallback());
        // ... until it stops for more than a second
        tcc.onRemb(100_000, 1_200 * MS);
        assertEquals(100_000, tcc.targetBitrateBps());
        assertTrue(tcc.snapshot(1_200 * MS).rembFallback());
    }

    /** Feedback saying packet {@code seq} arrived at {@code arrivalUs}. */
    private static TransportCcFeedback feedbackFor(int seq, long arrivalUs) {
        byte[] buf = new byte[64];
        int n = new dev.chorus.media.rtcp.TransportCcFeedbackWriter().write(buf, 0, 64, 1, 2, seq, 0,
                new long[] {arrivalUs}, 0, 1);
        TransportCcFeedback fb = new TransportCcFeedback();
        assertTrue(fb.parse(buf, 12, n - 12 - (buf[n - 1] & 3)));
        return fb;
    }

    @Test
    void snapshotReportsTheParts() {
        LinkSimulator sim = new LinkSimulator(BweConfig.DEFAULT, t -> HIGH, PROPAGATION, QUEUE_BYTES);
        sim.runUntil(5 * S);
        BweSnapshot s = sim.bwe.snapshot(sim.now());
        assertEquals(sim.bwe.targetBitrateBps(), s.targetBps());
        assertEquals(Math.min(s.delayBasedBps(), s.lossBasedBps()), s.targetBps());
        assertTrue(s.ackedBps() > 1_000_000 && s.ackedBps() <= HIGH * 1.05, "acked " + s.ackedBps());
        assertTrue(s.rttMillis() >= 50 && s.rttMillis() < 150, "rtt " + s.rttMillis());
        assertTrue(s.probesSent() >= 2 && s.probesSucceeded() >= 1, s.toString());
    }

    @Test
    void packetAndFeedbackPathsDoNotAllocate() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        SendSideBandwidthEstimator bwe = new SendSideBandwidthEstimator(BweConfig.DEFAULT);
        TccFeedbackGenerator gen = new TccFeedbackGenerator();
        TransportCcFeedback fb = new TransportCcFeedback();
        byte[] buf = new byte[1500];
        long seq = 0;
        long t = 0;
        for (int round = 0; round < 2; round++) { // round 0 warms up
            long before = mx.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 10_000; i++) {
                t += 2 * MS;
                bwe.onPacketSent(seq, 1200, -1, t);
                if (i % 10 != 3) { // 10 % loss
                    gen.onPacket((int) seq, t + 30 * MS + (i % 7) * 100_000L);
                }
                seq++;
                while (gen.due(t)) {
                    int n = gen.write(buf, 0, 1, 2, t);
                    if (n == 0 || !fb.parse(buf, 12, n - 12 - ((buf[0] & 0x20) != 0 ? buf[n - 1] : 0))) {
                        throw new AssertionError("feedback");
                    }
                    bwe.onTransportCcFeedback(fb, t + 30 * MS);
                }
                bwe.nextProbe(t);
            }
            long allocated = mx.getThreadAllocatedBytes(tid) - before;
            if (round == 1) {
                assertTrue(allocated < 16 * 1024, "allocated " + allocated + " B for 10,000 packets");
            }
        }
        assertTrue(bwe.targetBitrateBps() > 0);
    }
}
