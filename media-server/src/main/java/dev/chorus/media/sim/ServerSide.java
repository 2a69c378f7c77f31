package dev.chorus.media.sim;

import dev.chorus.media.bwe.BweConfig;
import dev.chorus.media.bwe.Pacer;
import dev.chorus.media.bwe.SendController;
import dev.chorus.media.forwarding.KeyFrameRequestPolicy;
import dev.chorus.media.forwarding.LayerSelector;
import dev.chorus.media.forwarding.SequenceNumberRewriter;
import dev.chorus.media.forwarding.SimulcastRewriter;
import dev.chorus.media.quality.Allocation;
import dev.chorus.media.quality.BandwidthAllocator;
import dev.chorus.media.quality.LayerDemand;
import dev.chorus.media.quality.RatePolicy;
import dev.chorus.media.quality.VideoTrack;
import dev.chorus.media.rtcp.RtcpParser;
import dev.chorus.media.rtcp.RtcpVisitor;
import dev.chorus.media.rtp.RtpPacket;
import dev.chorus.media.rtp.RtxPackets;
import dev.chorus.media.rtp.codec.Vp8PayloadDescriptor;
import dev.chorus.media.sfu.RtpForwarder;
import dev.chorus.media.stream.RateTracker;
import dev.chorus.media.stream.RetransmissionCache;
import dev.chorus.media.telemetry.LinkTelemetry;
import dev.chorus.media.telemetry.TelemetryRow;
import dev.chorus.media.util.PacketBuffer;
import java.util.List;

/**
 * The server's side of one publisher → one receiver, socket-free. The unmodified production units do
 * the work — {@link SendController} (estimator, probes, pacer, transport-wide sequence numbers,
 * retransmission cap), {@link BandwidthAllocator} + {@link VideoTrack} + {@link LayerDemand},
 * {@link LayerSelector}, {@link SimulcastRewriter}, {@link KeyFrameRequestPolicy}, {@link RtpForwarder},
 * {@link RetransmissionCache}, {@link RateTracker} — and this class is the thin glue the sfu package
 * has around them, mirrored line for line (the sfu classes need sockets, SRTP and a worker thread):
 * {@code Producer.onRtp} / {@code requestKeyFrame} / {@code onTick}, {@code ProducerLayer}'s meters,
 * {@code SimulcastConsumer.forward} / {@code retransmit} / {@code requestKeyFrame},
 * {@code SimpleConsumer.forward}, {@code Consumer.transmit} / {@code toRtx} / {@code writeRtxPadding},
 * {@code ReceiverBandwidth.describe} / {@code allocate} and {@code WebRtcTransport.allocate}. The one
 * addition is the {@link RatePolicy} deciding what the allocator may spend (the gcc policy gives it the
 * estimate, as the server does).
 */
final class ServerSide implements SendController.Output {
    static final int TCC_EXT_ID = 5;
    static final long VIDEO_OUT_SSRC = 0xCAFE0001L;
    static final long RTX_OUT_SSRC = 0xCAFE0002L;
    static final long AUDIO_OUT_SSRC = 0xCAFE0003L;
    static final int RTX_PT = 97;
    static final int SR_BYTES = 52; // SR + SDES, SRTCP-protected
    private static final long ACTIVE_WITHIN_NANOS = 1_000_000_000L; // ReceiverBandwidth
    private static final long LAYER_HOLD_OFF_NANOS = 5_000_000_000L; // Producer
    private static final int CACHE_PACKETS = 512; // ProducerLayer

    /** Where transmitted datagrams go (the bottleneck). */
    interface Network {
        void transmit(SimPacket p, long nowNanos);
    }

    /** What one {@code ProducerLayer} measures (same trackers, same arithmetic). */
    private static final class LayerMeter {
        final RateTracker rate = new RateTracker();
        final RateTracker[] temporalRates = {new RateTracker(), new RateTracker(), new RateTracker(), new RateTracker()};
        final RetransmissionCache cache = new RetransmissionCache(CACHE_PACKETS);
        int maxTid = -1;
        long lastPacketNanos = Long.MIN_VALUE;
        boolean keyFramePending;

        boolean isActive(long now, long within) {
            return lastPacketNanos != Long.MIN_VALUE && now - lastPacketNanos < within;
        }

        int temporalLayerCount() {
            return maxTid < 0 ? 1 : Math.min(maxTid, 3) + 1;
        }

        long bitrateUpToBps(int tid, long now) {
            if (maxTid < 0) {
                return rate.bitrateBps(now);
            }
            long sum = 0;
            for (int t = 0; t <= Math.min(tid, 3); t++) {
                sum += temporalRates[t].bitrateBps(now);
            }
            return sum;
        }

