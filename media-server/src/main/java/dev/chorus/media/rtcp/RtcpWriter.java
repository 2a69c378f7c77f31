package dev.chorus.media.rtcp;

import dev.chorus.media.rtp.SequenceNumbers;
import dev.chorus.media.util.Bytes;

import java.nio.charset.StandardCharsets;

/**
 * Static builders for the RTCP packets the server emits. Each writes one packet into
 * {@code buf} at {@code off} and returns its length in bytes, or -1 if it does not fit or the
 * arguments are out of range (nothing meaningful is written then). Concatenate results to
 * build a compound packet.
 */
public final class RtcpWriter {
    private static final ReportBlock[] NO_BLOCKS = new ReportBlock[0];
    private static final int MAX_COUNT = 31;

    private RtcpWriter() {
    }

    private static boolean fits(byte[] buf, int off, int n) {
        return buf != null && off >= 0 && off <= buf.length - n;
    }

    private static void header(byte[] buf, int off, int count, int pt, int totalLen) {
        buf[off] = (byte) (0x80 | count);
        buf[off + 1] = (byte) pt;
        Bytes.put16(buf, off + 2, totalLen / 4 - 1);
    }

    public static int writeSenderReport(byte[] buf, int off, long ssrc, long ntp, long rtpTs,
                                        long packetCount, long octetCount, ReportBlock... blocks) {
        ReportBlock[] b = blocks == null ? NO_BLOCKS : blocks;
        return writeSenderReport(buf, off, ssrc, ntp, rtpTs, packetCount, octetCount, b, b.length);
    }

    /** Allocation-free form: the first {@code count} (0..31) entries of {@code blocks}. */
    public static int writeSenderReport(byte[] buf, int off, long ssrc, long ntp, long rtpTs,
                                        long packetCount, long octetCount, ReportBlock[] blocks, int count) {
        int len = 28 + 24 * count;
        if (count < 0 || count > MAX_COUNT || (count > 0 && blocks.length < count) || !fits(buf, off, len)) {
            return -1;
        }
        header(buf, off, count, RtcpParser.SR, len);
        Bytes.put32(buf, off + 4, ssrc);
        Bytes.put64(buf, off + 8, ntp);
        Bytes.put32(buf, off + 16, rtpTs);
        Bytes.put32(buf, off + 20, packetCount);
        Bytes.put32(buf, off + 24, octetCount);
        for (int i = 0; i < count; i++) {
            writeBlock(buf, off + 28 + 24 * i, blocks[i]);
        }
        return len;
    }

    public static int writeReceiverReport(byte[] buf, int off, long ssrc, ReportBlock... blocks) {
        ReportBlock[] b = blocks == null ? NO_BLOCKS : blocks;
        return writeReceiverReport(buf, off, ssrc, b, b.length);
    }

    public static int writeReceiverReport(byte[] buf, int off, long ssrc, ReportBlock[] blocks, int count) {
        int len = 8 + 24 * count;
        if (count < 0 || count > MAX_COUNT || (count > 0 && blocks.length < count) || !fits(buf, off, len)) {
            return -1;
        }
        header(buf, off, count, RtcpParser.RR, len);
        Bytes.put32(buf, off + 4, ssrc);
        for (int i = 0; i < count; i++) {
            writeBlock(buf, off + 8 + 24 * i, blocks[i]);
        }
        return len;
    }

    private static void writeBlock(byte[] buf, int p, ReportBlock rb) {
        Bytes.put32(buf, p, rb.sourceSsrc);
        buf[p + 4] = (byte) Math.max(0, Math.min(255, rb.fractionLost));
        int lost = Math.max(-0x800000, Math.min(0x7fffff, rb.cumulativeLost));
        Bytes.put24(buf, p + 5, lost);
        Bytes.put32(buf, p + 8, rb.extHighestSeq);
        Bytes.put32(buf, p + 12, rb.jitter);
        Bytes.put32(buf, p + 16, rb.lastSr);
        Bytes.put32(buf, p + 20, rb.dlsr);
    }

    /** SDES with a single chunk holding one CNAME item. Allocates the string's bytes; not per packet. */
    public static int writeSdesCname(byte[] buf, int off, long ssrc, String cname) {
        byte[] c = cname.getBytes(StandardCharsets.UTF_8);
        return writeSdesCname(buf, off, ssrc, c, 0, c.length);
    }

    public static int writeSdesCname(byte[] buf, int off, long ssrc, byte[] cname, int cOff, int cLen) {
        if (!Bytes.inBounds(cname, cOff, cLen) || cLen > 255) {
            return -1;
        }
        // header + ssrc + type + len + text + null terminator, padded to 32 bits
        int len = (4 + 4 + 2 + cLen + 1 + 3) & ~3;
        if (!fits(buf, off, len)) {
            return -1;
        }
        header(buf, off, 1, RtcpParser.SDES, len);
        Bytes.put32(buf, off + 4, ssrc);
        buf[off + 8] = 1;
        buf[off + 9] = (byte) cLen;
        System.arraycopy(cname, cOff, buf, off + 10, cLen);
        for (int p = off + 10 + cLen; p < off + len; p++) {
            buf[p] = 0;
        }
        return len;
    }

