package dev.chorus.media.quality;

import java.util.Arrays;

/**
 * One video track as one receiver sees it: the caller's input for {@link BandwidthAllocator}, the
 * allocator's result, and the history the allocator's hysteresis needs. Keep one instance per
 * (receiver, track) for as long as the receiver consumes the track — a fresh instance has no history
 * and is allocated as a new track. Inputs may be changed between runs; nothing allocates after
 * construction. Not thread-safe (owned by the receiver's media worker).
 *
 * <p>Layers: spatial index {@code s} (0 = lowest resolution) × temporal index {@code t} (0 = base
 * frame rate). A layer's bitrate is what it costs to forward it <em>including</em> the lower temporal
 * layers of the same spatial layer (what a forwarder sends when it selects (s, t)). A layer that is not
 * arriving is {@code available = false}; so is one with a bitrate of 0.
 *
 * @param <K> the caller's key for logs and lookups (a consumer, a producer id…); not used by the allocator
 */
public final class VideoTrack<K> {
    public static final int MAX_SPATIAL = 4;
    public static final int MAX_TEMPORAL = 4;
    private static final int MAX_LAYERS = MAX_SPATIAL * MAX_TEMPORAL;

    /** What the receiver gets. */
    public enum State {
        /** Forwarding {@link #spatial()}/{@link #temporal()}. */
        FORWARDING,
        /** Not even the lowest layer fits the receiver's bandwidth. */
        PAUSED,
        /** Render size 0x0: the receiver does not show it, nothing is allocated. */
        HIDDEN,
        /** No layer is arriving from the publisher. */
        UNAVAILABLE
    }

    private final K key;
    // ---- input
    TrackPriority priority = TrackPriority.NORMAL;
    int speakerRank = Integer.MAX_VALUE;
    private int renderWidth = -1;
    private int renderHeight = -1;
    private int spatialCount = 1;
    private int temporalCount = 1;
    private final int[] width = new int[MAX_SPATIAL];
    private final int[] height = new int[MAX_SPATIAL];
    private final double[] fps = new double[MAX_LAYERS];
    private final long[] bitrate = new long[MAX_LAYERS];
    private final boolean[] available = new boolean[MAX_LAYERS];
    // ---- per run (BandwidthAllocator): the ladder of layers this track may get, cheapest first
    final int[] ladderS = new int[MAX_LAYERS];
    final int[] ladderT = new int[MAX_LAYERS];
    final long[] ladderBps = new long[MAX_LAYERS];
    int ladderSize;
    int targetSpatial;
    int rung;      // index into the ladder, -1 = nothing
    int prevRung;  // the previous layer mapped onto this run's ladder, -1 = was not forwarding
    int inputIndex;
    // ---- result
    State state; // null until the first run, so that run reports every track as changed
    int spatial = -1;
    int temporal = -1;
    long bitrateBps;
    boolean changed;
    // ---- history
    boolean hasHistory;
    long lastChangeNanos;
    final UpgradeBackoff backoff = new UpgradeBackoff();

    public VideoTrack(K key) {
        this.key = key;
    }

    public K key() {
        return key;
    }

    public VideoTrack<K> priority(TrackPriority priority) {
        this.priority = java.util.Objects.requireNonNull(priority);
        return this;
    }

    /** 0 = the most recent speaker; larger = longer ago; {@code Integer.MAX_VALUE} = never (the default). */
    public VideoTrack<K> speakerRank(int rank) {
        this.speakerRank = rank;
        return this;
    }

    /** The tile size in device pixels; 0x0 = hidden; negative = unknown (treated as large). */
    public VideoTrack<K> renderSize(int width, int height) {
        this.renderWidth = width;
        this.renderHeight = height;
        return this;
    }

    /**
     * Declares the layer structure and clears every layer (unavailable, no resolution) until
     * {@link #resolution} and {@link #layer} describe them again.
     */
    public VideoTrack<K> layerCount(int spatialLayers, int temporalLayers) {
        if (spatialLayers < 1 || spatialLayers > MAX_SPATIAL || temporalLayers < 1 || temporalLayers > MAX_TEMPORAL) {
            throw new IllegalArgumentException("layers " + spatialLayers + "x" + temporalLayers);
        }
        spatialCount = spatialLayers;
        temporalCount = temporalLayers;
        Arrays.fill(available, false);
        Arrays.fill(bitrate, 0);
        Arrays.fill(fps, 0);
        Arrays.fill(width, 0);
        Arrays.fill(height, 0);
        return this;
    }

    /**
     * The resolution of spatial layer {@code s}, also while it is not arriving (as signalled or last
     * seen), so the ideal layer can be named even when it is paused; 0 = unknown.
     */
    public VideoTrack<K> resolution(int s, int width, int height) {
        this.width[s] = width;
        this.height[s] = height;
        return this;
    }