        double frameRateUpTo(int tid, long now) {
            if (maxTid < 0) {
                return rate.frameRate(now);
            }
            double sum = 0;
            for (int t = 0; t <= Math.min(tid, 3); t++) {
                sum += temporalRates[t].frameRate(now);
            }
            return sum;
        }
    }

    private final SourceConfig source;
    private final Publisher publisher;
    private final Network network;
    private final RatePolicy policy;
    private final SendController send = new SendController(BweConfig.DEFAULT, this);
    private final LinkTelemetry telemetry;
    private final LayerMeter[] layers;
    private final KeyFrameRequestPolicy keyFramePolicy;
    private final LayerDemand<Object> demand;
    private final LayerSelector selector;
    private final SimulcastRewriter rewriter;
    private final RtpForwarder videoForwarder;
    private final RtpForwarder audioForwarder;
    private final RateTracker audioSendRate = new RateTracker();
    private final BandwidthAllocator allocator = new BandwidthAllocator();
    private final VideoTrack<String> track = new VideoTrack<>("camera");
    private final List<VideoTrack<String>> tracks = List.of(track);
    private final PacketBuffer scratch = new PacketBuffer();
    private final RtpPacket scratchView = new RtpPacket();
    private final RtpPacket src = new RtpPacket();
    private final RtpPacket outView = new RtpPacket();
    private final byte[] retransmitBuf = new byte[PacketBuffer.CAPACITY];
    private final RtpPacket retransmitView = new RtpPacket();
    private int rtxSeq = 3000;
    private long videoPacketsSent;
    private long lastVideoTs;

    private long lastAllocatedBps = -1;
    private long lastDesiredBps = -1;
    private long allowedBps = -1;
    private long sentBytes;
    private long nextSenderReport;
    // counters for the run's metrics
    long retransmissions;
    long nacksReceived;
    long plisReceived;
    long plisToPublisher;

    ServerSide(SourceConfig source, Publisher publisher, Network network, RatePolicy policy, String link, long seed) {
        this.source = source;
        this.publisher = publisher;
        this.network = network;
        this.policy = policy;
        this.telemetry = new LinkTelemetry(link);
        send.estimator().setFeedbackListener(telemetry);
        send.setSendExtensionId(TCC_EXT_ID);
        int n = source.layers();
        layers = new LayerMeter[n];
        for (int i = 0; i < n; i++) {
            layers[i] = new LayerMeter();
        }
        keyFramePolicy = new KeyFrameRequestPolicy(n);
        demand = n > 1 ? new LayerDemand<>(n, LAYER_HOLD_OFF_NANOS, 0) : null;
        selector = new LayerSelector(n);
        java.util.Random r = new java.util.Random(seed);
        rewriter = new SimulcastRewriter(90000, Math.max(n, SequenceNumberRewriter.DEFAULT_LAYERS), 2048,
                r.nextInt(1 << 16), r.nextInt() & 0xFFFFFFFFL, r.nextInt(1 << 15), r.nextInt(1 << 8));
        selector.setTarget(0, LayerSelector.MAX_TEMPORAL); // SimulcastConsumer: start low until measured
        videoForwarder = new RtpForwarder(VIDEO_OUT_SSRC, r.nextInt(1 << 16), r.nextInt() & 0xFFFFFFFFL)
                .mapPayloadType(Publisher.VIDEO_PT, Publisher.VIDEO_PT).addTransportCc(TCC_EXT_ID);
        audioForwarder = new RtpForwarder(AUDIO_OUT_SSRC, r.nextInt(1 << 16), r.nextInt() & 0xFFFFFFFFL)
                .mapPayloadType(Publisher.AUDIO_PT, Publisher.AUDIO_PT).addTransportCc(TCC_EXT_ID);
        track.layerCount(n, 1);
    }

    // ---- from the publisher (Producer.onRtp, then the consumers' forward)

    void onVideo(int layer, byte[] buf, int len, long now) {
        if (!src.wrap(buf, 0, len)) {
            return;
        }
        LayerMeter l = layers[layer];
        l.lastPacketNanos = now;
        l.rate.onPacket(src.length(), src.timestamp(), now);
        byte[] b = src.buffer();
        int off = src.payloadOffset();
        int plen = src.payloadLength();
        boolean start = Vp8PayloadDescriptor.isStartOfPartition(b, off, plen)
                && Vp8PayloadDescriptor.partitionId(b, off, plen) == 0;
        boolean key = Vp8PayloadDescriptor.isKeyframe(b, off, plen);
        int tid = Vp8PayloadDescriptor.hasTid(b, off, plen) ? Vp8PayloadDescriptor.tid(b, off, plen) : -1;
        boolean sync = tid >= 0 && Vp8PayloadDescriptor.layerSync(b, off, plen);
        if (tid >= 0) {
            int t = Math.min(tid, 3);
            l.temporalRates[t].onPacket(src.length(), src.timestamp(), now);
            l.maxTid = Math.max(l.maxTid, t);
        }
        l.cache.store(src.sequenceNumber(), src.buffer(), src.offset(), src.length(), now);
        if (key && start) {
            l.keyFramePending = false;
            keyFramePolicy.onKeyFrame(layer);
        }
        // SimulcastConsumer.forward
        int decision = selector.decide(layer, src.timestamp(), tid, key, start, sync, now);
        int need = selector.keyFrameNeeded();
        if (need >= 0) {
            requestKeyFrameFromPublisher(need, now);
        }
        if (decision == LayerSelector.DROP) {
            rewriter.drop(layer, src, true);
            return;
        }
        if (prepare(videoForwarder, src, src.sequenceNumber(), src.timestamp())
                && rewriter.forward(layer, scratchView, true, now)) {
            transmit(now, false, false);
        }
    }

