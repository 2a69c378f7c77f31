package dev.chorus.media.sfu;

import dev.chorus.media.rtp.RtpPacket;
import dev.chorus.media.stream.RtpStreamSend;
import dev.chorus.media.util.PacketBuffer;
import java.security.SecureRandom;
import java.util.Map;

/**
 * One receiver's copy of one producer (the simple, single-stream strategy): counts, answers NACKs
 * and keyframe requests, and has {@link RtpForwarder} rewrite each packet into the worker's scratch
 * buffer before the receiver's transport sends it. Sequence/timestamp offsets are chosen at random so
 * the receiver's stream is independent of the publisher's.
 */
public final class Consumer {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Producer producer;
    private final WebRtcTransport transport;
    private final ConsumerParams params;
    private final RtpForwarder forwarder;
    private final RtpStreamSend sendStream;
    private boolean closed;
    private long forwarded;
    private long dropped;
    private long retransmitted;
    private long keyFrameRequests;
    private int renderWidth = -1;
    private int renderHeight = -1;
    private boolean pinned;

    Consumer(Producer producer, WebRtcTransport transport, ConsumerParams params) {
        this.producer = producer;
        this.transport = transport;
        this.params = params;
        this.forwarder = new RtpForwarder(params.ssrc(), RANDOM.nextInt(1 << 16), RANDOM.nextInt() & 0xFFFFFFFFL);
        for (CodecParams src : producer.params().codecs()) {
            for (CodecParams dst : params.codecs()) {
                if (src.sameCodec(dst) && src.payloadType() >= 0 && src.payloadType() < 128) {
                    if (dst.payloadType() >= 0) { // the header field keeps the low 7 bits
                        forwarder.mapPayloadType(src.payloadType(), dst.payloadType() & 0x7F);
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

    public String mid() {
        return params.mid();
    }

    public boolean canForward() {
        return forwarder.canForward();
    }

    RtpStreamSend sendStream() {
        return sendStream;
    }

    /** Forwards one packet (mechanism only: no layer policy in the simple strategy). */
    void forward(RtpPacket src, long nowNanos) {
        if (closed || !transport.isMediaReady()) {
            return;
        }
        if (send(src, nowNanos)) {
            forwarded++;
        } else {
            dropped++;
        }
    }

    private boolean send(RtpPacket src, long nowNanos) {
        PacketBuffer out = transport.scratch();
        RtpPacket rtp = transport.scratchView();
        int len = forwarder.rewrite(src, out, rtp);
        if (len < 0) {
            return false;
        }
        sendStream.onPacketSent(rtp.timestamp(), len - rtp.headerLength(), nowNanos);
        return transport.sendRtp(out);
    }

    /** The receiver lost {@code outSeq}: resend it from the producer's cache. */
    void retransmit(int outSeq, long nowNanos) {
        var cache = producer.cache();
        if (cache == null || closed) {
            return;
        }
        int srcSeq = forwarder.sourceSequenceNumber(outSeq);
        byte[] tmp = transport.retransmitScratch();
        int len = cache.get(srcSeq, tmp, 0, nowNanos);
        if (len <= 0) {
            return;
        }
        RtpPacket view = transport.retransmitView();
        if (view.wrap(tmp, 0, len) && send(view, nowNanos)) {
            retransmitted++;
        }
    }

    /**
     * The size of the tile the receiver shows this video in (CSS pixels × device pixel ratio); 0x0
     * when hidden, -1x-1 when unknown. Callable from any thread.
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

    void requestKeyFrame(long nowNanos) {
        keyFrameRequests++;
        producer.requestKeyFrame(nowNanos);
    }

    void close() {
        closed = true;
    }

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