    /** Layer (s, t): frame rate (0 = unknown), measured bitrate and whether it is arriving. */
    public VideoTrack<K> layer(int s, int t, double fps, long bitrateBps, boolean available) {
        if (s >= spatialCount || t >= temporalCount) {
            throw new IndexOutOfBoundsException("layer " + s + "/" + t);
        }
        int i = s * MAX_TEMPORAL + t;
        this.fps[i] = fps;
        this.bitrate[i] = bitrateBps;
        this.available[i] = available && bitrateBps > 0;
        return this;
    }

    // ---- results of the last run

    /** The state after the last run; null before the first. */
    public State state() {
        return state;
    }

    /** The spatial layer to forward, -1 unless {@link State#FORWARDING}. */
    public int spatial() {
        return spatial;
    }

    /** The temporal layer to forward, -1 unless {@link State#FORWARDING}. */
    public int temporal() {
        return temporal;
    }

    public long bitrateBps() {
        return bitrateBps;
    }

    /** True if state or layer differ from the run before (switch layers, maybe request a keyframe). */
    public boolean changed() {
        return changed;
    }

    /**
     * The spatial layer the render size asks for, whether or not it is arriving (for
     * {@link LayerDemand}); -1 when hidden.
     */
    public int targetSpatial() {
        return targetSpatial;
    }

    /** The best arriving layer up to the target, i.e. what this track would get with unlimited bandwidth. */
    public long idealBps() {
        return ladderSize == 0 ? 0 : ladderBps[ladderSize - 1];
    }

    boolean isScreenShare() {
        return priority == TrackPriority.SCREEN_SHARE;
    }

    /** Rebuilds {@link #targetSpatial} and the ladder from the inputs; returns false if hidden. */
    boolean buildLadder(double cameraMinFps) {
        ladderSize = 0;
        rung = -1;
        if (renderWidth == 0 || renderHeight == 0) {
            targetSpatial = -1;
            return false;
        }
        targetSpatial = target();
        for (int s = 0; s <= targetSpatial; s++) {
            int topT = -1;
            for (int t = 0; t < temporalCount; t++) {
                topT = available[s * MAX_TEMPORAL + t] ? t : topT;
            }
            for (int t = 0; t <= topT; t++) {
                int i = s * MAX_TEMPORAL + t;
                if (!available[i]) {
                    continue;
                }
                // a camera above its lowest resolution would rather lose resolution than drop below
                // cameraMinFps (faces need motion); screens keep every rung (text needs pixels)
                boolean slow = fps[i] > 0 && fps[i] < cameraMinFps && t < topT;
                if (ladderSize > 0 && ladderS[0] < s && slow && !isScreenShare()) {
                    continue;
                }
                // the ladder must cost strictly more at every rung, or "upgrade" would save bandwidth
                if (ladderSize > 0 && bitrate[i] <= ladderBps[ladderSize - 1]) {
                    continue;
                }
                add(s, t, bitrate[i]);
            }
        }
        if (ladderSize == 0) { // nothing at or below the target arrives: the lowest layer above will do
            for (int i = (targetSpatial + 1) * MAX_TEMPORAL; i < MAX_LAYERS && ladderSize == 0; i++) {
                if (available[i]) {
                    add(i / MAX_TEMPORAL, i % MAX_TEMPORAL, bitrate[i]);
                }
            }
        }
        return true;
    }

    /** The smallest spatial layer covering the tile in both dimensions; the top one if none does or unknown. */
    private int target() {
        if (renderWidth < 0 || renderHeight < 0) {
            return spatialCount - 1;
        }
        for (int s = 0; s < spatialCount; s++) {
            if (width[s] >= renderWidth && height[s] >= renderHeight) {
                return s;
            }
        }
        return spatialCount - 1;
    }

    private void add(int s, int t, long bps) {
        ladderS[ladderSize] = s;
        ladderT[ladderSize] = t;
        ladderBps[ladderSize] = bps;
        ladderSize++;
    }

    /** The highest rung not above (s, t) in (spatial, temporal) order; -1 if none or s < 0. */
    int rungAtOrBelow(int s, int t) {
        int r = -1;
        for (int i = 0; i < ladderSize; i++) {
            if (ladderS[i] < s || (ladderS[i] == s && ladderT[i] <= t)) {
                r = i;
            }
        }
        return r;
    }

    @Override
    public String toString() {
        return key + "[" + priority + " " + state + (state == State.FORWARDING ? " " + spatial + "/" + temporal : "")
                + " " + bitrateBps + " bps]";
    }
}
