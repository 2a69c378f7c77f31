package dev.chorus.media.quality;

import static dev.chorus.media.quality.Tracks.K;
import static dev.chorus.media.quality.Tracks.camera;
import static dev.chorus.media.quality.Tracks.describe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link BandwidthAllocator} over time: margins, holds, no flapping. */
class AllocatorHysteresisTest {
    static final long SEC = 1_000_000_000L;
    static final long MS = 1_000_000L;

    /** Runs every 200 ms for {@code seconds}; returns the number of layer changes after {@code settle}. */
    private static int changesUnder(BandwidthAllocator alloc, VideoTrack<String> t, double center, double swing,
                                    int halfPeriodRuns, int seconds, double settle) {
        int changes = 0;
        List<VideoTrack<String>> list = List.of(t);
        for (int run = 0; run < seconds * 5; run++) {
            boolean high = (run / halfPeriodRuns) % 2 == 0;
            long estimate = (long) (center * (high ? 1 + swing : 1 - swing));
            alloc.allocate(estimate, run * 200 * MS, list);
            if (t.changed() && run * 0.2 >= settle) {
                changes++;
            }
        }
        return changes;
    }

    @Test
    void estimateWobblingFivePercentAroundAnyThresholdDoesNotFlap() {
        long[] ladder = {60 * K, 100 * K, 150 * K, 320 * K, 500 * K, 1100 * K, 1700 * K};
        for (long cost : ladder) {
            for (double center : new double[] {cost, cost * 1.075, cost * 1.15}) { // keep, mid-band, upgrade
                for (int halfPeriod : new int[] {1, 3, 15}) { // 0.2 s, 0.6 s, 3 s
                    VideoTrack<String> t = camera("T", TrackPriority.NORMAL, -1, -1);
                    int changes = changesUnder(new BandwidthAllocator(), t, center, 0.05, halfPeriod, 60, 10);
                    assertEquals(0, changes, "center " + center + ", half period " + halfPeriod + " runs");
                }
            }
        }
        // control: without margin and holds the same wobble does flap
        VideoTrack<String> t = camera("T", TrackPriority.NORMAL, -1, -1);
        BandwidthAllocator noHysteresis = new BandwidthAllocator(new AllocatorConfig(0, 0, 0, 15));
        assertTrue(changesUnder(noHysteresis, t, 1100 * K, 0.05, 3, 60, 10) > 50);
    }

    @Test
    void wholeRoomDoesNotFlapUnderWobble() {
        // many tracks competing: an upgrade of one must not push another down and back up
        for (double center = 200 * K; center < 6000 * K; center *= 1.07) {
            for (int halfPeriod : new int[] {1, 4, 15}) {
                List<VideoTrack<String>> tracks = BandwidthAllocatorTest.room();
                tracks.add(camera("N4", TrackPriority.NORMAL, -1, -1).speakerRank(3));
                tracks.add(camera("N5", TrackPriority.NORMAL, 640, 360).speakerRank(4));
                BandwidthAllocator alloc = new BandwidthAllocator();
                int changes = 0;
                for (int run = 0; run < 300; run++) {
                    boolean high = (run / halfPeriod) % 2 == 0;
                    Allocation a = alloc.allocate((long) (center * (high ? 1.05 : 0.95)), run * 200 * MS, tracks);
                    changes += run >= 50 ? a.changedTracks() : 0;
                }
                assertEquals(0, changes, "center " + (long) center + ", half period " + halfPeriod);
            }
        }
    }

    @Test
    void realDropDowngradesInTheSameRun() {
        VideoTrack<String> t = camera("T", TrackPriority.NORMAL, -1, -1);
        BandwidthAllocator alloc = new BandwidthAllocator();
        for (int run = 0; run < 25; run++) {
            alloc.allocate(3000 * K, run * 200 * MS, List.of(t));
        }
        assertEquals("T:2/2", describe(t));
        Allocation a = alloc.allocate(1000 * K, 5 * SEC, List.of(t));
        assertEquals("T:1/2", describe(t));
        assertTrue(t.changed());
        assertEquals(500 * K, a.totalBps());
        alloc.allocate(40 * K, 5 * SEC + 200 * MS, List.of(t));
        assertEquals("T:paused", describe(t), "even the floor goes when it does not fit");
    }

