package dev.chorus.media.rtcp;

import dev.chorus.media.util.Bytes;

/**
 * Walks a (possibly compound, possibly reduced-size RFC 5506) RTCP packet and reports its
 * contents to an {@link RtcpVisitor}. Allocation-free, never throws on bad input.
 *
 * <p>Each packet is validated completely before any callback for it is made, so a visitor never
 * sees part of a malformed packet. Parsing stops at the first malformed packet; callbacks for
 * the packets before it stand.
 */
public final class RtcpParser {
    public static final int SR = 200;
    public static final int RR = 201;
    public static final int SDES = 202;
    public static final int BYE = 203;
    public static final int APP = 204;
    public static final int RTPFB = 205;
    public static final int PSFB = 206;

    public static final int FMT_NACK = 1;
    public static final int FMT_TCC = 15;
    public static final int FMT_PLI = 1;
    public static final int FMT_FIR = 4;
    public static final int FMT_AFB = 15;

    private static final int SDES_CNAME = 1;

    private RtcpParser() {
    }

    /**
     * Parses {@code buf[off, off+len)}. Returns the number of packets visited when the whole
     * input is well-formed; otherwise a negative value {@code r} where {@code ~r} is the number
     * of packets visited before the malformed one (so empty/garbage input yields -1).
     */
    public static int parse(byte[] buf, int off, int len, RtcpVisitor v) {
        if (!Bytes.inBounds(buf, off, len) || len == 0) {
            return ~0;
        }
        int end = off + len;
        int p = off;
        int n = 0;
        while (p < end) {
            int pktLen = packetLength(buf, p, end);
            if (pktLen < 0) {
                return ~n;
            }
            int contentEnd = p + pktLen;
            if ((buf[p] & 0x20) != 0) {
                // Padding count includes itself; it may not eat into the 4-byte header.
                int pad = buf[p + pktLen - 1] & 0xff;
                if (pad == 0 || pad > pktLen - 4) {
                    return ~n;
                }
                contentEnd -= pad;
            }
            if (!visitPacket(buf, p, contentEnd, v)) {
                return ~n;
            }
            n++;
            p += pktLen;
        }
        return n;
    }

    /** Structural check only (versions, length fields tile the buffer exactly). */
    public static boolean isValidCompound(byte[] buf, int off, int len) {
        if (!Bytes.inBounds(buf, off, len) || len == 0) {
            return false;
        }
        int end = off + len;
        int p = off;
        while (p < end) {
            int l = packetLength(buf, p, end);
            if (l < 0) {
                return false;
            }
            p += l;
        }
        return true;
    }

    /** Length in bytes of the packet at {@code p} per its header, or -1 if invalid / overrunning. */
    private static int packetLength(byte[] buf, int p, int end) {
        if (end - p < 4 || ((buf[p] & 0xc0) != 0x80)) {
            return -1;
        }
        int l = (Bytes.u16(buf, p + 2) + 1) * 4;
        return l <= end - p ? l : -1;
    }

    /** Validates then visits one packet whose meaningful bytes are {@code [p, end)}. */
    private static boolean visitPacket(byte[] buf, int p, int end, RtcpVisitor v) {
        int count = buf[p] & 0x1f;
        int pt = buf[p + 1] & 0xff;
        int len = end - p;
        switch (pt) {
            case SR:
                return visitReport(buf, p, len, count, true, v);
            case RR:
                return visitReport(buf, p, len, count, false, v);
            case SDES:
                if (!walkSdes(buf, p, end, count, null)) {
                    return false;
                }
                walkSdes(buf, p, end, count, v);
                return true;
            case BYE:
                if (len < 4 + 4 * count) {
                    return false;
                }
                for (int i = 0; i < count; i++) {
                    v.onBye(Bytes.u32(buf, p + 4 + 4 * i));
                }
                return true;
            case RTPFB:
                return visitRtpfb(buf, p, len, count, v);
            case PSFB:
                return visitPsfb(buf, p, len, count, v);
            default:
                v.onUnknown(pt, count);
                return true;
        }
    }

