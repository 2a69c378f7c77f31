package dev.chorus.compositor.rtp;

import dev.chorus.media.util.Bytes;

/** Writes the 12-byte fixed RTP header (no CSRCs, no extensions) the packetizers emit. */
final class RtpHeader {
    static final int LENGTH = 12;

    private RtpHeader() {}

    static void write(byte[] buf, boolean marker, int payloadType, int seq, long timestamp, long ssrc) {
        buf[0] = (byte) 0x80; // V=2, no padding, no extension, CC=0
        buf[1] = (byte) ((marker ? 0x80 : 0) | (payloadType & 0x7f));
        Bytes.put16(buf, 2, seq);
        Bytes.put32(buf, 4, timestamp);
        Bytes.put32(buf, 8, ssrc);
    }

    static void checkConfig(long ssrc, int payloadType, int maxPayloadSize, int minPayload) {
        if (ssrc < 0 || ssrc > 0xFFFFFFFFL || payloadType < 0 || payloadType > 127
                || maxPayloadSize < minPayload || maxPayloadSize > 65_000) {
            throw new IllegalArgumentException("bad packetizer config ssrc=" + ssrc + " pt=" + payloadType
                    + " maxPayload=" + maxPayloadSize);
        }
    }
}
