package dev.chorus.media.sim;

/**
 * Recent frames of every layer by id, for the receiver model (a bounded ring per layer: frames older
 * than ~2 minutes are long decoded or given up).
 */
final class FrameRegistry {
    private static final int RING = 4096;
    private final FrameInfo[][] rings;

    FrameRegistry(int layers) {
        rings = new FrameInfo[layers][RING];
    }

    void add(FrameInfo f) {
        rings[f.layer()][f.index() & (RING - 1)] = f;
    }

    /** The frame, or null if unknown or evicted. */
    FrameInfo get(int layer, int index) {
        if (layer < 0 || layer >= rings.length) {
            return null;
        }
        FrameInfo f = rings[layer][index & (RING - 1)];
        return f != null && f.index() == index ? f : null;
    }
}
