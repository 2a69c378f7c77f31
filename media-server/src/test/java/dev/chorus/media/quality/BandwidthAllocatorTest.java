package dev.chorus.media.quality;

import static dev.chorus.media.quality.Tracks.K;
import static dev.chorus.media.quality.Tracks.camera;
import static dev.chorus.media.quality.Tracks.describe;
import static dev.chorus.media.quality.Tracks.screen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.chorus.media.quality.VideoTrack.State;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BandwidthAllocatorTest {
    static final long SEC = 1_000_000_000L;
    static final long MS = 1_000_000L;
    /** The table below was worked out by hand for cameraMinFps 15 (15 fps rungs allowed above 180p). */
    static final AllocatorConfig FIFTEEN_FPS = new AllocatorConfig(0.15, SEC, 2 * SEC, 15);

    /**
     * Screen share (540p 300k / 1080p 1.2M), pinned camera in a 720p tile, dominant speaker in a 360p
     * tile, two gallery tiles at 180p and a hidden one. Camera ladder (cameraMinFps 15 drops the
     * 7.5 fps rungs above 180p): 60, 100, 150 | 320, 500 | 1100, 1700 kbps. Fresh allocator, so
     * upgrades may use estimate / 1.15 at once. Floors: 300 + 4 × 60 = 540k.
     */
    @ParameterizedTest(name = "{0} bps")
    @CsvSource(delimiter = '|', value = {
        // estimate | result                                                          | total
        "50000      | SS:paused PIN:paused DOM:paused N1:paused N2:paused N3:hidden  | 0",
        "300000     | SS:0/0 PIN:paused DOM:paused N1:paused N2:paused N3:hidden     | 300000",
        "500000     | SS:0/0 PIN:0/0 DOM:0/0 N1:0/0 N2:paused N3:hidden              | 480000",
        // upgrade budget 869.6k: SS needs 1440 total, PIN straight to 320 (800), DOM to 100 (840)
        "1000000    | SS:0/0 PIN:1/1 DOM:0/1 N1:0/0 N2:0/0 N3:hidden                 | 840000",
        // budget 2173.9k: SS 1080p (1440), PIN 500 (1880), DOM 320 (2140), no room for +40
        "2500000    | SS:1/0 PIN:1/2 DOM:1/1 N1:0/0 N2:0/0 N3:hidden                 | 2140000",
        // budget 3478.3k: PIN 1700 (3080), DOM 320 (3340), gallery round-robin +40 +40 +50 (3470)
        "4000000    | SS:1/0 PIN:2/2 DOM:1/1 N1:0/2 N2:0/1 N3:hidden                 | 3470000",
        "10000000   | SS:1/0 PIN:2/2 DOM:1/2 N1:0/2 N2:0/2 N3:hidden                 | 3700000",
    })
    void table(long estimate, String expected, long total) {
        List<VideoTrack<String>> tracks = room();
        Allocation a = new BandwidthAllocator(FIFTEEN_FPS).allocate(estimate, 0, tracks);
        List<VideoTrack<String>> shown = new ArrayList<>(tracks);
        List<String> keys = List.of("SS", "PIN", "DOM", "N1", "N2", "N3");
        shown.sort(java.util.Comparator.comparingInt(t -> keys.indexOf(t.key())));
        assertEquals(expected.trim(), describe(shown));
        assertEquals(total, a.totalBps());
        assertEquals(3700 * K, a.desiredBps(), "1200 + 1700 + 500 + 150 + 150, hidden excluded");
        assertTrue(a.totalBps() <= estimate);
    }

    static List<VideoTrack<String>> room() {
        // list order deliberately not priority order
        return new ArrayList<>(List.of(
                camera("N1", TrackPriority.NORMAL, 320, 180).speakerRank(1),
                screen("SS"),
                camera("N2", TrackPriority.NORMAL, 320, 180).speakerRank(2),
                camera("PIN", TrackPriority.PINNED, 1280, 720),
                camera("N3", TrackPriority.NORMAL, 0, 0),
                camera("DOM", TrackPriority.DOMINANT_SPEAKER, 640, 360).speakerRank(0)));
    }

    @Test
    void smallTileIsCappedAtItsLayerWhateverTheEstimate() {
        VideoTrack<String> small = camera("small", TrackPriority.PINNED, 320, 180);
        VideoTrack<String> mid = camera("mid", TrackPriority.NORMAL, 600, 340); // 360p covers it
        VideoTrack<String> unknown = camera("unknown", TrackPriority.NORMAL, -1, -1);
        BandwidthAllocator alloc = new BandwidthAllocator();
        Allocation a = alloc.allocate(100_000 * K, 0, List.of(small, mid, unknown));
        assertEquals("small:0/2 mid:1/2 unknown:2/2", describe(List.of(small, mid, unknown)));
        assertEquals(0, small.targetSpatial());
        assertEquals(150 * K + 500 * K + 1700 * K, a.desiredBps());
        assertEquals(a.desiredBps(), a.totalBps());
    }

    @Test
    void hiddenTileGetsNothingAndCostsNothing() {
        VideoTrack<String> hidden = camera("h", TrackPriority.PINNED, 0, 0);
        VideoTrack<String> other = camera("o", TrackPriority.NORMAL, 320, 180);
        Allocation a = new BandwidthAllocator().allocate(10_000 * K, 0, List.of(hidden, other));
        assertEquals(State.HIDDEN, hidden.state());
        assertEquals(0, hidden.bitrateBps());
        assertEquals(-1, hidden.spatial());
        assertEquals(-1, hidden.targetSpatial());
        assertEquals(150 * K, a.desiredBps());
        assertEquals(150 * K, a.totalBps());
    }

    @Test
    void screenShareGetsItsIdealBeforeCamerasImprove() {
        VideoTrack<String> ss = screen("SS");
        List<VideoTrack<String>> tracks = List.of(camera("PIN", TrackPriority.PINNED, -1, -1), ss,
                camera("A", TrackPriority.NORMAL, -1, -1), camera("B", TrackPriority.NORMAL, -1, -1));
        // 1200 + 3 × 60 = 1380 with the 15 % margin: exactly enough for the screen, nothing for cameras
        new BandwidthAllocator().allocate(1380 * K * 115 / 100 + 30 * K, 0, tracks);
        assertEquals("PIN:0/0 SS:1/0 A:0/0 B:0/0", describe(tracks));
        // when 1080p does not fit (budget 869.6k < 1200 + 60), what the screen cannot use goes to the
        // next track in line: PIN straight to 500k
        List<VideoTrack<String>> again = List.of(camera("PIN", TrackPriority.PINNED, -1, -1), screen("SS"));
        new BandwidthAllocator().allocate(1000 * K, 0, again);
        assertEquals("PIN:1/2 SS:0/0", describe(again), "what the screen cannot use goes to the next track");
    }

    @Test
    void byDefaultACameraTakes180pAt30FpsOver360pAt15Fps() {
        // a 30 fps L1T3 camera, 180p 60/100/150k and 360p 180/300/500k, in a large tile, 320k to spend
        VideoTrack<String> cam = new VideoTrack<>("CAM").layerCount(2, 3).resolution(0, 320, 180)
                .resolution(1, 640, 360);
        long[][] bps = {{60 * K, 100 * K, 150 * K}, {180 * K, 300 * K, 500 * K}};
        double[] fps = {7.5, 15, 30};
        for (int s = 0; s < 2; s++) {
            for (int l = 0; l < 3; l++) {
                cam.layer(s, l, fps[l], bps[s][l], true);
            }
        }
        new BandwidthAllocator().allocate(320 * K * 115 / 100, 0, List.of(cam));
        assertEquals("CAM:0/2", describe(cam), "the 15 fps 360p rung is skipped by default");
        VideoTrack<String> again = new VideoTrack<>("CAM");
        again.layerCount(2, 3).resolution(0, 320, 180).resolution(1, 640, 360);
        for (int s = 0; s < 2; s++) {
            for (int l = 0; l < 3; l++) {
                again.layer(s, l, fps[l], bps[s][l], true);
            }
        }
        new BandwidthAllocator(FIFTEEN_FPS).allocate(320 * K * 115 / 100, 0, List.of(again));
        assertEquals("CAM:1/1", describe(again), "with cameraMinFps 15 it would take 360p at 15 fps");
    }

    @Test
    void screenPrefersResolutionCameraPrefersFrameRate() {
        // same layer table (1.25/2.5/5 fps, all below cameraMinFps) for a screen and a pinned camera
        VideoTrack<String> ss = slowTwoLayer(new VideoTrack<>("SS").priority(TrackPriority.SCREEN_SHARE));
        VideoTrack<String> cam = slowTwoLayer(new VideoTrack<>("CAM").priority(TrackPriority.PINNED));
        new BandwidthAllocator().allocate(520 * K, 0, List.of(ss));
        new BandwidthAllocator().allocate(520 * K, 0, List.of(cam));
        assertEquals("SS:1/0", describe(ss), "1080p at 1.25 fps (400k) beats 540p at 5 fps for text");
        assertEquals("CAM:0/2", describe(cam), "a camera skips 1/0 and 1/1 (too slow) and keeps 540p at 5 fps");
    }

    private static VideoTrack<String> slowTwoLayer(VideoTrack<String> t) {
        t.layerCount(2, 3).resolution(0, 960, 540).resolution(1, 1920, 1080);
        long[][] bps = {{100 * K, 150 * K, 200 * K}, {400 * K, 600 * K, 800 * K}};
        double[] fps = {1.25, 2.5, 5};
        for (int s = 0; s < 2; s++) {
            for (int l = 0; l < 3; l++) {
                t.layer(s, l, fps[l], bps[s][l], true);
            }
        }
        return t;
    }

    @Test
    void pauseOrderFollowsPriorityThenSpeakerRank() {
        VideoTrack<String> pin = camera("PIN", TrackPriority.PINNED, 320, 180);
        VideoTrack<String> dom = camera("DOM", TrackPriority.DOMINANT_SPEAKER, 320, 180);
        VideoTrack<String> recent = camera("R1", TrackPriority.NORMAL, 320, 180).speakerRank(1);
        VideoTrack<String> older = camera("R5", TrackPriority.NORMAL, 320, 180).speakerRank(5);
        VideoTrack<String> never = camera("RX", TrackPriority.NORMAL, 320, 180);
        List<VideoTrack<String>> tracks = List.of(never, older, recent, dom, pin);
        BandwidthAllocator alloc = new BandwidthAllocator();
        long now = 0;
        String[] expected = {
            "RX:0/0 R5:0/0 R1:0/0 DOM:0/0 PIN:0/0",
            "RX:paused R5:0/0 R1:0/0 DOM:0/0 PIN:0/0",
            "RX:paused R5:paused R1:0/0 DOM:0/0 PIN:0/0",
            "RX:paused R5:paused R1:paused DOM:0/0 PIN:0/0",
            "RX:paused R5:paused R1:paused DOM:paused PIN:0/0",
            "RX:paused R5:paused R1:paused DOM:paused PIN:paused",
        };
        for (int i = 0; i < expected.length; i++) {
            long estimate = (5 - i) * 60 * K + 10 * K;
            alloc.allocate(estimate, now += 10 * SEC, tracks);
            assertEquals(expected[i], describe(tracks), estimate + " bps");
        }
    }

    @Test
    void aHigherPriorityTrackIsNeverPausedWhileALowerOnePlays() {
        // a cheap low-priority track must not slip in after an expensive high-priority one was paused
        VideoTrack<String> ss = screen("SS");
        VideoTrack<String> cam = camera("CAM", TrackPriority.NORMAL, 320, 180);
        new BandwidthAllocator().allocate(200 * K, 0, List.of(ss, cam));
        assertEquals("SS:paused CAM:paused", describe(List.of(ss, cam)));
    }

    @Test
    void newDominantSpeakerResumesAtOnceAtTheExpenseOfTheGallery() {
        VideoTrack<String> a = camera("A", TrackPriority.NORMAL, 320, 180).speakerRank(0);
        VideoTrack<String> b = camera("B", TrackPriority.NORMAL, 320, 180).speakerRank(1);
        VideoTrack<String> c = camera("C", TrackPriority.NORMAL, 320, 180).speakerRank(2);
        List<VideoTrack<String>> tracks = List.of(a, b, c);
        BandwidthAllocator alloc = new BandwidthAllocator();
        alloc.allocate(130 * K, 0, tracks);
        assertEquals("A:0/0 B:0/0 C:paused", describe(tracks));
        c.priority(TrackPriority.DOMINANT_SPEAKER).speakerRank(0);
        a.speakerRank(1);
        b.speakerRank(2);
        alloc.allocate(130 * K, 100 * MS, tracks); // no hold: this is a swap, not an upgrade
        assertEquals("A:0/0 B:paused C:0/0", describe(tracks));
        assertTrue(c.changed() && b.changed() && !a.changed());
    }

    @Test
    void desiredCountsOnlyArrivingLayersUpToTheTarget() {
        VideoTrack<String> t = camera("T", TrackPriority.NORMAL, -1, -1);
        t.layer(2, 0, 7.5, 0, false).layer(2, 1, 15, 0, false).layer(2, 2, 30, 0, false); // 720p paused
        VideoTrack<String> small = camera("S", TrackPriority.NORMAL, 320, 180);
        BandwidthAllocator alloc = new BandwidthAllocator();
        Allocation a = alloc.allocate(100 * K, 0, List.of(t, small));
        assertEquals(500 * K + 150 * K, a.desiredBps());
        assertEquals(2, t.targetSpatial(), "the target names the paused layer, for LayerDemand");
        assertTrue(a.desiredBps() > a.estimateBps());
        for (long now = 200 * MS; now <= 3 * SEC; now += 200 * MS) {
            a = alloc.allocate(10_000 * K, now, List.of(t, small));
            assertEquals(650 * K, a.desiredBps(), "the estimate does not change what is desired");
        }
        assertEquals("T:1/2", describe(t));
    }

    @Test
    void unavailableAndFallbackLayers() {
        VideoTrack<String> none = new VideoTrack<>("none").layerCount(2, 1).layer(0, 0, 30, 0, true);
        VideoTrack<String> small = camera("small", TrackPriority.NORMAL, 320, 180);
        for (int l = 0; l < 3; l++) {
            small.layer(0, l, Tracks.CAMERA_FPS[l], 1, false); // 180p not arriving
        }
        Allocation a = new BandwidthAllocator().allocate(10_000 * K, 0, List.of(none, small));
        assertEquals(State.UNAVAILABLE, none.state());
        assertEquals("small:1/0", describe(small), "nothing at the target: the lowest layer above it");
        assertEquals(200 * K, a.desiredBps());
    }

    // ---- invariants and cost

    @Test
    void invariantsHoldForRandomRooms() {
        java.util.Random rnd = new java.util.Random(7);
        TrackPriority[] prios = TrackPriority.values();
        for (int room = 0; room < 200; room++) {
            List<VideoTrack<String>> tracks = new ArrayList<>();
            int n = 1 + rnd.nextInt(12);
            for (int i = 0; i < n; i++) {
                int[] size = switch (rnd.nextInt(4)) {
                    case 0 -> new int[] {0, 0};
                    case 1 -> new int[] {-1, -1};
                    default -> new int[] {160 + rnd.nextInt(1200), 90 + rnd.nextInt(700)};
                };
                VideoTrack<String> t = camera("t" + i, prios[rnd.nextInt(prios.length)], size[0], size[1])
                        .speakerRank(rnd.nextInt(5));
                if (rnd.nextInt(5) == 0) {
                    t.layer(2, 2, 30, 0, false);
                }
                tracks.add(t);
            }
            BandwidthAllocator alloc = new BandwidthAllocator();
            for (int run = 0; run < 30; run++) {
                long estimate = (long) (Math.exp(rnd.nextDouble() * Math.log(200)) * 50 * K); // 50k..10M
                Allocation a = alloc.allocate(estimate, run * 300 * MS, tracks);
                assertTrue(a.totalBps() <= estimate);
                long sum = 0;
                boolean pausedSeen = false;
                for (int i = 0; i < a.size(); i++) {
                    VideoTrack<?> t = a.track(i);
                    sum += t.bitrateBps();
                    if (i > 0) {
                        assertFalse(a.track(i).priority.ordinal() < a.track(i - 1).priority.ordinal());
                    }
                    if (t.state() == State.PAUSED) {
                        pausedSeen = true;
                    } else if (t.state() == State.FORWARDING) {
                        assertFalse(pausedSeen, "forwarding after a paused more important track: " + a);
                        assertTrue(t.spatial() <= Math.max(0, t.targetSpatial()), a.toString());
                    }
                }
                assertEquals(sum, a.totalBps());
            }
        }
    }

    @Test
    void allocateDoesNotAllocate() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        List<VideoTrack<String>> tracks = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            tracks.add(camera("t" + i, i == 0 ? TrackPriority.DOMINANT_SPEAKER : TrackPriority.NORMAL,
                    i % 3 == 0 ? -1 : 320, i % 3 == 0 ? -1 : 180).speakerRank(i));
        }
        tracks.add(screen("ss"));
        BandwidthAllocator alloc = new BandwidthAllocator();
        long sink = 0;
        for (int round = 0; round < 2; round++) {
            long before = mx.getThreadAllocatedBytes(tid);
            for (int run = 0; run < 10_000; run++) {
                long estimate = 500 * K + (run % 40) * 200 * K;
                sink += alloc.allocate(estimate, (round * 10_000L + run) * 100 * MS, tracks).totalBps();
            }
            long allocated = mx.getThreadAllocatedBytes(tid) - before;
            if (round == 1) {
                assertTrue(allocated < 64 * 1024, "10,000 runs over 26 tracks allocated " + allocated + " B");
            }
        }
        assertTrue(sink > 0);
    }
}
