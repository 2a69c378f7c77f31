package dev.chorus.media.sfu;

import dev.chorus.media.rtp.RtpPacket;
import dev.chorus.media.rtp.RtxPackets;
import dev.chorus.media.stream.RtpStreamSend;
import dev.chorus.media.util.PacketBuffer;
import java.security.SecureRandom;
import java.util.Map;

/**
 * One receiver's copy of one producer. Subclasses are the forwarding strategies (which packets,
 * which sequence numbers — policy); this base owns the mechanism they share: payload-type and
 * header-extension mapping ({@link RtpForwarder}), the transport-wide CC element, RTX
 * retransmissions, send statistics, and the receiver's render size / pin.
 */
public abstract sealed class Consumer permits SimpleConsumer, SimulcastConsumer {
    static final SecureRandom RANDOM = new SecureRandom();

    final Producer producer;
    final WebRtcTransport transport;
    final ConsumerParams params;
    final RtpForwarder forwarder;
    final RtpStreamSend sendStream;
    private final int[] rtxPtByOutPt = new int[128];
    private int rtxSeq = RANDOM.nextInt(1 << 16);
    private int paddingRtxPt = -1;
    private boolean closed;
    long forwarded;
    long dropped;
    long retransmitted;
    long keyFrameRequests;
    long nacks;
    final dev.chorus.media.stream.RateTracker sendRate = new dev.chorus.media.stream.RateTracker();
    private int renderWidth = -1;
    private int renderHeight = -1;
    private boolean pinned;

    Consumer(Producer producer, WebRtcTransport transport, ConsumerParams params) {
        this.producer = producer;
        this.transport = transport;
        this.params = params;
        this.forwarder = new RtpForwarder(params.ssrc(), RANDOM.nextInt(1 << 16), RANDOM.nextInt() & 0xFFFFFFFFL);
        java.util.Arrays.fill(rtxPtByOutPt, -1);
        for (CodecParams src : producer.params().codecs()) {
            for (CodecParams dst : params.codecs()) {
                if (src.sameCodec(dst) && src.payloadType() >= 0 && src.payloadType() < 128) {
                    if (dst.payloadType() >= 0) { // the header field keeps the low 7 bits
                        forwarder.mapPayloadType(src.payloadType(), dst.payloadType() & 0x7F);
                        if (dst.rtxPayloadType() >= 0 && params.rtxSsrc() != 0) {
                            rtxPtByOutPt[dst.payloadType() & 0x7F] = dst.rtxPayloadType() & 0x7F;
                            if (paddingRtxPt < 0) {
                                paddingRtxPt = dst.rtxPayloadType() & 0x7F;
                            }
                        }
                    }
                    break;
                }
            }
        }
        for (Map.Entry<String, Integer> e : producer.params().extensions().entrySet()) {
            Integer dstId = params.extensions().get(e.getKey());
            int srcId = e.getValue();
            if (dstId != null && srcId > 0 && srcId < 256 && HeaderExtensionUris.forwardable(e.getKey())) {
                forwarder.mapExtension(srcId, dstId & 0xFF);
            }
        }
        Integer tcc = params.extensions().get(HeaderExtensionUris.TRANSPORT_CC);
        if (tcc != null && tcc > 0 && tcc < 256) {
            forwarder.addTransportCc(tcc);
        }
        this.sendStream = new RtpStreamSend(params.ssrc(), producer.clockRate());
    }

    public Producer producer() {
        return producer;
    }

    public WebRtcTransport transport() {
        return transport;
    }

    public long ssrc() {
        return params.ssrc();
    }

    public long rtxSsrc() {
        return params.rtxSsrc();
    }

    public String mid() {
        return params.mid();
    }

    public boolean canForward() {
        return forwarder.canForward();
    }

    RtpStreamSend sendStream() {
        return sendStream;
    }

    /** Forwards (or drops, by this strategy's policy) one packet of the producer. */
    abstract void forward(RtpPacket src, MediaPacketInfo info, long nowNanos);

    /** The receiver lost {@code outSeq} (a sequence number of ours): resend it if still cached. */
    abstract void retransmit(int outSeq, long nowNanos);

    /** The receiver asked for a keyframe (PLI/FIR). */
    abstract void requestKeyFrame(long nowNanos);

    /**
     * Rewrites {@code src} into the transport's scratch buffer with the given output sequence
     * number and timestamp, and sends it — as RTX (RFC 4588) when it is a retransmission and the
     * receiver negotiated RTX.
     */
    final boolean send(RtpPacket src, int outSeq, long outTs, long nowNanos, boolean retransmission) {
        return prepare(src, outSeq, outTs) && transmit(nowNanos, retransmission);
    }

    /**
     * First half of {@link #send}: the receiver's copy of {@code src} in the transport's scratch
     * buffer, {@link WebRtcTransport#scratchView()} over it, for a strategy to adjust further.
     */
    final boolean prepare(RtpPacket src, int outSeq, long outTs) {
        if (closed || !transport.isMediaReady()) {
            return false;
        }
        return forwarder.rewrite(src, transport.scratch(), transport.scratchView(), outSeq, outTs) >= 0;
    }

