package dev.chorus.media.sfu;

import dev.chorus.media.rtp.RtpPacket;

/**
 * The single-stream strategy (audio, and video without simulcast): every packet is forwarded with
 * fixed random sequence-number and timestamp offsets, so the receiver's stream is independent of
 * the publisher's while NACKs map back one to one.
 */
public final class SimpleConsumer extends Consumer {
    SimpleConsumer(Producer producer, WebRtcTransport transport, ConsumerParams params) {
        super(producer, transport, params);
    }

    @Override
    void forward(RtpPacket src, MediaPacketInfo info, long nowNanos) {
        if (send(src, forwarder.outSequenceNumber(src.sequenceNumber()), forwarder.outTimestamp(src.timestamp()),
                nowNanos, false)) {
            forwarded++;
        } else {
            dropped++;
        }
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
