package dev.chorus.compositor.rtp;

/** One buffered RTP packet: its payload copied out of the caller's buffer plus what the codec parser found. */
final class PacketSlot {
    boolean used;
    /** Unwrapped (64-bit) sequence number. */
    long seq;
    long timestamp;
    boolean marker;
    /** Empty payload: RTP padding used for probing; carries no media but does consume a sequence number. */
    boolean padding;
    /** The payload failed codec validation; the frame containing it is unusable. */
    boolean corrupt;
    /** Codec-level evidence that this packet begins a frame (VP8 S=1/PID=0, H.264 first NAL of an access unit). */
    boolean frameStart;
    /** This packet carries keyframe data (VP8 key frame header, H.264 IDR slice). */
    boolean keyFrame;
    /** Offset of the codec data inside {@link #payload} (after the VP8 descriptor). */
    int dataOffset;
    byte[] payload = new byte[1500];
    int length;

    void store(byte[] src, int off, int len) {
        if (payload.length < len) {
            payload = new byte[len];
        }
        System.arraycopy(src, off, payload, 0, len);
        length = len;
        padding = len == 0;
        corrupt = false;
        frameStart = false;
        keyFrame = false;
        dataOffset = 0;
    }
}
