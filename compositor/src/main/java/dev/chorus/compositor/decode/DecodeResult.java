package dev.chorus.compositor.decode;

/** Outcome of one {@link VideoDecoder#decode} call. */
public enum DecodeResult {
    /** The output frame was filled with a new picture. */
    PICTURE,
    /** Input accepted, no picture to show (decoder needs more input, or a delta frame while waiting for a keyframe). */
    NONE,
    /** Corrupt or unusable input (counted); the decoder now waits for a keyframe. */
    ERROR
}
