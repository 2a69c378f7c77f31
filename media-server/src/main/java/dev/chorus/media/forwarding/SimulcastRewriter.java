package dev.chorus.media.forwarding;

import dev.chorus.media.rtp.RtpPacket;

/**
 * The rewriting half of one receiver's simulcast stream: sequence number, timestamp and (for VP8)
 * PictureID/TL0PICIDX, applied in place to the receiver's copy of a packet the policy forwards.
 * The order matters: {@link SequenceNumberRewriter} goes first because it is the one that refuses
 * late packets of a layer we left; the others take any change of layer as a switch.
 *
 * <p>What went out under each output sequence number (timestamp, VP8 ids) is kept beside the
 * sequence ring, so a retransmission carries exactly what the original carried even after a switch
 * moved the offsets on.
 *
 * <p>Two ways to use it. In place: copy the packet (source seq/ts kept), then {@link #forward} the
 * copy. Or in two steps, when the copier wants the output seq/ts up front (as
 * {@code Consumer.send}): {@link #prepare} from the untouched source packet, copy with
 * {@link #preparedSequenceNumber}/{@link #preparedTimestamp}, then {@link #applyPrepared} to the
 * copy for the VP8 ids (before any RTX encapsulation moves the payload). DROP from the policy:
 * {@link #drop} with the source packet. NACK: {@link #lookup} → fetch (layer, source seq) from that
 * layer's cache → {@link #prepareRetransmission} → copy → {@link #applyPrepared} (or
 * {@link #rewriteRetransmission} in place). Allocation-free; one thread.
 */
public final class SimulcastRewriter {
    private static final int SENT = 1 << 26; // beside Vp8PictureIdRewriter's flags

    private final SequenceNumberRewriter seq;
    private final TimestampRewriter ts;
    private final Vp8PictureIdRewriter vp8;
    private final int[] sentTs; // by output seq & mask: the timestamp sent (low 32 bits)
    private final int[] sentIds; // PictureID | TL0PICIDX << 16 | flags
    private final int mask;
    private int preparedSeq = -1;
    private long preparedTs;
    private int preparedIds;

    /** With {@link SequenceNumberRewriter#DEFAULT_LAYERS} layers and history. */
    public SimulcastRewriter(int clockRate, int initialSeq, long initialTs, int initialPictureId, int initialTl0PicIdx) {
        this(clockRate, SequenceNumberRewriter.DEFAULT_LAYERS, SequenceNumberRewriter.DEFAULT_HISTORY,
                initialSeq, initialTs, initialPictureId, initialTl0PicIdx);
    }

    /**
     * The {@code initial*} values are what the first forwarded packet carries; random in production,
     * so the receiver's stream is independent of the publisher's.
     *
     * @param layers      simulcast layers (indices 0..layers-1)
     * @param historySize packets remembered for NACKs, a power of two (32 bytes each)
     */
    public SimulcastRewriter(int clockRate, int layers, int historySize, int initialSeq, long initialTs,
            int initialPictureId, int initialTl0PicIdx) {
        this.seq = new SequenceNumberRewriter(initialSeq, layers, historySize);
        this.ts = new TimestampRewriter(clockRate, initialTs);
        this.vp8 = new Vp8PictureIdRewriter(initialPictureId, initialTl0PicIdx);
        this.sentTs = new int[historySize];
        this.sentIds = new int[historySize];
        this.mask = historySize - 1;
    }

    /**
     * Rewrites the receiver's copy {@code out} of a packet of {@code layer} that the policy forwards
     * ({@link #prepare} from the copy, then {@link #applyPrepared} to it).
     *
     * @param vp8Payload the packet's payload is VP8 (its descriptor's ids are rewritten too)
     * @return false if it must not be sent after all (late packet of a layer, out of the reorder
     *     window, malformed VP8 descriptor); the policy's decision was made, so no {@link #drop}
     */
    public boolean forward(int layer, RtpPacket out, boolean vp8Payload, long nowNanos) {
        if (!prepare(layer, out, vp8Payload, nowNanos)) {
            return false;
        }
        applyPrepared(out, vp8Payload);
        return true;
    }

