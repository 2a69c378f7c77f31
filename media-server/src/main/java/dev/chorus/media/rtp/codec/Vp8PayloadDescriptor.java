package dev.chorus.media.rtp.codec;

/**
 * Static, allocation-free accessors for the VP8 RTP payload descriptor (RFC 7741 section 4.2)
 * at the start of an RTP payload {@code buf[off, off+len)}.
 *
 * <pre>
 *      X R N S R PID        required
 * X:   I L T K RSV          if X
 * I:   M PictureID(7|15)    if I (M=1: 15 bits over two bytes)
 * L:   TL0PICIDX            if L
 * T/K: TID(2) Y KEYIDX(5)   if T or K
 * </pre>
 * Getters for absent fields return -1; every method returns -1/false on a malformed descriptor.
 */
public final class Vp8PayloadDescriptor {
    private Vp8PayloadDescriptor() {
    }

    private static boolean ok(byte[] buf, int off, int len) {
        return buf != null && off >= 0 && len > 0 && off <= buf.length - len;
    }

    /** Descriptor length in bytes, or -1 if malformed / truncated. */
    public static int descriptorLength(byte[] buf, int off, int len) {
        if (!ok(buf, off, len)) {
            return -1;
        }
        if ((buf[off] & 0x80) == 0) {
            return 1;
        }
        if (len < 2) {
            return -1;
        }
        int x = buf[off + 1];
        int n = 2;
        if ((x & 0x80) != 0) {
            if (len < n + 1) {
                return -1;
            }
            n += (buf[off + n] & 0x80) != 0 ? 2 : 1;
        }
        if ((x & 0x40) != 0) {
            n++;
        }
        if ((x & 0x30) != 0) {
            n++;
        }
        return n <= len ? n : -1;
    }

    public static boolean isStartOfPartition(byte[] buf, int off, int len) {
        return descriptorLength(buf, off, len) > 0 && (buf[off] & 0x10) != 0;
    }

    /**
     * True for the first packet of a frame: S=1 and PID=0 (RFC 7741 4.2). A frame may have several
     * partitions, each starting with S=1, so S alone is not enough.
     */
    public static boolean isStartOfFrame(byte[] buf, int off, int len) {
        return descriptorLength(buf, off, len) > 0 && (buf[off] & 0x17) == 0x10;
    }

    public static int partitionId(byte[] buf, int off, int len) {
        return descriptorLength(buf, off, len) > 0 ? buf[off] & 0x07 : -1;
    }

    public static boolean isNonReference(byte[] buf, int off, int len) {
        return descriptorLength(buf, off, len) > 0 && (buf[off] & 0x20) != 0;
    }

    private static int xBits(byte[] buf, int off, int len) {
        if (descriptorLength(buf, off, len) < 0 || (buf[off] & 0x80) == 0) {
            return 0;
        }
        return buf[off + 1] & 0xff;
    }

    public static boolean hasPictureId(byte[] buf, int off, int len) {
        return (xBits(buf, off, len) & 0x80) != 0;
    }

    /** 1 or 2 for a 7/15-bit picture id, -1 when absent or malformed. */
    public static int pictureIdLength(byte[] buf, int off, int len) {
        if (!hasPictureId(buf, off, len)) {
            return -1;
        }
        return (buf[off + 2] & 0x80) != 0 ? 2 : 1;
    }

    public static int pictureId(byte[] buf, int off, int len) {
        int l = pictureIdLength(buf, off, len);
        if (l == 1) {
            return buf[off + 2] & 0x7f;
        }
        if (l == 2) {
            return ((buf[off + 2] & 0x7f) << 8) | (buf[off + 3] & 0xff);
        }
        return -1;
    }

    public static boolean hasTl0PicIdx(byte[] buf, int off, int len) {
        return (xBits(buf, off, len) & 0x40) != 0;
    }

    private static int tl0Offset(byte[] buf, int off, int len) {
        if (!hasTl0PicIdx(buf, off, len)) {
            return -1;
        }
        int p = off + 2;
        if (hasPictureId(buf, off, len)) {
            p += (buf[off + 2] & 0x80) != 0 ? 2 : 1;
        }
        return p;
    }

    public static int tl0PicIdx(byte[] buf, int off, int len) {
        int p = tl0Offset(buf, off, len);
        return p < 0 ? -1 : buf[p] & 0xff;
    }

    public static boolean hasTid(byte[] buf, int off, int len) {
        return (xBits(buf, off, len) & 0x20) != 0;
    }

    public static boolean hasKeyIdx(byte[] buf, int off, int len) {
        return (xBits(buf, off, len) & 0x10) != 0;
    }

    /** Offset of the TID/Y/KEYIDX byte, or -1 when neither T nor K is set. */
    private static int tkOffset(byte[] buf, int off, int len) {
        int x = xBits(buf, off, len);
        if ((x & 0x30) == 0) {
            return -1;
        }
        return off + descriptorLength(buf, off, len) - 1; // always the last descriptor byte
    }

    public static int tid(byte[] buf, int off, int len) {
        if (!hasTid(buf, off, len)) {
            return -1;
        }
        return (buf[tkOffset(buf, off, len)] & 0xc0) >>> 6;
    }

    /** Y bit; only meaningful when T is present. */
    public static boolean layerSync(byte[] buf, int off, int len) {
        return hasTid(buf, off, len) && (buf[tkOffset(buf, off, len)] & 0x20) != 0;
    }

    public static int keyIdx(byte[] buf, int off, int len) {
        if (!hasKeyIdx(buf, off, len)) {
            return -1;
        }
        return buf[tkOffset(buf, off, len)] & 0x1f;
    }

    /**
     * True for the first packet of a key frame: S=1, PID=0 and the VP8 payload header's
     * inverse key-frame bit P (RFC 7741 4.3) is 0.
     */
    public static boolean isKeyframe(byte[] buf, int off, int len) {
        int d = descriptorLength(buf, off, len);
        if (d < 0 || d >= len) {
            return false;
        }
        int b0 = buf[off];
        return (b0 & 0x10) != 0 && (b0 & 0x07) == 0 && (buf[off + d] & 0x01) == 0;
    }

    /** Rewrites the picture id in place keeping its 7/15-bit width (value is truncated to it). */
    public static boolean setPictureId(byte[] buf, int off, int len, int pictureId) {
        int l = pictureIdLength(buf, off, len);
        if (l == 1) {
            buf[off + 2] = (byte) (pictureId & 0x7f);
            return true;
        }
        if (l == 2) {
            buf[off + 2] = (byte) (0x80 | ((pictureId >>> 8) & 0x7f));
            buf[off + 3] = (byte) pictureId;
            return true;
        }
        return false;
    }

    public static boolean setTl0PicIdx(byte[] buf, int off, int len, int tl0PicIdx) {
        int p = tl0Offset(buf, off, len);
        if (p < 0) {
            return false;
        }
        buf[p] = (byte) tl0PicIdx;
        return true;
    }
}
