package dev.chorus.media.rtp.codec;

/** Allocation-free inspection of H.264 RTP payloads (RFC 6184). */
public final class H264Payload {
    public static final int NAL_IDR = 5;
    public static final int NAL_SPS = 7;
    public static final int NAL_PPS = 8;
    public static final int STAP_A = 24;
    public static final int FU_A = 28;

    private H264Payload() {
    }

    /** NAL unit type of the payload's first byte (1..23 single NAL, 24 STAP-A, 28 FU-A...), or -1. */
    public static int nalType(byte[] buf, int off, int len) {
        if (buf == null || off < 0 || len <= 0 || off > buf.length - len) {
            return -1;
        }
        return buf[off] & 0x1f;
    }

    private static boolean keyNal(int type) {
        return type == NAL_IDR || type == NAL_SPS;
    }

    /**
     * True if the payload starts (or carries) a key frame: an IDR slice or SPS as a single NAL,
     * inside a STAP-A, or as the first fragment (S bit) of an FU-A.
     */
    public static boolean isKeyframe(byte[] buf, int off, int len) {
        int type = nalType(buf, off, len);
        if (type < 0) {
            return false;
        }
        if (type >= 1 && type <= 23) {
            return keyNal(type);
        }
        if (type == STAP_A) {
            int p = off + 1;
            int end = off + len;
            while (p + 2 < end) {
                int size = ((buf[p] & 0xff) << 8) | (buf[p + 1] & 0xff);
                p += 2;
                if (size == 0 || size > end - p) {
                    return false;
                }
                if (keyNal(buf[p] & 0x1f)) {
                    return true;
                }
                p += size;
            }
            return false;
        }
        if (type == FU_A) {
            return len >= 2 && (buf[off + 1] & 0x80) != 0 && keyNal(buf[off + 1] & 0x1f);
        }
        return false;
    }
}
