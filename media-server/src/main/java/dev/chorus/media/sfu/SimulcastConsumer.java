package dev.chorus.media.sfu;

import dev.chorus.media.rtp.RtpPacket;

/**
 * The simulcast strategy: forwards one of the producer's layers at a time as one continuous
 * stream. Placeholder wiring until the layer selector and rewriters land: forwards layer 0 only.
 */
public final class SimulcastConsumer extends Consumer {
    SimulcastConsumer(Producer producer, WebRtcTransport transport, ConsumerParams params) {
        super(producer, transport, params);
    }

    @Override
    void forward(RtpPacket src, MediaPacketInfo info, long nowNanos) {
        if (info.layer != 0) {
            return;
        }
        if (send(src, forwarder.outSequenceNumber(src.sequenceNumber()), forwarder.outTimestamp(src.timestamp()),
                nowNanos, false)) {
            forwarded++;
        } else {
            dropped++;
        }
    }

    @Override
    void retransmit(int outSeq, long nowNanos) {
    }

    @Override
    void requestKeyFrame(long nowNanos) {
        keyFrameRequests++;
        producer.requestKeyFrame(0, nowNanos);
    }
}
