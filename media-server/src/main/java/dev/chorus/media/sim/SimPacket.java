package dev.chorus.media.sim;

/**
 * A datagram on the simulated wire: its size (what costs capacity) and a copy of its first bytes
 * (what the receiver model reads: RTP header, extensions, VP8 descriptor, the synthetic payload's
 * frame tag). Copying the head only keeps a long run cheap.
 */
final class SimPacket {
    static final int HEAD_BYTES = 96;

    final byte[] head = new byte[HEAD_BYTES];
    int headLength;
    int size;
    /** Not RTP: the simulated RTCP sender report that measures the round trip through the queue. */
    boolean senderReport;
    /** Parsed by the server from the whole packet as it left: transport-wide seq (-1 none), SSRC, no payload. */
    int tccSeq = -1;
    long ssrc;
    boolean padding;
    long sentNanos;
    long enqueuedNanos;
    long arrivalNanos;

    static SimPacket of(byte[] buf, int off, int len, long nowNanos) {
        SimPacket p = new SimPacket();
        p.headLength = Math.min(len, HEAD_BYTES);
        System.arraycopy(buf, off, p.head, 0, p.headLength);
        p.size = len;
        p.sentNanos = nowNanos;
        return p;
    }

    static SimPacket senderReport(int size, long nowNanos) {
        SimPacket p = new SimPacket();
        p.size = size;
        p.senderReport = true;
        p.sentNanos = nowNanos;
        return p;
    }
}
