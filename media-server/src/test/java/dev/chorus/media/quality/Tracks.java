package dev.chorus.media.quality;

import java.util.List;
import java.util.stream.Collectors;

/** Test fixtures: typical simulcast layer tables, and a compact description of a run's result. */
final class Tracks {
    static final long K = 1000;
    /** Camera: 180p/360p/720p × 7.5/15/30 fps; bitrates include the lower temporal layers. */
    static final int[][] CAMERA_RES = {{320, 180}, {640, 360}, {1280, 720}};
    static final double[] CAMERA_FPS = {7.5, 15, 30};
    static final long[][] CAMERA_BPS = {{60 * K, 100 * K, 150 * K}, {200 * K, 320 * K, 500 * K},
            {700 * K, 1100 * K, 1700 * K}};

    private Tracks() {}

    static VideoTrack<String> camera(String key, TrackPriority p, int renderW, int renderH) {
        VideoTrack<String> t = new VideoTrack<>(key).priority(p).renderSize(renderW, renderH).layerCount(3, 3);
        for (int s = 0; s < 3; s++) {
            t.resolution(s, CAMERA_RES[s][0], CAMERA_RES[s][1]);
            for (int l = 0; l < 3; l++) {
                t.layer(s, l, CAMERA_FPS[l], CAMERA_BPS[s][l], true);
            }
        }
        return t;
    }

    /** Screen share: 540p 300 kbps and 1080p 1.2 Mbps, one temporal layer, size unknown. */
    static VideoTrack<String> screen(String key) {
        return new VideoTrack<>(key).priority(TrackPriority.SCREEN_SHARE).layerCount(2, 1)
                .resolution(0, 960, 540).resolution(1, 1920, 1080)
                .layer(0, 0, 5, 300 * K, true).layer(1, 0, 5, 1200 * K, true);
    }

    /** "key:s/t" per track in list order, or "key:paused", "key:hidden", "key:unavailable". */
    static String describe(List<VideoTrack<String>> tracks) {
        return tracks.stream().map(Tracks::describe).collect(Collectors.joining(" "));
    }

    static String describe(VideoTrack<String> t) {
        return t.key() + ":" + switch (t.state()) {
            case FORWARDING -> t.spatial() + "/" + t.temporal();
            case PAUSED -> "paused";
            case HIDDEN -> "hidden";
            case UNAVAILABLE -> "unavailable";
        };
    }
}
