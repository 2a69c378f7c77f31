package dev.chorus.media.forwarding;

import dev.chorus.media.rtp.RtpPacket;
import dev.chorus.media.rtp.codec.Vp8PayloadDescriptor;

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
 * <p>Usage per packet: {@code LayerSelector.decide} → FORWARD: copy (RtpForwarder with zero
 * deltas), then {@link #forward}, send if true; DROP: {@link #drop} with the source packet.
 * NACK: {@link #lookup} → fetch (layer, source seq) from that layer's cache → copy →
 * {@link #rewriteRetransmission}. Allocation-free; one thread.
 */
public final class SimulcastRewriter {
    private static final int HAS_PICTURE_ID = 1 << 24;
    private static final int HAS_TL0 = 1 << 25;
    private static final int SENT = 1 << 26;

    private final SequenceNumberRewriter seq;
    private final TimestampRewriter ts;
    private final Vp8PictureIdRewriter vp8;
    private final int[] sentTs; // by output seq & mask: the timestamp sent (low 32 bits)
    private final int[] sentIds; // PictureID | TL0PICIDX << 16 | flags
    private final int mask;

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
     * Rewrites the receiver's copy {@code out} of a packet of {@code layer} that the policy forwards.
     *
     * @param vp8 the packet's payload is VP8 (its descriptor's ids are rewritten too)
     * @return false if it must not be sent after all (late packet of a layer, out of the reorder
     *     window, malformed VP8 descriptor); the policy's decision was made, so no {@link #drop}
     */
    public boolean forward(int layer, RtpPacket out, boolean vp8Payload, long nowNanos) {
        int outSeq = seq.forward(layer, out.sequenceNumber());
        if (outSeq < 0) {
            return false;
        }
        int slot = outSeq & mask;
        sentIds[slot] = 0; // not sent (yet): a NACK for it finds nothing
        long outTs = ts.rewrite(layer, out.timestamp(), nowNanos);
        int ids = SENT;
        // A payload-less (padding) packet has no descriptor to rewrite.
        if (vp8Payload && out.payloadLength() > 0) {
            byte[] b = out.buffer();
            int off = out.payloadOffset();
            int len = out.payloadLength();
            if (!vp8.rewrite(layer, b, off, len)) {
                return false;
            }
            ids |= captureIds(b, off, len);
        }
        out.setSequenceNumber(outSeq);
        out.setTimestamp(outTs);
        sentTs[slot] = (int) outTs;
        sentIds[slot] = ids;
        return true;
    }

    private static int captureIds(byte[] b, int off, int len) {
        int ids = 0;
        int pic = Vp8PayloadDescriptor.pictureId(b, off, len);
        if (pic >= 0) {
            ids |= HAS_PICTURE_ID | pic;
        }
        int tl0 = Vp8PayloadDescriptor.tl0PicIdx(b, off, len);
        if (tl0 >= 0) {
            ids |= HAS_TL0 | tl0 << 16;
        }
        return ids;
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
     * Gives {@code out} (the receiver's copy of the source packet {@link #lookup} named) the sequence
     * number, timestamp and VP8 ids the original transmission of {@code outSeq} had.
     *
     * @return false if {@code outSeq} is unknown or evicted
     */
    public boolean rewriteRetransmission(int outSeq, RtpPacket out, boolean vp8Payload) {
        if (lookup(outSeq) < 0) {
            return false;
        }
        int slot = outSeq & mask;
        int ids = sentIds[slot];
        out.setSequenceNumber(outSeq & 0xFFFF);
        out.setTimestamp(sentTs[slot] & 0xFFFFFFFFL);
        if (vp8Payload && out.payloadLength() > 0) {
            byte[] b = out.buffer();
            int off = out.payloadOffset();
            int len = out.payloadLength();
            if ((ids & HAS_PICTURE_ID) != 0) {
                Vp8PayloadDescriptor.setPictureId(b, off, len, ids & 0x7FFF);
            }
            if ((ids & HAS_TL0) != 0) {
                Vp8PayloadDescriptor.setTl0PicIdx(b, off, len, (ids >>> 16) & 0xFF);
            }
        }
        return true;
    }

    /** The layer the output stream is on, -1 before the first packet. */
    public int currentLayer() {
        return seq.currentLayer();
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
