package dev.chorus.media.rtp;

import dev.chorus.media.util.Bytes;

/**
 * Reusable, mutable flyweight view of an RTP packet (RFC 3550) held in a caller-owned byte[].
 * One instance per worker thread is re-pointed at each packet with {@link #wrap}; nothing is
 * copied or allocated. Not thread-safe.
 *
 * <p>Header extensions (RFC 8285) are read in place. Iteration uses an int cursor (the absolute
 * offset of an element's header byte), so it allocates nothing:
 * <pre>
 * for (int c = p.firstExtension(); c >= 0; c = p.nextExtension(c)) {
 *     int id = p.extensionIdAt(c), off = p.extensionDataOffsetAt(c), len = p.extensionDataLengthAt(c);
 * }
 * </pre>
 * Iteration stops (returns -1) at the end of the block, at a one-byte id 15, or at the first
 * element that would overrun the block, so corrupt blocks yield a valid prefix, never an exception.
 */
public final class RtpPacket {
    public static final int FIXED_HEADER_LENGTH = 12;
    public static final int ONE_BYTE_PROFILE = 0xBEDE;
    /** Two-byte profile is 0x100X; the low 4 "appbits" are application defined. */
    public static final int TWO_BYTE_PROFILE = 0x1000;

    private byte[] buf;
    private int off;
    private int len;
    private int headerLen;
    private int paddingLen;
    /** Absolute offset of the first extension element byte (after the 4-byte block header), or -1. */
    private int extDataOff = -1;
    private int extDataLen;
    private int extProfile = -1;

    /**
     * Points this view at {@code buf[off, off+len)} and validates the header.
     * On failure returns false and leaves the view empty (length 0).
     */
    public boolean wrap(byte[] buf, int off, int len) {
        reset();
        if (!Bytes.inBounds(buf, off, len) || len < FIXED_HEADER_LENGTH) {
            return false;
        }
        int b0 = buf[off] & 0xff;
        if ((b0 >>> 6) != 2) {
            return false;
        }
        int hdr = FIXED_HEADER_LENGTH + 4 * (b0 & 0x0f);
        if (hdr > len) {
            return false;
        }
        int extOff = -1;
        int extLen = 0;
        int profile = -1;
        if ((b0 & 0x10) != 0) {
            if (hdr + 4 > len) {
                return false;
            }
            profile = Bytes.u16(buf, off + hdr);
            extLen = 4 * Bytes.u16(buf, off + hdr + 2);
            extOff = off + hdr + 4;
            hdr += 4 + extLen;
            if (hdr > len) {
                return false;
            }
        }
        int pad = 0;
        if ((b0 & 0x20) != 0) {
            // The last octet counts the padding including itself, so 0 is invalid.
            pad = buf[off + len - 1] & 0xff;
            if (pad == 0 || pad > len - hdr) {
                return false;
            }
        }
        this.buf = buf;
        this.off = off;
        this.len = len;
        this.headerLen = hdr;
        this.paddingLen = pad;
        this.extDataOff = extOff;
        this.extDataLen = extLen;
        this.extProfile = profile;
        return true;
    }

    private void reset() {
        buf = null;
        off = 0;
        len = 0;
        headerLen = 0;
        paddingLen = 0;
        extDataOff = -1;
        extDataLen = 0;
        extProfile = -1;
    }

    public byte[] buffer() {
        return buf;
    }

    public int offset() {
        return off;
    }

    public int length() {
        return len;
    }

    public int version() {
        return (buf[off] & 0xff) >>> 6;
    }

    public boolean hasPadding() {
        return (buf[off] & 0x20) != 0;
    }

    public boolean hasExtension() {
        return (buf[off] & 0x10) != 0;
    }

    public int csrcCount() {
        return buf[off] & 0x0f;
    }

    /** CSRC {@code i} (0-based, &lt; csrcCount()) as an unsigned 32-bit value. */
    public long csrc(int i) {
        return Bytes.u32(buf, off + FIXED_HEADER_LENGTH + 4 * i);
    }

    public boolean marker() {
        return (buf[off + 1] & 0x80) != 0;
    }

    public int payloadType() {
        return buf[off + 1] & 0x7f;
    }

    public int sequenceNumber() {
        return Bytes.u16(buf, off + 2);
    }

    public long timestamp() {
        return Bytes.u32(buf, off + 4);
    }

    public long ssrc() {
        return Bytes.u32(buf, off + 8);
    }

    /** Fixed header + CSRCs + extension block (if any). */
    public int headerLength() {
        return headerLen;
    }

    public int payloadOffset() {
        return off + headerLen;
    }

    public int payloadLength() {
        return len - headerLen - paddingLen;
    }

    public int paddingLength() {
        return paddingLen;
    }

    public void setMarker(boolean m) {
        buf[off + 1] = (byte) (m ? (buf[off + 1] | 0x80) : (buf[off + 1] & 0x7f));
    }

