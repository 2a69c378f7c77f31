package dev.chorus.media.sfu;

import dev.chorus.media.forwarding.KeyFrameRequestPolicy;
import dev.chorus.media.quality.LayerDemand;
import dev.chorus.media.rtp.RtpPacket;
import dev.chorus.media.rtp.codec.H264Payload;
import dev.chorus.media.rtp.codec.Vp8KeyFrameHeader;
import dev.chorus.media.rtp.codec.Vp8PayloadDescriptor;
import dev.chorus.media.stream.RetransmissionCache;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A publisher's track on its transport: one {@link ProducerLayer} per encoding (simulcast layers,
 * or the single stream), the fan-out to consumers, and what every consumer needs to know about a
 * packet ({@link MediaPacketInfo}), parsed once. Touched only by its router's worker thread.
 */
public final class Producer {
    private static final Consumer[] NO_CONSUMERS = new Consumer[0];
    private static final int CODEC_OTHER = 0;
    private static final int CODEC_VP8 = 1;
    private static final int CODEC_H264 = 2;

    private static final ProducerTap[] NO_TAPS = new ProducerTap[0];

    private final String id = UUID.randomUUID().toString();
    private final Router router;
    /** The publisher's transport, or null for a producer fed in-process ({@link LocalProducer}). */
    private final WebRtcTransport transport;
    /** Set for a producer fed in-process: keyframe requests go to its source instead of a PLI. */
    private LocalProducer local;
    private ProducerTap[] taps = NO_TAPS;
    private final ProducerParams params;
    private final byte[] midBytes;
    private final ProducerLayer[] layers;
    private final List<Consumer> consumerList = new ArrayList<>();
    private Consumer[] consumers = NO_CONSUMERS;
    /** Consumers plus taps, for sources that encode only while someone receives (any thread reads it). */
    private volatile int receivers;
    private final int[] ptCodecIndex = new int[128];
    private final int[] ptCodecKind = new int[128];
    private final int[] rtxPtToMediaPt = new int[128];
    private final MediaPacketInfo info = new MediaPacketInfo();
    /** One outstanding keyframe request per layer, a few per second at most: never a storm. */
    private final KeyFrameRequestPolicy keyFramePolicy;
    private final int audioLevelExtId;
    /** Which encodings receivers need, for pausing the rest at the publisher (simulcast video only). */
    private final LayerDemand<Object> demand;
    private static final long LAYER_HOLD_OFF_NANOS = 5_000_000_000L;
    private long packets;
    private long bytes;
    private boolean closed;

    Producer(WebRtcTransport transport, ProducerParams params) {
        this(transport.router(), transport, params);
    }

    /** A producer without a transport (see {@link LocalProducer}). */
    Producer(Router router, WebRtcTransport transport, ProducerParams params) {
        this.router = router;
        this.transport = transport;
        this.params = params;
        this.midBytes = params.mid().getBytes(StandardCharsets.US_ASCII);
        Arrays.fill(ptCodecIndex, -1);
        Arrays.fill(rtxPtToMediaPt, -1);
        for (int i = 0; i < params.codecs().size(); i++) {
            CodecParams c = params.codecs().get(i);
            int pt = c.payloadType();
            if (pt >= 0 && pt < 128) {
                ptCodecIndex[pt] = i;
                ptCodecKind[pt] = "VP8".equalsIgnoreCase(c.name()) ? CODEC_VP8
                        : "H264".equalsIgnoreCase(c.name()) ? CODEC_H264 : CODEC_OTHER;
                if (c.rtxPayloadType() >= 0 && c.rtxPayloadType() < 128) {
                    rtxPtToMediaPt[c.rtxPayloadType()] = pt;
                }
            }
        }
        boolean video = params.kind() == MediaKind.VIDEO;
        Integer al = params.extensions().get(HeaderExtensionUris.AUDIO_LEVEL);
        audioLevelExtId = video || al == null ? -1 : al;
        layers = new ProducerLayer[params.layers().size()];
        for (int i = 0; i < layers.length; i++) {
            layers[i] = new ProducerLayer(this, i, params.layers().get(i), clockRate(), video);
        }
        keyFramePolicy = new KeyFrameRequestPolicy(layers.length);
        demand = video && layers.length > 1
                ? new LayerDemand<>(layers.length, LAYER_HOLD_OFF_NANOS, System.nanoTime()) : null;
    }

    public String id() {
        return id;
    }

    public MediaKind kind() {
        return params.kind();
    }

    public String mid() {
        return params.mid();
    }

    public String trackId() {
        return params.trackId();
    }

    public ProducerParams params() {
        return params;
    }

    Router router() {
        return router;
    }

    /** Whether this producer is fed in-process (the MCU composite) rather than by a peer. */
    public boolean isLocal() {
        return transport == null;
    }

    public WebRtcTransport transport() {
        return transport;
    }

    /** The first layer's media SSRC (0 until learned). */
    public long ssrc() {
        return layers[0].ssrc;
    }

    public boolean isSimulcast() {
        return layers.length > 1;
    }

