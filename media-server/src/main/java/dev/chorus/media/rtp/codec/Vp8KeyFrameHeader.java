package dev.chorus.media.rtp.codec;

/**
 * The frame size in a VP8 keyframe's uncompressed header (RFC 6386 §9.1), read from the first
 * packet of the frame so the server knows each simulcast layer's real resolution.
 */
public final class Vp8KeyFrameHeader {
    private Vp8KeyFrameHeader() {}

    /**
     * Width and height packed as {@code width << 16 | height}, or -1 if {@code payload} is not the
     * start of a keyframe or is too short. {@code off/len} cover the whole RTP payload.
     */
    public static int dimensions(byte[] buf, int off, int len) {
        int d = Vp8PayloadDescriptor.descriptorLength(buf, off, len);
        if (d <= 0 || !Vp8PayloadDescriptor.isStartOfPartition(buf, off, len)
                || Vp8PayloadDescriptor.partitionId(buf, off, len) != 0) {
            return -1;
        }
        int p = off + d;
        if (len - d < 10 || (buf[p] & 0x01) != 0) { // P bit 0 = keyframe
            return -1;
        }
        if ((buf[p + 3] & 0xFF) != 0x9d || (buf[p + 4] & 0xFF) != 0x01 || (buf[p + 5] & 0xFF) != 0x2a) {
            return -1;
        }
        int w = ((buf[p + 6] & 0xFF) | (buf[p + 7] & 0xFF) << 8) & 0x3FFF;
        int h = ((buf[p + 8] & 0xFF) | (buf[p + 9] & 0xFF) << 8) & 0x3FFF;
        return w == 0 || h == 0 ? -1 : w << 16 | h;
    }
}
