package dev.chorus.compositor.audio;

import dev.chorus.media.rtp.RtpPacket;
import dev.chorus.media.util.Bytes;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Wraps Opus payloads, one 20 ms frame each, into RTP packets (RFC 3550, RFC 7587) of one
 * outgoing stream: plain 12-byte header (no CSRCs, no extensions; a transport layer may add
 * those), sequence number +1 per packet, timestamp +960 per frame. The marker bit is set on the
 * first packet of the stream and on the first packet after frames were skipped (RFC 3551 4.1:
 * first packet of a talk spurt). Writes into the caller's buffer; allocation-free. Not
 * thread-safe.
 */
public final class OpusRtpPacketizer {
    public static final int DEFAULT_PAYLOAD_TYPE = 111;

    private final long ssrc;
    private final int payloadType;
    private int seq;
    private long timestamp;
    private boolean marker = true;
    private long packets;

    /** Random initial sequence number and timestamp, as RFC 3550 asks. */
    public OpusRtpPacketizer(long ssrc, int payloadType) {
        this(ssrc, payloadType, ThreadLocalRandom.current().nextInt(0x10000),
                ThreadLocalRandom.current().nextLong(0x100000000L));
    }

    public OpusRtpPacketizer(long ssrc, int payloadType, int initialSeq, long initialTimestamp) {
        this.ssrc = ssrc & 0xFFFFFFFFL;
        this.payloadType = payloadType & 0x7f;
        this.seq = initialSeq & 0xffff;
        this.timestamp = initialTimestamp & 0xFFFFFFFFL;
    }

    /**
     * Writes one RTP packet carrying {@code payload[off, off+len)} to {@code out} at {@code outOff}
     * and advances to the next frame. Returns the packet length, or -1 (nothing advanced) if the
     * arguments are invalid or the packet does not fit.
     */
    public int packetize(byte[] payload, int off, int len, byte[] out, int outOff) {
        if (payload == null || out == null || len <= 0 || off < 0 || off > payload.length - len
                || outOff < 0 || outOff > out.length - RtpPacket.FIXED_HEADER_LENGTH - len) {
            return -1;
        }
        out[outOff] = (byte) 0x80; // V=2, no padding, no extension, no CSRC
        out[outOff + 1] = (byte) ((marker ? 0x80 : 0) | payloadType);
        Bytes.put16(out, outOff + 2, seq);
        Bytes.put32(out, outOff + 4, timestamp);
        Bytes.put32(out, outOff + 8, ssrc);
        System.arraycopy(payload, off, out, outOff + RtpPacket.FIXED_HEADER_LENGTH, len);
        marker = false;
        seq = (seq + 1) & 0xffff;
        timestamp = (timestamp + AudioFrames.FRAME_SAMPLES) & 0xFFFFFFFFL;
        packets++;
        return RtpPacket.FIXED_HEADER_LENGTH + len;
    }

    /**
     * Accounts for a 20 ms frame that is not sent (silence not transmitted, or an encoder error):
     * the timestamp moves on so the receiver plays the gap in time, the sequence number does not
     * (nothing was lost), and the next packet carries the marker.
     */
    public void skipFrame() {
        timestamp = (timestamp + AudioFrames.FRAME_SAMPLES) & 0xFFFFFFFFL;
        marker = true;
    }

    public long ssrc() {
        return ssrc;
    }

    public int payloadType() {
        return payloadType;
    }

    /** Sequence number of the next packet. */
    public int nextSequenceNumber() {
        return seq;
    }

    /** RTP timestamp of the next packet. */
    public long nextTimestamp() {
        return timestamp;
    }

    public long packets() {
        return packets;
    }
}
