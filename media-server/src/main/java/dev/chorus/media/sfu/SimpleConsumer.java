package dev.chorus.media.sfu;

import dev.chorus.media.forwarding.StreamContinuation;
import dev.chorus.media.rtp.RtpPacket;
import dev.chorus.media.rtp.SequenceNumbers;

/**
 * The single-stream strategy (audio, and video without simulcast): every packet is forwarded with
 * fixed random sequence-number and timestamp offsets, so the receiver's stream is independent of
 * the publisher's while NACKs map back one to one.
 */
public final class SimpleConsumer extends Consumer {
    /** Set until the first packet when continuing another stream: the offsets are fixed from it. */
    private StreamContinuation pendingContinuation;
    private int lastOutSeq = -1;
    private long lastOutTs;
    private long lastSendNanos;

    SimpleConsumer(Producer producer, WebRtcTransport transport, ConsumerParams params) {
        super(producer, transport, params);
        this.pendingContinuation = params.continueFrom();
    }

    @Override
    void forward(RtpPacket src, MediaPacketInfo info, long nowNanos) {
        if (pendingContinuation != null) {
            StreamContinuation from = pendingContinuation;
            pendingContinuation = null;
            forwarder.rebase(from.nextSeq() - src.sequenceNumber(),
                    from.nextTimestamp(producer.clockRate(), nowNanos) - src.timestamp());
        }
        int outSeq = forwarder.outSequenceNumber(src.sequenceNumber());
        long outTs = forwarder.outTimestamp(src.timestamp());
        if (send(src, outSeq, outTs, nowNanos, false)) {
            forwarded++;
            if (lastOutSeq < 0 || SequenceNumbers.isNewer(outSeq, lastOutSeq)) {
                lastOutSeq = outSeq;
                lastOutTs = outTs;
                lastSendNanos = nowNanos;
            }
        } else {
            dropped++;
        }
    }

    @Override
    public StreamContinuation continuation() {
        if (lastOutSeq < 0) {
            return pendingContinuation;
        }
        return new StreamContinuation(lastOutSeq, lastOutTs, lastSendNanos, -1, -1);
    }

    @Override
    void retransmit(int outSeq, long nowNanos) {
        var cache = producer.cache();
        if (cache == null || isClosed()) {
            return;
        }
        int srcSeq = forwarder.sourceSequenceNumber(outSeq);
        byte[] tmp = transport.retransmitScratch();
        int len = cache.get(srcSeq, tmp, 0, nowNanos);
        if (len <= 0) {
            return;
        }
        RtpPacket view = transport.retransmitView();
        if (view.wrap(tmp, 0, len) && send(view, outSeq, forwarder.outTimestamp(view.timestamp()), nowNanos, true)) {
            retransmitted++;
        }
    }

    @Override
    void requestKeyFrame(long nowNanos) {
        keyFrameRequests++;
        producer.requestKeyFrame(0, nowNanos);
    }
}
