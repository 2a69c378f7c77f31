package dev.chorus.media.sfu;

import dev.chorus.media.forwarding.LayerSelector;
import dev.chorus.media.forwarding.SequenceNumberRewriter;
import dev.chorus.media.forwarding.SimulcastRewriter;
import dev.chorus.media.forwarding.StreamContinuation;
import dev.chorus.media.rtp.RtpPacket;

/**
 * The simulcast strategy: one receiver gets one of the producer's layers at a time as one
 * continuous stream. Policy — which layer, which frames — is the {@link LayerSelector}'s, steered by
 * the receiver's bandwidth allocator through {@link #setTargetLayers}; mechanism — sequence numbers,
 * timestamps and VP8 picture ids kept continuous across switches — is the {@link SimulcastRewriter}'s.
 */
public final class SimulcastConsumer extends Consumer {
    private static final int HISTORY = 2048;

    private final LayerSelector selector;
    private final SimulcastRewriter rewriter;
    private final boolean vp8;

    SimulcastConsumer(Producer producer, WebRtcTransport transport, ConsumerParams params) {
        super(producer, transport, params);
        int layers = producer.layerCount();
        this.selector = new LayerSelector(layers);
        StreamContinuation from = params.continueFrom();
        this.rewriter = new SimulcastRewriter(producer.clockRate(), Math.max(layers, SequenceNumberRewriter.DEFAULT_LAYERS),
                HISTORY, from != null ? from.nextSeq() : RANDOM.nextInt(1 << 16), RANDOM.nextInt() & 0xFFFFFFFFL,
                from != null ? from.nextPictureId(RANDOM.nextInt(1 << 15)) : RANDOM.nextInt(1 << 15),
                from != null ? from.nextTl0PicIdx(RANDOM.nextInt(1 << 8)) : RANDOM.nextInt(1 << 8));
        if (from != null) {
            rewriter.continueFrom(from);
        }
        this.vp8 = !producer.params().codecs().isEmpty()
                && "VP8".equalsIgnoreCase(producer.params().codecs().get(0).name());
        // start low until the allocator has measured something: the lowest layer decodes anywhere
        selector.setTarget(0, LayerSelector.MAX_TEMPORAL);
    }

    /** The allocator's decision: spatial -1 pauses the track. */
    void setTargetLayers(int spatial, int temporal) {
        selector.setTarget(spatial, temporal < 0 ? LayerSelector.MAX_TEMPORAL : temporal);
    }

    @Override
    public StreamContinuation continuation() {
        StreamContinuation now = rewriter.continuation();
        return now != null ? now : params.continueFrom();
    }

    @Override
    void forward(RtpPacket src, MediaPacketInfo info, long nowNanos) {
        int decision = selector.decide(info.layer, src.timestamp(), info.temporalLayer, info.keyFrame,
                info.startOfFrame, info.layerSync, nowNanos);
        int need = selector.keyFrameNeeded();
        if (need >= 0) {
            producer.requestKeyFrame(need, nowNanos);
        }
        if (decision == LayerSelector.DROP) {
            rewriter.drop(info.layer, src, vp8);
            return;
        }
        if (prepare(src, src.sequenceNumber(), src.timestamp())
                && rewriter.forward(info.layer, transport.scratchView(), vp8, nowNanos)
                && transmit(nowNanos, false)) {
            forwarded++;
        } else {
            dropped++;
        }
    }

    @Override
    void retransmit(int outSeq, long nowNanos) {
        int mapping = rewriter.lookup(outSeq);
        if (mapping < 0 || isClosed()) {
            return;
        }
        int layer = SequenceNumberRewriter.layerOf(mapping);
        if (layer >= producer.layerCount() || layer != selector.currentSpatial()) {
            // a packet of a layer we switched away from: the receiver's decoder restarted at the new
            // layer's keyframe and cannot use it, and the link that made us switch has no room for it
            return;
        }
        var cache = producer.layer(layer).cache;
        byte[] tmp = transport.retransmitScratch();
        int len = cache == null ? 0 : cache.get(SequenceNumberRewriter.sourceSeqOf(mapping), tmp, 0, nowNanos);
        if (len <= 0) {
            return;
        }
        RtpPacket view = transport.retransmitView();
        if (view.wrap(tmp, 0, len) && prepare(view, view.sequenceNumber(), view.timestamp())
                && rewriter.rewriteRetransmission(outSeq, transport.scratchView(), vp8)
                && transmit(nowNanos, true)) {
            retransmitted++;
        }
    }

    @Override
    void requestKeyFrame(long nowNanos) {
        keyFrameRequests++;
        // while a switch waits for the new layer's keyframe, that keyframe also answers the receiver;
        // asking for one of the layer being left would cost a big frame on a link that is already short
        int layer = selector.keyFrameNeeded();
        if (layer < 0) {
            layer = selector.currentSpatial();
        }
        producer.requestKeyFrame(layer >= 0 ? layer : Math.max(0, selector.targetSpatial()), nowNanos);
    }

    @Override
    int currentSpatialLayer() {
        return selector.forwarding() ? selector.currentSpatial() : -1;
    }

    @Override
    int currentTemporalLayer() {
        return selector.forwarding() ? selector.currentTemporal() : -1;
    }

    @Override
    int targetSpatialLayer() {
        return selector.targetSpatial();
    }

    @Override
    int targetTemporalLayer() {
        return selector.targetTemporal();
    }

    @Override
    long layerSwitches() {
        return selector.switches();
    }
}
