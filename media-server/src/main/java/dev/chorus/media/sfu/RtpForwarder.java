package dev.chorus.media.sfu;

import dev.chorus.media.rtp.RtpPacket;
import dev.chorus.media.rtp.RtpPacketWriter;
import dev.chorus.media.util.PacketBuffer;
import java.util.Arrays;

/**
 * The per-receiver rewrite of the forwarding hot path, with no policy and no I/O: copies a
 * publisher's packet into an output buffer while mapping its payload type and header-extension
 * ids to the receiver's negotiated values, offsetting sequence number and timestamp, and replacing
 * the SSRC. Allocation-free; the caller owns (and reuses) the output buffer and view.
 *
 * <p>Mappings are filled once at setup with {@link #mapPayloadType} and {@link #mapExtension};
 * a payload type without a mapping makes {@link #rewrite} drop the packet, an extension without a
 * mapping is removed from the copy. Payload and padding are copied verbatim.
 */
public final class RtpForwarder {
    private final int[] ptMap = new int[128];
    private final byte[] extIdMap = new byte[256];
    private final long ssrc;
    private int seqDelta;
    private long tsDelta;
    private int tccExtId;

    /**
     * @param ssrc     the SSRC the receiver sees
     * @param seqDelta added to each sequence number (mod 2^16)
     * @param tsDelta  added to each timestamp (mod 2^32)
     */
    public RtpForwarder(long ssrc, int seqDelta, long tsDelta) {
        this.ssrc = ssrc & 0xFFFFFFFFL;
        this.seqDelta = seqDelta & 0xFFFF;
        this.tsDelta = tsDelta & 0xFFFFFFFFL;
        Arrays.fill(ptMap, -1);
    }

    /**
     * Replaces the offsets (a consumer continuing another stream learns them from its first
     * packet); sequence numbers already sent keep mapping back only if nothing was sent before.
     */
    public void rebase(int seqDelta, long tsDelta) {
        this.seqDelta = seqDelta & 0xFFFF;
        this.tsDelta = tsDelta & 0xFFFFFFFFL;
    }

    /** Forwards source payload type {@code srcPt} as {@code dstPt} (both 0..127). */
    public RtpForwarder mapPayloadType(int srcPt, int dstPt) {
        if (srcPt < 0 || srcPt > 127 || dstPt < 0 || dstPt > 127) {
            throw new IllegalArgumentException("payload type out of range: " + srcPt + " -> " + dstPt);
        }
        ptMap[srcPt] = dstPt;
        return this;
    }

    /** Forwards source extension id {@code srcId} as {@code dstId} (1..255; 0 drops it again). */
    public RtpForwarder mapExtension(int srcId, int dstId) {
        if (srcId < 1 || srcId > 255 || dstId < 0 || dstId > 255) {
            throw new IllegalArgumentException("extension id out of range: " + srcId + " -> " + dstId);
        }
        extIdMap[srcId] = (byte) dstId;
        return this;
    }

    /**
     * Adds an empty transport-wide sequence number element (id {@code id}, 2 bytes) to every copy;
     * the transport fills it in when the packet actually leaves. 0 disables.
     */
    public RtpForwarder addTransportCc(int id) {
        if (id < 0 || id > 255) {
            throw new IllegalArgumentException("extension id out of range: " + id);
        }
        tccExtId = id;
        return this;
    }

    public int transportCcExtId() {
        return tccExtId;
    }

    /** The receiver's payload type for {@code srcPt}, or -1 if it is not forwarded. */
    public int outPayloadType(int srcPt) {
        return srcPt >= 0 && srcPt < 128 ? ptMap[srcPt] : -1;
    }

    /** True if at least one payload type is mapped. */
    public boolean canForward() {
        for (int pt : ptMap) {
            if (pt >= 0) {
                return true;
            }
        }
        return false;
    }

    public long ssrc() {
        return ssrc;
    }

    public int outSequenceNumber(int srcSeq) {
        return (srcSeq + seqDelta) & 0xFFFF;
    }

    /** Inverse of {@link #outSequenceNumber} (a receiver's NACK names output sequence numbers). */
    public int sourceSequenceNumber(int outSeq) {
        return (outSeq - seqDelta) & 0xFFFF;
    }

    public long outTimestamp(long srcTs) {
        return (srcTs + tsDelta) & 0xFFFFFFFFL;
    }

    /**
     * Writes the receiver's copy of {@code src} at offset 0 of {@code out}, sets {@code out}'s
     * offset/length to it and points {@code outView} at it. {@code out} must not hold
     * {@code src}'s bytes.
     *
     * @return the rewritten length, or -1 if the packet is dropped (unmapped payload type) or does
     *     not fit; {@code out} and {@code outView} are then unspecified
     */
    public int rewrite(RtpPacket src, PacketBuffer out, RtpPacket outView) {
        return rewrite(src, out, outView, outSequenceNumber(src.sequenceNumber()), outTimestamp(src.timestamp()));
    }

    /**
     * As {@link #rewrite(RtpPacket, PacketBuffer, RtpPacket)} with sequence number and timestamp
     * chosen by the caller (simulcast: a rewriter keeps them continuous across layer switches).
     */
    public int rewrite(RtpPacket src, PacketBuffer out, RtpPacket outView, int outSeq, long outTs) {
        int outPt = outPayloadType(src.payloadType());
        if (outPt < 0) {
            return -1;
        }
        byte[] dst = out.getBuffer();
        int len = tccExtId == 0
                ? RtpPacketWriter.copyWithExtensions(src, dst, 0, extIdMap)
                : RtpPacketWriter.copyWithExtensions(src, dst, 0, extIdMap, tccExtId, 0L, 2);
        if (len <= 0 || !outView.wrap(dst, 0, len)) {
            return -1;
        }
        outView.setPayloadType(outPt);
        outView.setSequenceNumber(outSeq & 0xFFFF);
        outView.setTimestamp(outTs & 0xFFFFFFFFL);
        outView.setSsrc(ssrc);
        out.setOffsetLength(0, len);
        return len;
    }
}