    /** SimpleConsumer.forward for the audio track. */
    void onAudio(byte[] buf, int len, long now) {
        if (src.wrap(buf, 0, len) && prepare(audioForwarder, src, audioForwarder.outSequenceNumber(src.sequenceNumber()),
                audioForwarder.outTimestamp(src.timestamp()))) {
            transmit(now, false, true);
        }
    }

    private boolean prepare(RtpForwarder f, RtpPacket p, int outSeq, long outTs) {
        return f.rewrite(p, scratch, scratchView, outSeq, outTs) >= 0;
    }

    /** Consumer.transmit: RTX for retransmissions, then the send controller; counts what it took. */
    private boolean transmit(long now, boolean retransmission, boolean audio) {
        int prio;
        if (retransmission) {
            if (!toRtx()) {
                return false;
            }
            prio = Pacer.PRIORITY_RETRANSMISSION;
        } else {
            prio = audio ? Pacer.PRIORITY_AUDIO : Pacer.PRIORITY_VIDEO;
        }
        int len = scratch.getLength();
        if (!send.send(scratch, prio, now)) {
            return false;
        }
        if (audio) {
            audioSendRate.onPacket(len, scratchView.timestamp(), now);
        } else if (!retransmission) {
            videoPacketsSent++;
            lastVideoTs = scratchView.timestamp();
        }
        return true;
    }

    /** Consumer.toRtx: OSN first in the payload, RTX payload type, SSRC and sequence number. */
    private boolean toRtx() {
        if (!RtxPackets.toRtx(scratch, scratchView, RTX_PT, RTX_OUT_SSRC, rtxSeq)) {
            return false;
        }
        rtxSeq = (rtxSeq + 1) & 0xFFFF;
        return true;
    }

    /** Producer.requestKeyFrame: pending until a key frame arrives, PLIs throttled by the policy. */
    private void requestKeyFrameFromPublisher(int layer, long now) {
        if (layer < 0 || layer >= layers.length) {
            return;
        }
        layers[layer].keyFramePending = true;
        trySendPli(layer, now);
    }

    private void trySendPli(int layer, long now) {
        if (keyFramePolicy.request(layer, now)) {
            plisToPublisher++;
            publisher.requestKeyFrame(layer, now);
        }
    }

    // ---- from the receiver (RTCP)

    /** SimulcastConsumer.retransmit. */
    void onNack(int outSeq, long now) {
        nacksReceived++;
        int mapping = rewriter.lookup(outSeq);
        if (mapping < 0) {
            return;
        }
        int layer = SequenceNumberRewriter.layerOf(mapping);
        if (layer >= layers.length || layer != selector.currentSpatial()) {
            return; // a layer we switched away from: useless to the decoder, costly on the link
        }
        int len = layers[layer].cache.get(SequenceNumberRewriter.sourceSeqOf(mapping), retransmitBuf, 0, now);
        if (len <= 0) {
            return;
        }
        if (retransmitView.wrap(retransmitBuf, 0, len)
                && prepare(videoForwarder, retransmitView, retransmitView.sequenceNumber(), retransmitView.timestamp())
                && rewriter.rewriteRetransmission(outSeq, scratchView, true) && transmit(now, true, false)) {
            retransmissions++;
        }
    }

    /** SimulcastConsumer.requestKeyFrame: a receiver's PLI. */
    void onPli(long now) {
        plisReceived++;
        int layer = selector.keyFrameNeeded();
        if (layer < 0) {
            layer = selector.currentSpatial();
        }
        requestKeyFrameFromPublisher(layer >= 0 ? layer : Math.max(0, selector.targetSpatial()), now);
    }

    private final RtcpVisitor feedbackVisitor = new RtcpVisitor() {
        @Override
        public void onTransportCc(long sender, long media, byte[] buf, int off, int len) {
            send.onTransportCc(buf, off, len, feedbackNow);
        }
    };
    private long feedbackNow;

