package dev.chorus.compositor.audio;

/**
 * The one PCM format the MCU audio path uses between decoders, mixer and encoders: 48 kHz mono
 * signed 16-bit, in 20 ms frames. Fixing it keeps every stage free of format negotiation.
 */
public final class AudioFrames {
    public static final int SAMPLE_RATE = 48_000;
    public static final int FRAME_MILLIS = 20;
    /** Samples per frame, which is also the RTP timestamp step of one frame (Opus clock is 48 kHz). */
    public static final int FRAME_SAMPLES = SAMPLE_RATE / 1000 * FRAME_MILLIS;
    /** RFC 6716 caps one Opus packet at 1275 bytes per frame; 1500 leaves room for multi-frame packets. */
    public static final int MAX_PAYLOAD = 1500;

    private AudioFrames() {}
}