    public void setPayloadType(int pt) {
        buf[off + 1] = (byte) ((buf[off + 1] & 0x80) | (pt & 0x7f));
    }

    public void setSequenceNumber(int seq) {
        Bytes.put16(buf, off + 2, seq);
    }

    public void setTimestamp(long ts) {
        Bytes.put32(buf, off + 4, ts);
    }

    public void setSsrc(long ssrc) {
        Bytes.put32(buf, off + 8, ssrc);
    }

    // ---- header extensions -------------------------------------------------------------

    /** The 16-bit "defined by profile" field of the extension block, or -1 when X is clear. */
    public int extensionProfile() {
        return extProfile;
    }

    public boolean isOneByteExtensions() {
        return extProfile == ONE_BYTE_PROFILE;
    }

    public boolean isTwoByteExtensions() {
        return extProfile >= 0 && (extProfile & 0xfff0) == TWO_BYTE_PROFILE;
    }

    /** Absolute offset of the extension block's element area (after its 4-byte header), or -1. */
    public int extensionBlockDataOffset() {
        return extDataOff;
    }

    /** Length in bytes of the element area (4 * block length field). */
    public int extensionBlockDataLength() {
        return extDataLen;
    }

    /** Cursor of the first RFC 8285 element, or -1 if none / not an RFC 8285 profile. */
    public int firstExtension() {
        if (extDataOff < 0) {
            return -1;
        }
        if (isOneByteExtensions() || isTwoByteExtensions()) {
            return validAt(skipPadding(extDataOff));
        }
        return -1;
    }

    /** Cursor of the element after {@code cursor}, or -1 at the end. */
    public int nextExtension(int cursor) {
        int next = extensionDataOffsetAt(cursor) + extensionDataLengthAt(cursor);
        return validAt(skipPadding(next));
    }

    /** Element id at a cursor returned by first/nextExtension. */
    public int extensionIdAt(int cursor) {
        int b = buf[cursor] & 0xff;
        return isOneByteExtensions() ? b >>> 4 : b;
    }

    public int extensionDataOffsetAt(int cursor) {
        return cursor + (isOneByteExtensions() ? 1 : 2);
    }

    public int extensionDataLengthAt(int cursor) {
        return isOneByteExtensions() ? (buf[cursor] & 0x0f) + 1 : buf[cursor + 1] & 0xff;
    }

    /** Absolute offset in {@link #buffer()} of the data of extension {@code id}, or -1. */
    public int extensionOffset(int id) {
        int c = findExtension(id);
        return c < 0 ? -1 : extensionDataOffsetAt(c);
    }

    /** Data length of extension {@code id}, or -1 when absent. */
    public int extensionLength(int id) {
        int c = findExtension(id);
        return c < 0 ? -1 : extensionDataLengthAt(c);
    }

    /** Cursor of the first element with {@code id}, or -1. */
    public int findExtension(int id) {
        if (id <= 0) {
            return -1;
        }
        for (int c = firstExtension(); c >= 0; c = nextExtension(c)) {
            if (extensionIdAt(c) == id) {
                return c;
            }
        }
        return -1;
    }

    /** First two data bytes of extension {@code id} as unsigned 16-bit (e.g. transport-cc seq), or -1. */
    public int extensionU16(int id) {
        int c = findExtension(id);
        if (c < 0 || extensionDataLengthAt(c) < 2) {
            return -1;
        }
        return Bytes.u16(buf, extensionDataOffsetAt(c));
    }

    private int extEnd() {
        return extDataOff + extDataLen;
    }

    /**
     * Skips padding bytes between elements. In the one-byte form any byte with id 0 is skipped
     * as a single byte whatever its length nibble (as libwebrtc does), so id 0 never surfaces.
     */
    private int skipPadding(int p) {
        int end = extEnd();
        int padMask = isOneByteExtensions() ? 0xf0 : 0xff;
        while (p < end && (buf[p] & padMask) == 0) {
            p++;
        }
        return p;
    }

    /** Returns {@code p} if a complete element starts there, else -1. */
    private int validAt(int p) {
        int end = extEnd();
        if (p >= end) {
            return -1;
        }
        if (isOneByteExtensions()) {
            int b = buf[p] & 0xff;
            // id 15 is reserved: parsing must stop there (RFC 8285 4.2).
            if ((b >>> 4) == 15) {
                return -1;
            }
            return p + 1 + (b & 0x0f) + 1 <= end ? p : -1;
        }
        if (p + 2 > end) {
            return -1;
        }
        return p + 2 + (buf[p + 1] & 0xff) <= end ? p : -1;
    }

    @Override
    public String toString() {
        if (buf == null) {
            return "RtpPacket[empty]";
        }
        return "RtpPacket[ssrc=" + ssrc() + " pt=" + payloadType() + " seq=" + sequenceNumber()
                + " ts=" + timestamp() + " m=" + marker() + " len=" + len + " hdr=" + headerLen
                + " pad=" + paddingLen + "]";
    }
}
