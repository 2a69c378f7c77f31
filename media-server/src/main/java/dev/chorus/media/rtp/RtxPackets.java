package dev.chorus.media.rtp;

import dev.chorus.media.util.Bytes;
import dev.chorus.media.util.PacketBuffer;
import java.util.Arrays;

/**
 * RFC 4588 retransmission packets, written in place and allocation-free: a packet turned into its RTX
 * form, and the padding-only RTX packets probes are made of. Shared by the SFU's consumers and the
 * link simulator's mirror of them.
 */
public final class RtxPackets {
    private RtxPackets() {
    }

    /**
     * Turns the packet in {@code out} (viewed by {@code rtp}) into its RTX form in place: the original
     * sequence number first in the payload, then the RTX payload type, SSRC and sequence number.
     *
     * @return false if the buffer has no room for the two OSN bytes (the packet is left as it was) or the
     *     result does not parse
     */
    public static boolean toRtx(PacketBuffer out, RtpPacket rtp, int rtxPt, long rtxSsrc, int rtxSeq) {
        byte[] b = out.getBuffer();
        int off = out.getOffset();
        int len = out.getLength();
        int payloadOff = rtp.payloadOffset();
        if (off + len + 2 > b.length) {
            return false;
        }
        int osn = rtp.sequenceNumber();
        System.arraycopy(b, payloadOff, b, payloadOff + 2, len - (payloadOff - off));
        b[payloadOff] = (byte) (osn >>> 8);
        b[payloadOff + 1] = (byte) osn;
        out.setOffsetLength(off, len + 2);
        if (!rtp.wrap(b, off, len + 2)) {
            return false;
        }
        rtp.setPayloadType(rtxPt);
        rtp.setSsrc(rtxSsrc);
        rtp.setSequenceNumber(rtxSeq);
        return true;
    }

    /**
     * Writes a padding-only RTX packet at {@code buf[0]}: RFC 3550 P bit, {@code padding} bytes of
     * padding, and an empty transport-wide sequence number element (one-byte id {@code tccExtId}) for
     * the transport to fill in. Padding on the RTX stream is what browsers expect for probes: the
     * decoder never sees it.
     *
     * @return its length, or -1 if the id, the padding (1..255) or the buffer does not fit
     */
    public static int writePadding(byte[] buf, int rtxPt, int rtxSeq, long timestamp, long rtxSsrc, int tccExtId,
                                   int padding) {
        if (tccExtId < 1 || tccExtId > 14 || padding < 1 || padding > 255 || buf.length < 20 + padding) {
            return -1;
        }
        buf[0] = (byte) 0xB0; // V=2, P, X
        buf[1] = (byte) rtxPt;
        Bytes.put16(buf, 2, rtxSeq);
        Bytes.put32(buf, 4, timestamp);
        Bytes.put32(buf, 8, rtxSsrc);
        buf[12] = (byte) 0xBE;
        buf[13] = (byte) 0xDE;
        buf[14] = 0;
        buf[15] = 1;
        buf[16] = (byte) (tccExtId << 4 | 1);
        buf[17] = 0;
        buf[18] = 0;
        buf[19] = 0;
        Arrays.fill(buf, 20, 20 + padding - 1, (byte) 0);
        buf[20 + padding - 1] = (byte) padding;
        return 20 + padding;
    }
}
