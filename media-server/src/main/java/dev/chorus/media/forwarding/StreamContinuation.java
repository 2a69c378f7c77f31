package dev.chorus.media.forwarding;

/**
 * Where a receiver's outgoing stream on one SSRC left off. A consumer that takes over the same SSRC
 * (a WHEP viewer's m-line switching to the next publisher: the viewer cannot renegotiate) starts
 * from here, so the receiver sees one continuous stream — sequence numbers go on from
 * {@code lastSeq + 1}, timestamps advance by the wall time that passed, VP8 picture ids go on —
 * instead of a jump its jitter buffer and decoder may never recover from.
 *
 * @param lastSeq       the last output sequence number sent
 * @param lastTs        the last output RTP timestamp sent
 * @param lastSendNanos when it was sent ({@code System.nanoTime()} clock)
 * @param lastPictureId the last VP8 PictureID (15 bits) sent, -1 if none
 * @param lastTl0PicIdx the last VP8 TL0PICIDX sent, -1 if none
 */
public record StreamContinuation(int lastSeq, long lastTs, long lastSendNanos, int lastPictureId,
                                 int lastTl0PicIdx) {
    public StreamContinuation {
        if (lastSeq < 0 || lastSeq > 0xFFFF) {
            throw new IllegalArgumentException("sequence number " + lastSeq);
        }
        lastTs &= 0xFFFFFFFFL;
    }

    /** The first output sequence number of the consumer that continues. */
    public int nextSeq() {
        return (lastSeq + 1) & 0xFFFF;
    }

    /** The first PictureID to use, or {@code orElse} when none was sent. */
    public int nextPictureId(int orElse) {
        return lastPictureId < 0 ? orElse : (lastPictureId + 1) & 0x7FFF;
    }

    /** The first TL0PICIDX to use, or {@code orElse} when none was sent. */
    public int nextTl0PicIdx(int orElse) {
        return lastTl0PicIdx < 0 ? orElse : (lastTl0PicIdx + 1) & 0xFF;
    }

    /** The first output timestamp for a packet sent at {@code nowNanos}. */
    public long nextTimestamp(int clockRate, long nowNanos) {
        return TimestampRewriter.advance(lastTs, lastSendNanos, nowNanos, clockRate);
    }
}