    /**
     * Computes (and records for NACKs) the output seq, timestamp and VP8 ids of a packet the policy
     * forwards, reading {@code src} without changing it.
     *
     * @return false if it must not be sent after all, as for {@link #forward}
     */
    public boolean prepare(int layer, RtpPacket src, boolean vp8Payload, long nowNanos) {
        preparedSeq = -1;
        int outSeq = seq.forward(layer, src.sequenceNumber());
        if (outSeq < 0) {
            return false;
        }
        int slot = outSeq & mask;
        sentIds[slot] = 0; // not sent: a NACK for it finds nothing
        long outTs = ts.rewrite(layer, src.timestamp(), nowNanos);
        int ids = SENT;
        // A payload-less (padding) packet has no descriptor to rewrite.
        if (vp8Payload && src.payloadLength() > 0) {
            int m = vp8.map(layer, src.buffer(), src.payloadOffset(), src.payloadLength());
            if (m < 0) {
                return false;
            }
            ids |= m;
        }
        sentTs[slot] = (int) outTs;
        sentIds[slot] = ids;
        preparedSeq = outSeq;
        preparedTs = outTs;
        preparedIds = ids;
        return true;
    }

    /** The output sequence number from the last successful prepare, -1 after a failed one. */
    public int preparedSequenceNumber() {
        return preparedSeq;
    }

    public long preparedTimestamp() {
        return preparedTs;
    }

    /** Writes the prepared seq, timestamp and VP8 ids into the receiver's copy. */
    public void applyPrepared(RtpPacket out, boolean vp8Payload) {
        out.setSequenceNumber(preparedSeq);
        out.setTimestamp(preparedTs);
        if (vp8Payload && out.payloadLength() > 0) {
            Vp8PictureIdRewriter.writeIds(out.buffer(), out.payloadOffset(), out.payloadLength(), preparedIds);
        }
    }

    /** The policy dropped this (source) packet of {@code layer}. Call for every dropped packet. */
    public void drop(int layer, RtpPacket src, boolean vp8Payload) {
        seq.drop(layer, src.sequenceNumber());
        if (vp8Payload && src.payloadLength() > 0) {
            vp8.drop(layer, src.buffer(), src.payloadOffset(), src.payloadLength());
        }
    }

    /** For a receiver's NACK: {@code layer << 16 | sourceSeq} of {@code outSeq}, or -1. */
    public int lookup(int outSeq) {
        int m = seq.lookup(outSeq);
        return m >= 0 && (sentIds[outSeq & mask] & SENT) != 0 ? m : SequenceNumberRewriter.NONE;
    }

    /**
     * Prepares a retransmission of {@code outSeq}: the seq, timestamp and VP8 ids its original
     * transmission had (then copy the source packet {@link #lookup} named and {@link #applyPrepared}).
     *
     * @return false if {@code outSeq} is unknown or evicted
     */
    public boolean prepareRetransmission(int outSeq) {
        if (lookup(outSeq) < 0) {
            preparedSeq = -1;
            return false;
        }
        int slot = outSeq & mask;
        preparedSeq = outSeq & 0xFFFF;
        preparedTs = sentTs[slot] & 0xFFFFFFFFL;
        preparedIds = sentIds[slot];
        return true;
    }

    /** {@link #prepareRetransmission} and {@link #applyPrepared} on the copy {@code out}. */
    public boolean rewriteRetransmission(int outSeq, RtpPacket out, boolean vp8Payload) {
        if (!prepareRetransmission(outSeq)) {
            return false;
        }
        applyPrepared(out, vp8Payload);
        return true;
    }

    /** The layer the output stream is on, -1 before the first packet. */
    public int currentLayer() {
        return seq.currentLayer();
    }

    /** Continues the stream {@code from} left off (before the first packet; see {@link StreamContinuation}). */
    public void continueFrom(StreamContinuation from) {
        ts.continueFrom(from.lastTs(), from.lastSendNanos());
    }

    /** Where the output stream is now, or null before the first packet. */
    public StreamContinuation continuation() {
        int last = seq.lastOutSeq();
        return last < 0 ? null
                : new StreamContinuation(last, ts.lastOutTimestamp(), ts.lastNanos(), vp8.lastPictureId(),
                        vp8.lastTl0PicIdx());
    }

    public int lastSequenceNumber() {
        return seq.lastOutSeq();
    }

    public long lastTimestamp() {
        return ts.lastOutTimestamp();
    }

    public int lastPictureId() {
        return vp8.lastPictureId();
    }

    public int lastTl0PicIdx() {
        return vp8.lastTl0PicIdx();
    }
}