    /**
     * Regression: the sfu probed towards {@code desiredBps}, but an estimate at the desired rate does not
     * upgrade (the upgrade needs the up-margin's headroom), so after a limit was lifted B waited for the
     * estimator's slow increase (SimulcastAdaptationE2ETest, 15 s recoveries in CI).
     */
    @Test
    void anEstimateAtTheProbeTargetTakesTheIdealLayersAndOneAtTheDesiredRateDoesNot() {
        VideoTrack<String> t = camera("T", TrackPriority.NORMAL, -1, -1);
        BandwidthAllocator alloc = new BandwidthAllocator();
        long now = 0;
        Allocation a = null;
        for (; now < 5 * SEC; now += 100 * MS) {
            a = alloc.allocate(1000 * K, now, List.of(t));
        }
        long desired = a.desiredBps();
        long probeTarget = a.probeTargetBps();
        assertEquals(Math.round(desired * (1 + alloc.config().upMargin())), probeTarget);
        for (long end = now + 5 * SEC; now < end; now += 100 * MS) {
            alloc.allocate(desired, now, List.of(t));
        }
        assertEquals("T:1/2", describe(t), "at exactly the desired rate the upgrade is refused");
        for (long end = now + 5 * SEC; now < end; now += 100 * MS) {
            alloc.allocate(probeTarget, now, List.of(t));
        }
        assertEquals("T:2/2", describe(t), "at the probe target it is taken");
    }

    @Test
    void increaseUpgradesOnlyAfterTheHoldTime() {
        VideoTrack<String> t = camera("T", TrackPriority.NORMAL, -1, -1);
        BandwidthAllocator alloc = new BandwidthAllocator();
        long now = 0;
        for (; now < 10 * SEC; now += 100 * MS) {
            alloc.allocate(1000 * K, now, List.of(t));
        }
        assertEquals("T:1/2", describe(t));
        long step = now;
        long upgradedAt = -1;
        for (; now < step + 5 * SEC && upgradedAt < 0; now += 100 * MS) {
            alloc.allocate(3000 * K, now, List.of(t));
            if (t.changed()) {
                upgradedAt = now;
            }
        }
        assertEquals(step + SEC, upgradedAt, "the estimate must have stayed up for upgradeHold (1 s)");
        assertEquals("T:2/2", describe(t), "then straight to what fits");
    }

    @Test
    void aTrackThatJustChangedWaitsForTheTrackHold() {
        VideoTrack<String> t = camera("T", TrackPriority.NORMAL, -1, -1);
        BandwidthAllocator alloc = new BandwidthAllocator();
        long now = 0;
        for (; now < 10 * SEC; now += 100 * MS) {
            alloc.allocate(3000 * K, now, List.of(t));
        }
        long dip = now;
        alloc.allocate(1000 * K, dip, List.of(t)); // one low sample: downgrade at once
        assertEquals("T:1/2", describe(t));
        long upgradedAt = -1;
        for (now += 100 * MS; now < dip + 5 * SEC && upgradedAt < 0; now += 100 * MS) {
            alloc.allocate(3000 * K, now, List.of(t));
            upgradedAt = t.changed() ? now : -1;
        }
        // the window alone would allow it at dip + 1.1 s; the track hold says dip + 2 s
        assertEquals(dip + 2 * SEC, upgradedAt);
    }

    @Test
    void pausedTrackResumesOnlyWithHeadroom() {
        VideoTrack<String> a = camera("A", TrackPriority.PINNED, 320, 180);
        VideoTrack<String> b = camera("B", TrackPriority.NORMAL, 320, 180);
        List<VideoTrack<String>> tracks = List.of(a, b);
        BandwidthAllocator alloc = new BandwidthAllocator();
        alloc.allocate(100 * K, 0, tracks);
        assertEquals("A:0/0 B:paused", describe(tracks));
        long now = 0;
        for (int run = 0; run < 100; run++) { // B's floor fits (120 ≤ 125) but not with the margin (138)
            alloc.allocate(run % 2 == 0 ? 125 * K : 119 * K, now += 200 * MS, tracks);
            assertEquals("B:paused", describe(b));
        }
        for (int run = 0; run < 20; run++) {
            alloc.allocate(140 * K, now += 200 * MS, tracks);
        }
        assertEquals("A:0/0 B:0/0", describe(tracks));
    }
}
