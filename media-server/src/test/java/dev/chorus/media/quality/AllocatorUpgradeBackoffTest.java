package dev.chorus.media.quality;

import static dev.chorus.media.quality.Tracks.K;
import static dev.chorus.media.quality.Tracks.camera;
import static dev.chorus.media.quality.Tracks.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link BandwidthAllocator}'s back-off after failed upgrades ({@link AllocatorConfig#failedUpgradeNanos()}). */
class AllocatorUpgradeBackoffTest {
    static final long SEC = 1_000_000_000L;
    static final long MS = 1_000_000L;
    static final long HIGH = 3000 * K; // 2/2 fits with the margin
    static final long MID = 1000 * K;  // 1/2

    private final VideoTrack<String> t = camera("T", TrackPriority.NORMAL, -1, -1);
    private final List<VideoTrack<String>> tracks = List.of(t);
    private long now;

    /** One run at {@code bps} (a drop); returns its time. */
    private long drop(BandwidthAllocator alloc, long bps) {
        alloc.allocate(bps, now, tracks);
        now += 100 * MS;
        return now - 100 * MS;
    }

    /** Runs every 100 ms at {@code bps} until T is at {@code layer}; returns the time of the run that got there. */
    private long until(BandwidthAllocator alloc, long bps, String layer) {
        for (long start = now; now - start <= 30 * SEC; now += 100 * MS) {
            alloc.allocate(bps, now, tracks);
            if (describe(t).equals(layer)) {
                now += 100 * MS;
                return now - 100 * MS;
            }
        }
        throw new AssertionError("T never reached " + layer + " at " + bps + ": " + describe(t));
    }

    private void runFor(BandwidthAllocator alloc, long bps, long nanos) {
        for (long end = now + nanos; now < end; now += 100 * MS) {
            alloc.allocate(bps, now, tracks);
        }
    }

    /** Drops to 1/2, climbs back to 2/2, keeps it {@code keep}; returns how long the climb took. */
    private long dropAndClimb(BandwidthAllocator alloc, long keep) {
        long dropped = drop(alloc, MID);
        assertEquals("T:1/2", describe(t), "a drop downgrades at once");
        long delay = until(alloc, HIGH, "T:2/2") - dropped;
        runFor(alloc, HIGH, keep);
        return delay;
    }

