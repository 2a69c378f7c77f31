package dev.chorus.media.sim;

import java.util.List;

/**
 * The synthetic publisher: a browser-like three-layer simulcast camera plus audio.
 *
 * @param layerBps         target bitrate of each spatial layer, lowest first (browser defaults 150k/500k/1.5M)
 * @param layerHeights     their heights (16:9), for the allocator's ladder
 * @param fps              camera frame rate
 * @param temporalLayers   1 or 3 (VP8 L1T3 with libwebrtc's pattern: 40 % / 20 % / 40 % of the bits)
 * @param keyFrameIntervalNanos periodic key frames per layer (staggered); on-demand ones come from PLIs
 * @param keyFrameFactor   a key frame's size in mean frames
 * @param sizeSigma        frame-size variation: log-normal σ around the rate's mean
 * @param audioBps         audio (Opus-like, 20 ms packets)
 * @param pliDelayNanos    from a PLI leaving the server to the publisher encoding the key frame
 * @param layerSwitchDelayNanos from the server asking to pause or resume an encoding to it happening
 */
public record SourceConfig(List<Long> layerBps, List<Integer> layerHeights, double fps, int temporalLayers,
        long keyFrameIntervalNanos, double keyFrameFactor, double sizeSigma, long audioBps, long pliDelayNanos,
        long layerSwitchDelayNanos) {
    public static final SourceConfig DEFAULT = new SourceConfig(List.of(150_000L, 500_000L, 1_500_000L),
            List.of(180, 360, 720), 30, 3, 10_000_000_000L, 4, 0.2, 50_000, 50_000_000L, 150_000_000L);

    public SourceConfig {
        layerBps = List.copyOf(layerBps);
        layerHeights = List.copyOf(layerHeights);
        if (layerBps.isEmpty() || layerBps.size() > 3 || layerHeights.size() != layerBps.size() || !(fps > 0)
                || (temporalLayers != 1 && temporalLayers != 3) || keyFrameIntervalNanos <= 0 || keyFrameFactor < 1
                || sizeSigma < 0 || audioBps <= 0) {
            throw new IllegalArgumentException("bad source config " + this);
        }
    }

    public int layers() {
        return layerBps.size();
    }

    /** What the top layer and audio take together: the most a receiver can usefully get. */
    public long maxUsefulBps() {
        return layerBps.get(layerBps.size() - 1) + audioBps;
    }
}
