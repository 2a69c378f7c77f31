package dev.chorus.media.rtp;

import dev.chorus.media.util.Bytes;

/**
 * Copies RTP packets while rewriting their header-extension block, as an SFU must when the
 * receiving peer negotiated different extension ids (RFC 8285). Allocation-free.
 *
 * <p>Rules: each source element with id {@code i} is written as {@code map[i]} (0 = dropped;
 * ids beyond the map length are dropped; a null map keeps ids). An optional extra element is
 * appended last; a source element mapped to the extra's id is dropped so the extra replaces it.
 * The one-byte form (0xBEDE) is used when every written id is 1..14 and every length 1..16,
 * otherwise the two-byte form (0x1000). With no element left the block and the X bit are removed.
 * Source blocks with a non-RFC-8285 profile contribute no elements. {@code dst} must not overlap
 * the source bytes.
 */
public final class RtpPacketWriter {
    private RtpPacketWriter() {
    }

    /** Copy with id remapping and no extra element. Returns the new length or -1. */
    public static int copyWithExtensions(RtpPacket src, byte[] dst, int dstOff, byte[] extIdMap) {
        return copy(src, dst, dstOff, extIdMap, 0, 0L, null, 0, 0);
    }

    /**
     * Copy, appending extra element {@code extraId} whose value is the low {@code extraLen}
     * (1..8) bytes of {@code extraValue}, big-endian. {@code extraId == 0} means no extra.
     * Returns the new total length, or -1 on bad arguments or if {@code dst} is too small.
     */
    public static int copyWithExtensions(RtpPacket src, byte[] dst, int dstOff, byte[] extIdMap,
                                         int extraId, long extraValue, int extraLen) {
        if (extraId != 0 && (extraLen < 1 || extraLen > 8)) {
            return -1;
        }
        return copy(src, dst, dstOff, extIdMap, extraId, extraValue, null, 0, extraLen);
    }

    /**
     * Copy, appending extra element {@code extraId} whose value is
     * {@code extraBuf[extraOff, extraOff+extraLen)} (1..255 bytes; one-byte form needs &lt;= 16).
     */
    public static int copyWithExtensions(RtpPacket src, byte[] dst, int dstOff, byte[] extIdMap,
                                         int extraId, byte[] extraBuf, int extraOff, int extraLen) {
        if (extraId != 0 && (extraLen < 1 || extraLen > 255 || !Bytes.inBounds(extraBuf, extraOff, extraLen))) {
            return -1;
        }
        return copy(src, dst, dstOff, extIdMap, extraId, 0L, extraBuf, extraOff, extraLen);
    }

    /**
     * Overwrites the first two data bytes of existing extension {@code id} in place (e.g. the
     * transport-wide sequence number). Returns false if absent or shorter than 2 bytes.
     */
    public static boolean overwriteExtensionU16(RtpPacket pkt, int id, int value) {
        int c = pkt.findExtension(id);
        if (c < 0 || pkt.extensionDataLengthAt(c) < 2) {
            return false;
        }
        Bytes.put16(pkt.buffer(), pkt.extensionDataOffsetAt(c), value);
        return true;
    }

    private static int mapId(byte[] map, int id) {
        if (map == null) {
            return id;
        }
        return id < map.length ? map[id] & 0xff : 0;
    }

    private static int copy(RtpPacket src, byte[] dst, int dstOff, byte[] map, int extraId,
                            long extraValue, byte[] extraBuf, int extraOff, int extraLen) {
        if (src.buffer() == null || dst == null || dstOff < 0 || extraId < 0 || extraId > 255) {
            return -1;
        }
        // Pass 1: size the element area and decide the form.
        boolean oneByte = true;
        int count = 0;
        int dataBytes = 0;
        for (int c = src.firstExtension(); c >= 0; c = src.nextExtension(c)) {
            int id = mapId(map, src.extensionIdAt(c));
            if (id == 0 || id == extraId) {
                continue;
            }
            int l = src.extensionDataLengthAt(c);
            if (id > 14 || l < 1 || l > 16) {
                oneByte = false;
            }
            count++;
            dataBytes += l;
        }
        if (extraId != 0) {
            if (extraId > 14 || extraLen > 16) {
                oneByte = false;
            }
            count++;
            dataBytes += extraLen;
        }
        int elemBytes = dataBytes + count * (oneByte ? 1 : 2);
        int blockBytes = count == 0 ? 0 : 4 + ((elemBytes + 3) & ~3);

        byte[] s = src.buffer();
        int sOff = src.offset();
        int fixed = RtpPacket.FIXED_HEADER_LENGTH + 4 * src.csrcCount();
        int tail = src.length() - src.headerLength(); // payload + padding, copied verbatim
        int total = fixed + blockBytes + tail;
        if (dstOff > dst.length - total) {
            return -1;
        }

        // Pass 2: write.
        System.arraycopy(s, sOff, dst, dstOff, fixed);
        dst[dstOff] = (byte) (count == 0 ? dst[dstOff] & ~0x10 : dst[dstOff] | 0x10);
        int p = dstOff + fixed;
        if (count > 0) {
            Bytes.put16(dst, p, oneByte ? RtpPacket.ONE_BYTE_PROFILE : RtpPacket.TWO_BYTE_PROFILE);
            Bytes.put16(dst, p + 2, (blockBytes - 4) / 4);
            p += 4;
            int blockEnd = p + blockBytes - 4;
            for (int c = src.firstExtension(); c >= 0; c = src.nextExtension(c)) {
                int id = mapId(map, src.extensionIdAt(c));
                if (id == 0 || id == extraId) {
                    continue;
                }
                int l = src.extensionDataLengthAt(c);
                p = writeElementHeader(dst, p, oneByte, id, l);
                System.arraycopy(s, src.extensionDataOffsetAt(c), dst, p, l);
                p += l;
            }
            if (extraId != 0) {
                p = writeElementHeader(dst, p, oneByte, extraId, extraLen);
                if (extraBuf != null) {
                    System.arraycopy(extraBuf, extraOff, dst, p, extraLen);
                } else {
                    Bytes.putN(dst, p, extraValue, extraLen);
                }
                p += extraLen;
            }
            while (p < blockEnd) {
                dst[p++] = 0;
            }
        }
        System.arraycopy(s, src.payloadOffset(), dst, p, tail);
        return total;
    }

    private static int writeElementHeader(byte[] dst, int p, boolean oneByte, int id, int len) {
        if (oneByte) {
            dst[p] = (byte) ((id << 4) | (len - 1));
            return p + 1;
        }
        dst[p] = (byte) id;
        dst[p + 1] = (byte) len;
        return p + 2;
    }
}
