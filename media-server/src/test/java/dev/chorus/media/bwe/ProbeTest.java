package dev.chorus.media.bwe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** ProbeController scheduling/pacing and ProbeBitrateEstimator results. */
class ProbeTest {
    private static final long MS = 1_000_000L;

    /** Sends what the controller asks in 1200-byte packets every ms until the cluster ends. */
    private static int[] runCluster(ProbeController pc, long[] clock) {
        int id = -1;
        int packets = 0;
        long bytes = 0;
        long start = clock[0];
        for (int i = 0; i < 2000; i++) {
            ProbeCluster p = pc.nextProbe(clock[0]);
            if (p == null) {
                if (id >= 0 && pc.activeClusterId(clock[0]) != id) {
                    break;
                }
            } else {
                if (id >= 0 && p.id() != id) {
                    break; // the next cluster started
                }
                id = p.id();
                for (int left = p.bytes(); left > 0; left -= 1200) {
                    pc.onPacketSent(p.id(), 1200, clock[0]);
                    packets++;
                    bytes += 1200;
                }
            }
            clock[0] += MS;
        }
        return new int[] {id, packets, (int) bytes, (int) ((clock[0] - start) / MS)};
    }

    @Test
    void startProbesAtThreeAndSixTimesTheStartRate() {
        ProbeController pc = new ProbeController(20_000_000);
        long[] clock = {0};
        pc.onStart(1_000_000, 0);
        assertTrue(pc.isProbing());
        int[] first = runCluster(pc, clock);
        assertEquals(3_000_000, pc.targetOf(first[0]));
        assertTrue(first[1] >= 5, "at least 5 packets: " + first[1]);
        assertTrue(first[3] >= 15, "at least 15 ms: " + first[3]);
        // paced at the target: 5 packets of 1200 B at 3 Mbit/s take ~13 ms after the first
        assertTrue(first[3] <= 25, "not dragged out: " + first[3]);
        int[] second = runCluster(pc, clock);
        assertEquals(6_000_000, pc.targetOf(second[0]));
        assertEquals(2, pc.clustersStarted());
        assertFalse(pc.isProbing());
        assertNull(pc.nextProbe(clock[0]));
    }

    @Test
    void mediaSentDuringAClusterCountsTowardsIt() {
        ProbeController pc = new ProbeController(20_000_000);
        pc.requestRecoveryProbe(2_000_000, 500_000, 0);
        int id = pc.activeClusterId(0);
        assertTrue(id > 0);
        for (int i = 0; i < 5; i++) {
            pc.onPacketSent(id, 1200, i * 3 * MS); // media at ~3 Mbit/s fills it by itself
        }
        assertEquals(id, pc.activeClusterId(16 * MS), "not before 15 ms");
        pc.onPacketSent(id, 1200, 16 * MS);
        assertEquals(-1, pc.activeClusterId(16 * MS));
    }

    @Test
    void allocatorRequestsAreCappedAndRateLimited() {
        ProbeController pc = new ProbeController(20_000_000);
        long[] clock = {0};
        assertFalse(pc.requestProbe(500_000, 800_000, 0), "desired below the estimate");
        assertTrue(pc.requestProbe(5_000_000, 800_000, 0));
        int[] c = runCluster(pc, clock);
        assertEquals(1_600_000, pc.targetOf(c[0]), "at most twice the estimate");
        // result ~ the target: exploration doubles it, capped at what was desired
        pc.onProbeResult(c[0], 1_550_000, 800_000, clock[0]);
        int[] next = runCluster(pc, clock);
        assertEquals(3_100_000, pc.targetOf(next[0]));
        // falls short: exploration ends; the next allocator probe waits
        pc.onProbeResult(next[0], 1_700_000, 1_550_000, clock[0]);
        assertFalse(pc.isProbing());
        assertFalse(pc.requestProbe(5_000_000, 1_700_000, clock[0] + 100 * MS), "rate-limited");
        assertTrue(pc.requestProbe(5_000_000, 1_700_000, 2_100 * MS));
        assertEquals(2, pc.clustersSucceeded());
    }

    @Test
    void failingProbesBackOff() {
        ProbeController pc = new ProbeController(20_000_000);
        long[] clock = {0};
        long t = 0;
        long[] gaps = new long[4];
        long last = -1;
        int n = 0;
        while (n < gaps.length && t < 60_000 * MS) {
            if (pc.requestProbe(5_000_000, 1_000_000, t)) {
                if (last >= 0) {
                    gaps[n++] = t - last;
                }
                last = t;
                clock[0] = t;
                int[] c = runCluster(pc, clock);
                pc.onProbeResult(c[0], 950_000, 1_000_000, clock[0]); // found nothing
            }
            t += 100 * MS;
        }
        assertEquals(2_000 * MS, gaps[0], 200 * MS);
        assertEquals(4_000 * MS, gaps[1], 200 * MS, "doubled");
        assertEquals(5_000 * MS, gaps[3], 200 * MS, "capped");
        assertEquals(0, pc.clustersSucceeded());
    }

    @Test
    void probeEstimateOfASaturatedLink() {
        ProbeBitrateEstimator e = new ProbeBitrateEstimator();
        // sent at 4 Mbit/s (1200 B every 2.4 ms), received at 2 Mbit/s (every 4.8 ms)
        for (int i = 0; i < 10; i++) {
            e.onPacket(7, i * 2_400_000L, 1_000 * MS + i * 4_800_000L, 1200, 0);
        }
        int[] ids = new int[8];
        long[] bps = new long[8];
        assertEquals(1, e.collectResults(ids, bps));
        assertEquals(7, ids[0]);
        assertEquals(0.95 * 2_000_000, bps[0], 10_000);
        assertEquals(0, e.collectResults(ids, bps), "reported once until updated");
    }

    @Test
    void probeEstimateOfAnUnsaturatedLinkIsTheSendRate() {
        ProbeBitrateEstimator e = new ProbeBitrateEstimator();
        for (int i = 0; i < 6; i++) {
            e.onPacket(3, i * 4_800_000L, 500 * MS + i * 4_700_000L, 1200, 0);
        }
        int[] ids = new int[8];
        long[] bps = new long[8];
        assertEquals(1, e.collectResults(ids, bps));
        assertEquals(2_000_000, bps[0], 10_000);
    }

    @Test
    void invalidProbeClustersGiveNoResult() {
        ProbeBitrateEstimator e = new ProbeBitrateEstimator();
        int[] ids = new int[8];
        long[] bps = new long[8];
        for (int i = 0; i < 3; i++) { // too few packets
            e.onPacket(1, i * MS, i * MS, 1200, 0);
        }
        for (int i = 0; i < 10; i++) { // received at less than half the send rate
            e.onPacket(2, i * MS, i * 3 * MS, 1200, 0);
        }
        for (int i = 0; i < 10; i++) { // all at the same instant
            e.onPacket(3, 0, 0, 1200, 0);
        }
        e.onPacket(-1, 0, 0, 1200, 0); // not a probe
        assertEquals(0, e.collectResults(ids, bps));
        assertNotNull(e);
    }
}
