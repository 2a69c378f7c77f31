package dev.chorus.media.bench;

import dev.chorus.media.quality.BandwidthAllocator;
import dev.chorus.media.quality.TrackPriority;
import dev.chorus.media.quality.VideoTrack;
import dev.chorus.media.speaker.DominantSpeakerDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The per-receiver and per-room policies that run beside the packet path:
 * {@link BandwidthAllocator#allocate} (one run for one receiver, every 100–500 ms per receiver) and
 * {@link DominantSpeakerDetector#onAudioLevel} (every audio packet, ≈50/s per source, with its
 * {@code tick} amortised). Both should cost far less than forwarding and allocate nothing
 * ({@code -prof gc}: ≈0 B/op).
 *
 * <p>Allocator input: {@code tracks} simulcast cameras (3 spatial × 3 temporal layers, 60 kbps –
 * 1.7 Mbps) — one dominant speaker, one pinned in a large tile, every third tile of unknown size, the
 * rest 180p tiles, one hidden — plus a screen share; the estimate cycles through 64 values from
 * 100 kbps to 12.7 Mbps so every phase (pauses, restores, upgrades, hold-offs) runs; the clock
 * advances 100 ms per run. Detector input: 50 sources, one talking, the others sending silence.
 *
 * <p>Run: {@code scripts/bench-forwarding AllocatorBenchmark} (builds the classpath and runs JMH with
 * {@code -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc} unless overridden, e.g. {@code -p tracks=25}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AllocatorBenchmark {
    private static final long MS = 1_000_000L;

    /** One receiver's allocator and tracks. */
    @State(Scope.Thread)
    public static class Receiver {
        @Param({"9", "25", "100"})
        public int tracks;

        final List<VideoTrack<String>> list = new ArrayList<>();
        final long[] estimates = new long[64];
        BandwidthAllocator allocator;
        int run;

        @Setup(Level.Trial)
        public void setup() {
            allocator = new BandwidthAllocator();
            list.clear();
            for (int i = 0; i < tracks; i++) {
                TrackPriority p = i == 0 ? TrackPriority.DOMINANT_SPEAKER
                        : i == 1 ? TrackPriority.PINNED : TrackPriority.NORMAL;
                VideoTrack<String> t = camera("cam" + i).priority(p).speakerRank(i);
                if (i == 1) {
                    t.renderSize(1280, 720);
                } else if (i == 2) {
                    t.renderSize(0, 0); // hidden
                } else if (i % 3 == 0) {
                    t.renderSize(-1, -1); // unknown
                } else {
                    t.renderSize(320, 180);
                }
                list.add(t);
            }
            list.add(new VideoTrack<>("screen").priority(TrackPriority.SCREEN_SHARE).layerCount(2, 1)
                    .resolution(0, 960, 540).resolution(1, 1920, 1080)
                    .layer(0, 0, 5, 300_000, true).layer(1, 0, 5, 1_200_000, true));
            for (int i = 0; i < estimates.length; i++) {
                estimates[i] = 100_000L + ((i * 37) % 64) * 200_000L; // a scrambled sweep
            }
            run = 0;
        }

        private static VideoTrack<String> camera(String key) {
            long[][] bps = {{60_000, 100_000, 150_000}, {200_000, 320_000, 500_000}, {700_000, 1_100_000, 1_700_000}};
            int[][] res = {{320, 180}, {640, 360}, {1280, 720}};
            double[] fps = {7.5, 15, 30};
            VideoTrack<String> t = new VideoTrack<String>(key).layerCount(3, 3);
            for (int s = 0; s < 3; s++) {
                t.resolution(s, res[s][0], res[s][1]);
                for (int l = 0; l < 3; l++) {
                    t.layer(s, l, fps[l], bps[s][l], true);
                }
            }
            return t;
        }
    }

    /** One room's detector with 50 sources. */
    @State(Scope.Thread)
    public static class Room {
        static final int SOURCES = 50;
        final String[] sources = new String[SOURCES];
        DominantSpeakerDetector<String> detector;
        long packet;

        @Setup(Level.Trial)
        public void setup() {
            detector = new DominantSpeakerDetector<>();
            for (int i = 0; i < SOURCES; i++) {
                sources[i] = "src" + i;
                detector.addSource(sources[i]);
            }
            packet = 0;
        }
    }

    /** One allocation run for one receiver. */
    @Benchmark
    public long allocate(Receiver r) {
        int run = r.run++;
        return r.allocator.allocate(r.estimates[run & 63], run * 100 * MS, r.list).totalBps();
    }

    /** One audio packet (sources take turns, 20 ms apart per source), with a tick every 100 ms. */
    @Benchmark
    public boolean audioLevel(Room room) {
        long p = room.packet++;
        int source = (int) (p % Room.SOURCES);
        long now = (p / Room.SOURCES) * 20 * MS;
        boolean talking = source == (int) ((p / (Room.SOURCES * 300)) % Room.SOURCES); // new talker every 6 s
        room.detector.onAudioLevel(room.sources[source], talking ? 25 : 120, talking, now);
        return source == 0 && (p / Room.SOURCES) % 5 == 0 && room.detector.tick(now);
    }
}
