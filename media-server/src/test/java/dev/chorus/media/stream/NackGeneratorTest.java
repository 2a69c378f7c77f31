package dev.chorus.media.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NackGeneratorTest {
    private static final long MS = 1_000_000L;

    @Test
    void retriesSpacedByRttAndGivesUpAfterMaxRetries() {
        NackGenerator g = new NackGenerator(512, 256, 3, 10_000 * MS, 100 * MS);
        g.setRttNanos(40 * MS);
        int[] out = new int[16];
        g.onPacket(10, 0);
        g.onPacket(12, 0);
        assertEquals(1, g.collectNacks(0, out));
        assertEquals(11, out[0]);
        assertEquals(0, g.collectNacks(39 * MS, out));
        assertEquals(1, g.collectNacks(40 * MS, out));
        assertEquals(1, g.collectNacks(80 * MS, out));
        assertEquals(0, g.collectNacks(200 * MS, out)); // 3 tries used: dropped
        assertEquals(0, g.trackedCount());
        assertEquals(1, g.givenUpCount());
    }

    @Test
    void dropsTooOldEntries() {
        NackGenerator g = new NackGenerator(512, 256, 10, 500 * MS, 100 * MS);
        int[] out = new int[16];
        g.onPacket(0, 0);
        g.onPacket(3, 0);
        assertEquals(2, g.collectNacks(0, out));
        assertEquals(0, g.collectNacks(501 * MS, out));
        assertEquals(0, g.trackedCount());
    }

    @Test
    void hugeGapClearsAndRequestsKeyframe() {
        NackGenerator g = new NackGenerator();
        g.onPacket(0, 0);
        g.onPacket(5, 0);
        assertEquals(4, g.trackedCount());
        assertFalse(g.takeKeyframeRequest());
        g.onPacket(5 + 300, 0);
        assertEquals(0, g.trackedCount());
        assertTrue(g.takeKeyframeRequest());
        assertFalse(g.takeKeyframeRequest());
    }

    @Test
    void boundedTrackingEvictsOldestAndOutIsBounded() {
        NackGenerator g = new NackGenerator(64, 8, 10, 10_000 * MS, 100 * MS);
        g.onPacket(0, 0);
        g.onPacket(6, 0);  // 1..5
        g.onPacket(12, 0); // 7..11 -> 10 total, evict 1 and 2
        assertEquals(8, g.trackedCount());
        assertFalse(g.isMissing(1));
        assertFalse(g.isMissing(2));
        assertTrue(g.isMissing(3));
        int[] out = new int[5];
        assertEquals(5, g.collectNacks(0, out));
        assertEquals(3, out[0]);
        assertEquals(8, out[4]);
        // entries beyond the window are evicted as the window slides
        g.onPacket(12 + 64 + 1, 0); // gap 64 > maxTracked: cleared
        assertEquals(0, g.trackedCount());
    }

    @Test
    void windowSlideDropsStaleEntries() {
        NackGenerator g = new NackGenerator(16, 8, 10, 10_000 * MS, 100 * MS);
        g.onPacket(0, 0);
        g.onPacket(2, 0);      // 1 missing
        for (long s = 3; s <= 20; s++) {
            g.onPacket(s, 0);
        }
        assertEquals(0, g.trackedCount()); // slot of 1 reused by 17
        assertFalse(g.isMissing(1));
        assertEquals(1, g.givenUpCount());
    }
}