    public static int writeBye(byte[] buf, int off, long ssrc) {
        if (!fits(buf, off, 8)) {
            return -1;
        }
        header(buf, off, 1, RtcpParser.BYE, 8);
        Bytes.put32(buf, off + 4, ssrc);
        return 8;
    }

    private static void fbHeader(byte[] buf, int off, int fmt, int pt, int len, long sender, long media) {
        header(buf, off, fmt, pt, len);
        Bytes.put32(buf, off + 4, sender);
        Bytes.put32(buf, off + 8, media);
    }

    public static int writePli(byte[] buf, int off, long senderSsrc, long mediaSsrc) {
        if (!fits(buf, off, 12)) {
            return -1;
        }
        fbHeader(buf, off, RtcpParser.FMT_PLI, RtcpParser.PSFB, 12, senderSsrc, mediaSsrc);
        return 12;
    }

    /** FIR per RFC 5104: header media SSRC is 0, the target goes in the FCI. */
    public static int writeFir(byte[] buf, int off, long senderSsrc, long mediaSsrc, int seqNr) {
        if (!fits(buf, off, 20)) {
            return -1;
        }
        fbHeader(buf, off, RtcpParser.FMT_FIR, RtcpParser.PSFB, 20, senderSsrc, 0);
        Bytes.put32(buf, off + 12, mediaSsrc);
        buf[off + 16] = (byte) seqNr;
        buf[off + 17] = 0;
        buf[off + 18] = 0;
        buf[off + 19] = 0;
        return 20;
    }

    /**
     * Generic NACK for the first {@code count} entries of {@code seqs}. Each seq joins an
     * existing PID/BLP entry if it lies 0..16 after that PID (mod 2^16), otherwise opens a new
     * entry; ascending input (wrap allowed) therefore packs optimally, any order stays correct.
     * Entries are built directly in {@code buf}. Returns -1 if {@code count} is 0 or it does not fit.
     */
    public static int writeNack(byte[] buf, int off, long senderSsrc, long mediaSsrc, int[] seqs, int count) {
        if (count <= 0 || seqs == null || count > seqs.length || !fits(buf, off, 16)) {
            return -1;
        }
        int fci = off + 12;
        int entries = 0;
        for (int i = 0; i < count; i++) {
            int seq = seqs[i] & 0xffff;
            boolean placed = false;
            // Search newest entries first: with ascending input the match is the last one.
            for (int e = entries - 1; e >= 0 && !placed; e--) {
                int q = fci + 4 * e;
                int d = SequenceNumbers.diff(seq, Bytes.u16(buf, q));
                if (d == 0) {
                    placed = true;
                } else if (d > 0 && d <= 16) {
                    Bytes.put16(buf, q + 2, Bytes.u16(buf, q + 2) | (1 << (d - 1)));
                    placed = true;
                }
            }
            if (!placed) {
                int q = fci + 4 * entries;
                if (!fits(buf, q, 4) || entries >= 0xfffd) {
                    return -1;
                }
                Bytes.put16(buf, q, seq);
                Bytes.put16(buf, q + 2, 0);
                entries++;
            }
        }
        int len = 12 + 4 * entries;
        fbHeader(buf, off, RtcpParser.FMT_NACK, RtcpParser.RTPFB, len, senderSsrc, mediaSsrc);
        return len;
    }

    public static int writeRemb(byte[] buf, int off, long senderSsrc, long bitrate, long... ssrcs) {
        return writeRemb(buf, off, senderSsrc, bitrate, ssrcs, ssrcs == null ? 0 : ssrcs.length);
    }

    /** REMB with an 18-bit mantissa / 6-bit exponent bitrate (rounded down), media SSRC 0. */
    public static int writeRemb(byte[] buf, int off, long senderSsrc, long bitrate, long[] ssrcs, int count) {
        int len = 20 + 4 * count;
        if (bitrate < 0 || count < 0 || count > 255 || (count > 0 && ssrcs.length < count) || !fits(buf, off, len)) {
            return -1;
        }
        fbHeader(buf, off, RtcpParser.FMT_AFB, RtcpParser.PSFB, len, senderSsrc, 0);
        buf[off + 12] = 'R';
        buf[off + 13] = 'E';
        buf[off + 14] = 'M';
        buf[off + 15] = 'B';
        int exp = 0;
        long mantissa = bitrate;
        while (mantissa > 0x3ffff) {
            mantissa >>>= 1;
            exp++;
        }
        buf[off + 16] = (byte) count;
        Bytes.put24(buf, off + 17, (exp << 18) | (int) mantissa);
        for (int i = 0; i < count; i++) {
            Bytes.put32(buf, off + 20 + 4 * i, ssrcs[i]);
        }
        return len;
    }
}