    @Test
    void eachUpgradeUndoneWithinTheWindowDoublesTheHoldUpToTheMaximum() {
        BandwidthAllocator alloc = new BandwidthAllocator();
        runFor(alloc, HIGH, 10 * SEC);
        assertEquals("T:2/2", describe(t));
        // the first drop comes after 10 s at 2/2 (no failure); each later one 1 s after an upgrade (a failure)
        long[] expected = {2 * SEC, 4 * SEC, 8 * SEC, 16 * SEC, 16 * SEC};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], dropAndClimb(alloc, SEC), "climb " + i);
        }
    }

    /**
     * A new allocator, 10 s at HIGH (so T's back-off from anything before is over), then {@code n} drops
     * and climbs back to 2/2, each kept 1 s: all but the first climb failed.
     */
    private BandwidthAllocator afterClimbs(int n) {
        BandwidthAllocator alloc = new BandwidthAllocator();
        runFor(alloc, HIGH, 10 * SEC);
        for (int i = 0; i < n; i++) {
            dropAndClimb(alloc, SEC);
        }
        return alloc;
    }

    @Test
    void anUpgradeThatLastsResetsTheHold() {
        BandwidthAllocator alloc = afterClimbs(2);
        assertEquals(8 * SEC, dropAndClimb(alloc, 4 * SEC), "two failures before this climb; it lasts");
        assertEquals(2 * SEC, dropAndClimb(alloc, SEC), "back to the normal hold");
    }

    @Test
    void theBackoffHoldsOnlyTheFailedLayerAndAboveNotARecoveryFromDeeper() {
        BandwidthAllocator alloc = afterClimbs(3);
        long dropped = drop(alloc, 200 * K); // 2/2's third failure: 16 s
        assertEquals("T:0/2", describe(t));
        long mid = until(alloc, HIGH, "T:1/2");
        assertEquals(2 * SEC, mid - dropped, "1/2 never failed: the normal hold");
        assertEquals(16 * SEC, until(alloc, HIGH, "T:2/2") - mid,
                "2/2 did: 16 s from the last change (1/2 lasting says nothing about 2/2)");
    }

    @Test
    void aClearlyBetterLinkIsTriedAtTheNormalHold() {
        long escape = (long) (HIGH * UpgradeBackoff.ESCAPE);
        assertEquals(16 * SEC, climbAfterThreeFailures(escape - 50 * K), "not clearly better: the back-off holds");
        assertEquals(2 * SEC, climbAfterThreeFailures(escape),
                "a lifted limit: the budget is 1.5 × the one 2/2 failed at, the normal hold");
    }

    /** 2/2 fails three times at a budget of HIGH / 1.15; then the drop and the climb at {@code bps}. */
    private long climbAfterThreeFailures(long bps) {
        BandwidthAllocator alloc = afterClimbs(3);
        long dropped = drop(alloc, MID);
        return until(alloc, bps, "T:2/2") - dropped;
    }

    /**
     * Regression: failed resumes backed off too, and real Chromium behind a replayed trace went 16–25 s
     * without video (docs/real-check.md, set 5) while the estimate hovered around the lowest layer.
     */
    @Test
    void resumingAPausedTrackIsNeverBackedOff() {
        BandwidthAllocator alloc = new BandwidthAllocator();
        runFor(alloc, HIGH, 10 * SEC);
        for (int i = 0; i < 5; i++) {
            long paused = drop(alloc, 20 * K);
            assertEquals("T:paused", describe(t));
            assertEquals(2 * SEC, until(alloc, 200 * K, "T:0/2") - paused, "resume " + i + ": the normal hold");
            runFor(alloc, 200 * K, 100 * MS); // kept 0.1 s, then the next drop pauses it: a failed resume
        }
    }

    @Test
    void anUpgradeUndoneByAPauseStillCountsAsFailed() {
        BandwidthAllocator alloc = afterClimbs(1);  // at 2/2 after a climb 1 s ago
        long paused = drop(alloc, 20 * K);
        assertEquals("T:paused", describe(t));
        long resumed = until(alloc, MID, "T:1/2");
        assertEquals(2 * SEC, resumed - paused, "the resume itself: normal hold");
        assertEquals(4 * SEC, until(alloc, HIGH, "T:2/2") - resumed, "2/2 failed once: 4 s");
    }

    @Test
    void withoutTheBackoffEveryClimbWaitsTheTrackHold() {
        BandwidthAllocator alloc = new BandwidthAllocator(new AllocatorConfig(0.15, SEC, 2 * SEC, 20));
        runFor(alloc, HIGH, 10 * SEC);
        for (int i = 0; i < 5; i++) {
            assertEquals(2 * SEC, dropAndClimb(alloc, SEC));
        }
    }

    /**
     * A link that gives a probe (and, for a second or two, the estimate) room for 2/2 but cannot keep it:
     * every 5 s the estimate is low for 2 s and high for 3 s. Without the back-off X goes up and down in
     * every cycle; with it the attempts thin out to about one per 16 s hold.
     */
    @Test
    void aLinkThatCannotKeepWhatAProbeFoundIsTriedLessOften() {
        int plain = switchesOnAnUnkeepableLink(new BandwidthAllocator(new AllocatorConfig(0.15, SEC, 2 * SEC, 20)));
        int backoff = switchesOnAnUnkeepableLink(new BandwidthAllocator());
        assertEquals(2 * 24, plain, "up and down in each of the 24 cycles after the first");
        assertTrue(backoff <= 2 * 8, "with the back-off: " + backoff);
    }

    private int switchesOnAnUnkeepableLink(BandwidthAllocator alloc) {
        VideoTrack<String> x = camera("X", TrackPriority.NORMAL, -1, -1);
        int switches = 0;
        for (int run = 0; run < 1250; run++) { // 125 s, 25 cycles of 5 s
            boolean high = run % 50 >= 20; // 2 s low, 3 s high
            alloc.allocate(high ? HIGH : MID, run * 100 * MS, List.of(x));
            switches += run >= 50 && x.changed() ? 1 : 0;
        }
        return switches;
    }
}