    public int layerCount() {
        return layers.length;
    }

    public ProducerLayer layer(int index) {
        return layers[index];
    }

    int clockRate() {
        return params.codecs().isEmpty() ? 90000 : params.codecs().get(0).clockRate();
    }

    byte[] midBytes() {
        return midBytes;
    }

    /** The codec a payload type maps to, or null if the publisher never negotiated it. */
    CodecParams codecFor(int pt) {
        int i = pt >= 0 && pt < 128 ? ptCodecIndex[pt] : -1;
        return i < 0 ? null : params.codecs().get(i);
    }

    /** The media payload type an RTX payload type repairs, or -1 if {@code pt} is not RTX. */
    int mediaPtForRtx(int pt) {
        return pt >= 0 && pt < 128 ? rtxPtToMediaPt[pt] : -1;
    }

    /** The layer whose rid equals {@code buf[off, off+len)}, or null. */
    ProducerLayer layerByRid(byte[] buf, int off, int len) {
        for (ProducerLayer l : layers) {
            if (Arrays.equals(buf, off, off + len, l.ridBytes, 0, l.ridBytes.length)) {
                return l;
            }
        }
        return null;
    }

    /** The first layer without a learned media SSRC (non-simulcast streams bound by MID alone). */
    ProducerLayer unboundLayer() {
        for (ProducerLayer l : layers) {
            if (l.ssrc == 0) {
                return l;
            }
        }
        return null;
    }

    /** The first layer's retransmission cache (null for audio). */
    RetransmissionCache cache() {
        return layers[0].cache;
    }

    void addConsumer(Consumer c) {
        consumerList.add(c);
        consumers = consumerList.toArray(NO_CONSUMERS);
        countReceivers();
    }

    void removeConsumer(Consumer c) {
        consumerList.remove(c);
        consumers = consumerList.toArray(NO_CONSUMERS);
        countReceivers();
        if (demand != null) {
            demand.remove(c, System.nanoTime());
        }
    }

    void addTap(ProducerTap t) {
        ProducerTap[] next = Arrays.copyOf(taps, taps.length + 1);
        next[taps.length] = t;
        taps = next;
        countReceivers();
    }

    void removeTap(ProducerTap t) {
        taps = Arrays.stream(taps).filter(x -> x != t).toArray(ProducerTap[]::new);
        countReceivers();
        if (demand != null) {
            demand.remove(t, System.nanoTime());
        }
    }

    private void countReceivers() {
        receivers = consumers.length + taps.length;
    }

    /**
     * From any thread: how many consumers and taps read this producer now. An in-process source
     * ({@link LocalProducer}) may stop encoding while it is 0.
     */
    public int receiverCount() {
        return receivers;
    }

    /**
     * Worker thread: the producer ends (its peer stopped it, left, or its in-process source closed):
     * every consumer is removed from its receiver's transport and taps get nothing more.
     */
    void close() {
        markClosed();
        for (Consumer c : consumers) {
            c.transport().removeConsumer(c);
        }
        taps = NO_TAPS;
        countReceivers();
    }

    void setLocal(LocalProducer l) {
        this.local = l;
    }

    /** A receiver's (consumer's or tap's) allocation of this producer (see {@link LayerDemand#update}). */
    void onLayerNeed(Object c, int chosenSpatial, int targetSpatial, long nowNanos) {
        if (demand != null && demand.update(c, chosenSpatial, targetSpatial, nowNanos)) {
            announceLayers();
        }
    }

    private void announceLayers() {
        router.onLayersNeeded(this, java.util.Collections.unmodifiableSet(
                new java.util.LinkedHashSet<>(activeRids())));
    }

    /** Rids the publisher is asked to send (all of them for non-simulcast producers). */
    public java.util.List<String> activeRids() {
        java.util.List<String> rids = new ArrayList<>();
        for (ProducerLayer l : layers) {
            if (demand == null || demand.isActive(l.index)) {
                rids.add(l.rid);
            }
        }
        return rids;
    }

    List<Consumer> consumers() {
        return List.of(consumers);
    }