    /** Second half of {@link #send}: sends the prepared packet. */
    final boolean transmit(long nowNanos, boolean retransmission) {
        PacketBuffer out = transport.scratch();
        RtpPacket rtp = transport.scratchView();
        WebRtcTransport.SendClass cls;
        if (retransmission) {
            int rtxPt = rtxPtByOutPt[rtp.payloadType()];
            if (rtxPt >= 0 && !toRtx(out, rtp, rtxPt)) {
                return false;
            }
            cls = WebRtcTransport.SendClass.RETRANSMISSION;
        } else {
            cls = producer.kind() == MediaKind.AUDIO ? WebRtcTransport.SendClass.AUDIO : WebRtcTransport.SendClass.VIDEO;
        }
        int len = out.getLength();
        // count only what the transport took: a full pacer or the retransmission cap refuse packets
        if (!transport.sendRtp(out, cls)) {
            return false;
        }
        sendRate.onPacket(len, rtp.timestamp(), nowNanos);
        if (!retransmission) {
            sendStream.onPacketSent(rtp.timestamp(), len - rtp.headerLength(), nowNanos);
        }
        return true;
    }

    /** True if probes can be sent as RTX padding on this consumer's RTX stream. */
    boolean canSendPadding() {
        return !closed && paddingRtxPt >= 0 && params.rtxSsrc() != 0 && producer.kind() == MediaKind.VIDEO
                && sendStream.packetCount() > 0;
    }

    /**
     * Writes a padding-only RTX packet (RFC 3550 P bit, {@code padding} bytes of padding, an empty
     * transport-wide sequence number element) at {@code buf[0]}; returns its length, or -1. Padding on
     * the RTX stream is what browsers expect for probes: the decoder never sees it.
     */
    int writeRtxPadding(byte[] buf, int padding, int tccExtId) {
        if (!canSendPadding()) {
            return -1;
        }
        int len = RtxPackets.writePadding(buf, paddingRtxPt, rtxSeq, sendStream.lastRtpTimestamp(), params.rtxSsrc(),
                tccExtId, padding);
        if (len > 0) {
            rtxSeq = (rtxSeq + 1) & 0xFFFF;
        }
        return len;
    }

    /** Turns the packet in {@code out} into its RTX form in place: OSN first in the payload. */
    private boolean toRtx(PacketBuffer out, RtpPacket rtp, int rtxPt) {
        if (!RtxPackets.toRtx(out, rtp, rtxPt, params.rtxSsrc(), rtxSeq)) {
            return false;
        }
        rtxSeq = (rtxSeq + 1) & 0xFFFF;
        return true;
    }

    /**
     * The size of the tile the receiver shows this video in (device pixels); 0x0 when hidden,
     * -1x-1 when unknown. Callable from any thread.
     */
    public void setRenderSize(int width, int height) {
        transport.router().worker().execute(() -> {
            renderWidth = width;
            renderHeight = height;
        });
    }

    /** The receiver pinned (or unpinned) this track: allocated before others. Callable from any thread. */
    public void setPinned(boolean pinned) {
        transport.router().worker().execute(() -> this.pinned = pinned);
    }

    int renderWidth() {
        return renderWidth;
    }

    int renderHeight() {
        return renderHeight;
    }

    boolean pinned() {
        return pinned;
    }

    /** The spatial layer being forwarded, -1 when paused (single-stream: 0). */
    int currentSpatialLayer() {
        return 0;
    }

    int currentTemporalLayer() {
        return -1;
    }

    int targetSpatialLayer() {
        return 0;
    }

    int targetTemporalLayer() {
        return -1;
    }

    long layerSwitches() {
        return 0;
    }

    ConsumerStats stats(long nowNanos) {
        return new ConsumerStats(params.mid(), producer.id(), producer.kind().sdpName(), params.ssrc(),
                params.rtxSsrc(), currentSpatialLayer(), currentTemporalLayer(), targetSpatialLayer(),
                targetTemporalLayer(), sendRate.bitrateBps(nowNanos), renderWidth, renderHeight, pinned, forwarded,
                dropped, layerSwitches(), keyFrameRequests, nacks, retransmitted,
                sendStream.hasReport() ? sendStream.lossRatio() : 0, sendStream.rttMillis());
    }

    void close() {
        closed = true;
    }

    /**
     * Where this consumer's output stream left off, for a consumer that takes over its SSRC
     * ({@link ConsumerParams#continueFrom}); the inherited one if it sent nothing, null if neither.
     * Read it on the worker or after the consumer was closed there.
     */
    public abstract dev.chorus.media.forwarding.StreamContinuation continuation();

    boolean isClosed() {
        return closed;
    }

    public long forwarded() {
        return forwarded;
    }

    public long dropped() {
        return dropped;
    }

    public long retransmitted() {
        return retransmitted;
    }

    public long keyFrameRequests() {
        return keyFrameRequests;
    }
}