    private static boolean visitReport(byte[] buf, int p, int len, int rc, boolean sr, RtcpVisitor v) {
        int blocksAt = sr ? 28 : 8;
        if (len < blocksAt + 24 * rc) {
            return false;
        }
        long ssrc = Bytes.u32(buf, p + 4);
        if (sr) {
            v.onSenderReport(ssrc, Bytes.u64(buf, p + 8), Bytes.u32(buf, p + 16),
                    Bytes.u32(buf, p + 20), Bytes.u32(buf, p + 24));
        } else {
            v.onReceiverReport(ssrc);
        }
        for (int i = 0; i < rc; i++) {
            int b = p + blocksAt + 24 * i;
            int lost = (Bytes.u24(buf, b + 5) << 8) >> 8; // sign-extend 24 bits
            v.onReportBlock(ssrc, Bytes.u32(buf, b), buf[b + 4] & 0xff, lost, Bytes.u32(buf, b + 8),
                    Bytes.u32(buf, b + 12), Bytes.u32(buf, b + 16), Bytes.u32(buf, b + 20));
        }
        return true;
    }

    /** With {@code v == null} only validates; chunks are 32-bit aligned from the packet start. */
    private static boolean walkSdes(byte[] buf, int p, int end, int sc, RtcpVisitor v) {
        int q = p + 4;
        for (int i = 0; i < sc; i++) {
            if (end - q < 4) {
                return false;
            }
            long ssrc = Bytes.u32(buf, q);
            q += 4;
            while (true) {
                if (q >= end) {
                    return false; // no terminating null item
                }
                int type = buf[q] & 0xff;
                if (type == 0) {
                    q = p + ((q + 1 - p + 3) & ~3);
                    break;
                }
                if (end - q < 2) {
                    return false;
                }
                int l = buf[q + 1] & 0xff;
                if (end - q - 2 < l) {
                    return false;
                }
                if (type == SDES_CNAME && v != null) {
                    v.onSdesCname(ssrc, buf, q + 2, l);
                }
                q += 2 + l;
            }
            if (q > end) {
                return false;
            }
        }
        return true;
    }

    private static boolean visitRtpfb(byte[] buf, int p, int len, int fmt, RtcpVisitor v) {
        if (len < 12) {
            return false;
        }
        long sender = Bytes.u32(buf, p + 4);
        long media = Bytes.u32(buf, p + 8);
        int fciLen = len - 12;
        if (fmt == FMT_NACK) {
            if ((fciLen & 3) != 0) {
                return false;
            }
            for (int q = p + 12; q < p + len; q += 4) {
                v.onNack(sender, media, Bytes.u16(buf, q), Bytes.u16(buf, q + 2));
            }
            return true;
        }
        if (fmt == FMT_TCC) {
            // base seq(2) + status count(2) + reference time(3) + fb pkt count(1)
            if (fciLen < 8) {
                return false;
            }
            v.onTransportCc(sender, media, buf, p + 12, fciLen);
            return true;
        }
        v.onUnknown(RTPFB, fmt);
        return true;
    }

    private static boolean visitPsfb(byte[] buf, int p, int len, int fmt, RtcpVisitor v) {
        if (len < 12) {
            return false;
        }
        long sender = Bytes.u32(buf, p + 4);
        long media = Bytes.u32(buf, p + 8);
        int fciLen = len - 12;
        int fci = p + 12;
        switch (fmt) {
            case FMT_PLI:
                v.onPli(sender, media);
                return true;
            case FMT_FIR:
                if (fciLen % 8 != 0) {
                    return false;
                }
                for (int q = fci; q < p + len; q += 8) {
                    v.onFir(sender, Bytes.u32(buf, q), buf[q + 4] & 0xff);
                }
                return true;
            case FMT_AFB:
                if (fciLen >= 8 && buf[fci] == 'R' && buf[fci + 1] == 'E' && buf[fci + 2] == 'M'
                        && buf[fci + 3] == 'B') {
                    int num = buf[fci + 4] & 0xff;
                    if (fciLen < 8 + 4 * num) {
                        return false;
                    }
                    int exp = (buf[fci + 5] & 0xff) >>> 2;
                    long mantissa = Bytes.u24(buf, fci + 5) & 0x3ffff;
                    // 18-bit mantissa << 6-bit exponent can exceed 63 bits: saturate.
                    long bitrate = mantissa == 0 ? 0
                            : exp >= Long.numberOfLeadingZeros(mantissa) ? Long.MAX_VALUE : mantissa << exp;
                    v.onRemb(sender, bitrate, num, buf, fci + 8);
                    return true;
                }
                v.onUnknown(PSFB, fmt);
                return true;
            default:
                v.onUnknown(PSFB, fmt);
                return true;
        }
    }
}
