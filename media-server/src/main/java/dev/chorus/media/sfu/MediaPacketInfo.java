package dev.chorus.media.sfu;

/**
 * What the producer learned about the packet it is fanning out, computed once so each consumer's
 * policy need not parse the payload again. One reused instance per producer (worker thread only).
 */
public final class MediaPacketInfo {
    /** The producer layer (simulcast encoding) index, 0 = lowest. */
    public int layer;
    /** VP8 temporal layer id, -1 when the stream has no temporal layers. */
    public int temporalLayer;
    public boolean keyFrame;
    /** First packet of a frame (VP8 S bit on partition 0; H.264 timestamp change). */
    public boolean startOfFrame;
    /** VP8 layer-sync bit: the frame only depends on TL0 frames. */
    public boolean layerSync;

    void clear() {
        layer = 0;
        temporalLayer = -1;
        keyFrame = false;
        startOfFrame = false;
        layerSync = false;
    }
}