    /**
     * The receive path's last stage for a media packet of {@code layer}: statistics, cache,
     * keyframe tracking, then fan-out. {@code retransmission} packets (repaired via RTX) are
     * cached and forwarded but do not count toward rates.
     */
    void onRtp(ProducerLayer layer, RtpPacket rtp, long arrivalNanos, boolean retransmission) {
        if (retransmission && layer.cache != null && layer.cache.find(rtp.sequenceNumber(), arrivalNanos) >= 0) {
            // Browsers probe their uplink with RTX copies of packets we already have: forwarding
            // those would resend old video to every receiver at the publisher's probing rate.
            layer.duplicates++;
            return;
        }
        packets++;
        bytes += rtp.length();
        layer.packets++;
        layer.bytes += rtp.length();
        layer.lastPacketNanos = arrivalNanos;
        if (layer.stream != null) {
            layer.stream.onPacket(rtp.sequenceNumber(), rtp.timestamp(), arrivalNanos);
        }
        if (!retransmission) {
            layer.rate.onPacket(rtp.length(), rtp.timestamp(), arrivalNanos);
        }
        if (audioLevelExtId > 0) {
            int off = rtp.extensionOffset(audioLevelExtId);
            if (off >= 0 && rtp.extensionLength(audioLevelExtId) >= 1) {
                int v = rtp.buffer()[off] & 0xFF; // RFC 6464: V flag, then -dBov
                router.onAudioLevel(this, v & 0x7F, (v & 0x80) != 0, arrivalNanos);
            }
        }
        describe(layer, rtp);
        if (!retransmission && info.temporalLayer >= 0) {
            int tid = Math.min(info.temporalLayer, 3);
            layer.temporalRates[tid].onPacket(rtp.length(), rtp.timestamp(), arrivalNanos);
            if (tid > layer.maxTid) {
                layer.maxTid = tid;
            }
        }
        if (layer.cache != null) {
            layer.cache.store(rtp.sequenceNumber(), rtp.buffer(), rtp.offset(), rtp.length(), arrivalNanos);
            if (info.keyFrame && info.startOfFrame && !retransmission) {
                layer.keyFramesSeen++;
                layer.keyFramePending = false;
                keyFramePolicy.onKeyFrame(layer.index);
            }
        }
        Consumer[] cs = consumers;
        for (Consumer c : cs) {
            c.forward(rtp, info, arrivalNanos);
        }
        for (ProducerTap t : taps) {
            t.onRtp(rtp, info, arrivalNanos);
        }
    }

    private void describe(ProducerLayer layer, RtpPacket rtp) {
        MediaPacketInfo i = info;
        i.clear();
        i.layer = layer.index;
        int pt = rtp.payloadType();
        int kind = pt < 128 && ptCodecIndex[pt] >= 0 ? ptCodecKind[pt] : CODEC_OTHER;
        byte[] b = rtp.buffer();
        int off = rtp.payloadOffset();
        int len = rtp.payloadLength();
        if (kind == CODEC_VP8) {
            i.startOfFrame = Vp8PayloadDescriptor.isStartOfPartition(b, off, len)
                    && Vp8PayloadDescriptor.partitionId(b, off, len) == 0;
            i.keyFrame = Vp8PayloadDescriptor.isKeyframe(b, off, len);
            if (Vp8PayloadDescriptor.hasTid(b, off, len)) {
                i.temporalLayer = Vp8PayloadDescriptor.tid(b, off, len);
                i.layerSync = Vp8PayloadDescriptor.layerSync(b, off, len);
            }
            if (i.keyFrame) {
                int dim = Vp8KeyFrameHeader.dimensions(b, off, len);
                if (dim > 0) {
                    layer.width = dim >>> 16;
                    layer.height = dim & 0xFFFF;
                }
            }
        } else if (kind == CODEC_H264) {
            i.keyFrame = H264Payload.isKeyframe(b, off, len);
            // H.264 has no frame-start flag: a new timestamp starts a new access unit
            i.startOfFrame = rtp.timestamp() != layer.lastRtpTimestamp;
        } else {
            i.startOfFrame = true;
        }
        layer.lastRtpTimestamp = rtp.timestamp();
    }

    /**
     * A receiver (or a selector switching layers) needs a keyframe of {@code layerIndex}: a PLI goes
     * out now if the policy allows, else the request stays pending and is retried on ticks until a
     * keyframe of that layer arrives.
     */
    void requestKeyFrame(int layerIndex, long nowNanos) {
        if (params.kind() != MediaKind.VIDEO || layerIndex < 0 || layerIndex >= layers.length) {
            return;
        }
        layers[layerIndex].keyFramePending = true;
        trySendPli(layers[layerIndex], nowNanos);
    }

    private void trySendPli(ProducerLayer l, long nowNanos) {
        if (l.ssrc != 0 && keyFramePolicy.request(l.index, nowNanos)) {
            l.keyFrameRequestsSent++;
            if (transport != null) {
                transport.sendPli(l.ssrc);
            } else if (local != null) {
                local.onKeyFrameRequested(l.index);
            }
        }
    }

    void onTick(long nowNanos) {
        if (params.kind() != MediaKind.VIDEO) {
            return;
        }
        if (demand != null && demand.tick(nowNanos)) {
            announceLayers();
        }
        for (ProducerLayer l : layers) {
            if (l.keyFramePending) {
                trySendPli(l, nowNanos);
            }
        }
    }

    public long packets() {
        return packets;
    }

    public long bytes() {
        return bytes;
    }

    public long keyFramesSeen() {
        long n = 0;
        for (ProducerLayer l : layers) {
            n += l.keyFramesSeen;
        }
        return n;
    }

    public long keyFrameRequestsSent() {
        long n = 0;
        for (ProducerLayer l : layers) {
            n += l.keyFrameRequestsSent;
        }
        return n;
    }

    public boolean isClosed() {
        return closed;
    }

    void markClosed() {
        closed = true;
    }
}