    /** A transport-wide CC feedback compound packet, parsed by the real RTCP parser. */
    void onRtcp(byte[] rtcp, long now) {
        feedbackNow = now;
        RtcpParser.parse(rtcp, 0, rtcp.length, feedbackVisitor);
    }

    void onReceiverReport(int fractionLost, long rttMillis, long now) {
        send.onReceiverReport(fractionLost, rttMillis, now);
    }

    /** The receiver's freeze-count report (client-stats): straight to the policy. */
    void onRenderReport(long freezeCount, long now) {
        policy.onRenderReport(now, freezeCount);
    }

    // ---- timers

    /** The worker's pace timer. */
    void onPace(long now) {
        send.onPace(now);
    }

    /** The worker's 20 ms tick: Producer.onTick (layer demand, pending key frames) and RTCP reports. */
    void onTick(long now) {
        if (demand != null && demand.tick(now)) {
            publisher.setActiveLayers(demand.activeMask(), now);
        }
        for (int i = 0; i < layers.length; i++) {
            if (layers[i].keyFramePending) {
                trySendPli(i, now);
            }
        }
        if (now >= nextSenderReport) {
            nextSenderReport = now + 1_000_000_000L;
            network.transmit(SimPacket.senderReport(SR_BYTES, now), now);
        }
    }

    /**
     * Every 100 ms: the telemetry row, the policy's budget, then the allocation as
     * WebRtcTransport.allocate and ReceiverBandwidth.allocate do it. Returns the row.
     */
    TelemetryRow allocate(long now) {
        TelemetryRow row = telemetry.sample(now, send, lastAllocatedBps, lastDesiredBps);
        allowedBps = Math.max(0, policy.allowedBps(row));
        long fixed = audioSendRate.bitrateBps(now);
        describe(now);
        Allocation a = allocator.allocate(Math.max(0, allowedBps - fixed), now, tracks);
        if (track.state() == VideoTrack.State.UNAVAILABLE) {
            selector.setTarget(0, LayerSelector.MAX_TEMPORAL);
        } else {
            selector.setTarget(track.spatial(), track.temporal() < 0 ? LayerSelector.MAX_TEMPORAL : track.temporal());
        }
        if (demand != null && demand.update(this, track.spatial(), track.targetSpatial(), now)) {
            publisher.setActiveLayers(demand.activeMask(), now);
        }
        send.onAllocation(policy.probeTargetBps(a.probeTargetBps() + fixed), selector.targetSpatial() >= 0, now);
        lastAllocatedBps = a.totalBps() + fixed;
        lastDesiredBps = a.desiredBps() + fixed;
        return row;
    }

    /** ReceiverBandwidth.describe for the one camera track (no tile size: ideal = the top layer). */
    private void describe(long now) {
        int n = layers.length;
        int temporal = 1;
        for (LayerMeter l : layers) {
            temporal = Math.max(temporal, l.temporalLayerCount());
        }
        track.layerCount(n, temporal);
        for (int s = 0; s < n; s++) {
            int h = source.layerHeights().get(s);
            track.resolution(s, h * 16 / 9, h);
            boolean active = layers[s].isActive(now, ACTIVE_WITHIN_NANOS);
            for (int tid = 0; tid < temporal; tid++) {
                track.layer(s, tid, layers[s].frameRateUpTo(tid, now), layers[s].bitrateUpToBps(tid, now), active);
            }
        }
    }

    // ---- SendController.Output

    @Override
    public void transmit(PacketBuffer p, long now) {
        SimPacket sp = SimPacket.of(p.getBuffer(), p.getOffset(), p.getLength(), now);
        if (outView.wrap(p.getBuffer(), p.getOffset(), p.getLength())) {
            sp.tccSeq = outView.extensionU16(TCC_EXT_ID);
            sp.ssrc = outView.ssrc();
            sp.padding = outView.payloadLength() == 0;
        }
        sentBytes += p.getLength();
        network.transmit(sp, now);
    }

    /** Consumer.writeRtxPadding on the video consumer's RTX stream (once video has been sent). */
    @Override
    public int writePadding(byte[] buf, int padding, int tccExtId) {
        if (videoPacketsSent == 0) {
            return -1;
        }
        int len = RtxPackets.writePadding(buf, RTX_PT, rtxSeq, lastVideoTs, RTX_OUT_SSRC, tccExtId, padding);
        if (len > 0) {
            rtxSeq = (rtxSeq + 1) & 0xFFFF;
        }
        return len;
    }

    // ---- for the run's metrics

    SendController sendController() {
        return send;
    }

    LayerSelector selector() {
        return selector;
    }

    VideoTrack<String> track() {
        return track;
    }

    /** Everything handed to the network so far (media, retransmissions, padding), bytes. */
    long sentBytes() {
        return sentBytes;
    }

    long allowedBps() {
        return allowedBps;
    }

    long allocatedBps() {
        return lastAllocatedBps;
    }
}
