package dev.chorus.media.sfu;

import dev.chorus.media.rtp.RtpPacket;
import dev.chorus.media.rtp.codec.H264Payload;
import dev.chorus.media.rtp.codec.Vp8PayloadDescriptor;
import dev.chorus.media.stream.RetransmissionCache;
import dev.chorus.media.stream.RtpStreamRecv;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A publisher's track on its transport: receive statistics, the retransmission cache shared by all
 * its consumers, keyframe aggregation, and the fan-out to consumers. Touched only by its router's
 * worker thread.
 */
public final class Producer {
    private static final long KEYFRAME_MIN_INTERVAL_NANOS = 300_000_000L;
    private static final Consumer[] NO_CONSUMERS = new Consumer[0];

    private final String id = UUID.randomUUID().toString();
    private final WebRtcTransport transport;
    private final ProducerParams params;
    private final byte[] midBytes;
    private final KeyFrameRequester keyFrames = new KeyFrameRequester(KEYFRAME_MIN_INTERVAL_NANOS);
    private final List<Consumer> consumerList = new ArrayList<>();
    private Consumer[] consumers = NO_CONSUMERS;
    private final RetransmissionCache cache;
    private final int[] ptCodecIndex = new int[128];
    private long ssrc;
    private RtpStreamRecv stream;
    private long packets;
    private long bytes;
    private long keyFramesSeen;
    private boolean closed;

    Producer(WebRtcTransport transport, ProducerParams params) {
        this.transport = transport;
        this.params = params;
        this.midBytes = params.mid().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        this.ssrc = params.ssrc();
        this.cache = params.kind() == MediaKind.VIDEO ? new RetransmissionCache(512) : null;
        java.util.Arrays.fill(ptCodecIndex, -1);
        for (int i = 0; i < params.codecs().size(); i++) {
            int pt = params.codecs().get(i).payloadType();
            if (pt >= 0 && pt < 128) {
                ptCodecIndex[pt] = i;
            }
        }
        if (ssrc != 0) {
            stream = new RtpStreamRecv(ssrc, clockRate());
        }
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

    public WebRtcTransport transport() {
        return transport;
    }

    public long ssrc() {
        return ssrc;
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

    void bindSsrc(long ssrc) {
        this.ssrc = ssrc;
        this.stream = new RtpStreamRecv(ssrc, clockRate());
    }

    RtpStreamRecv stream() {
        return stream;
    }

    RetransmissionCache cache() {
        return cache;
    }

    KeyFrameRequester keyFrames() {
        return keyFrames;
    }

    void addConsumer(Consumer c) {
        consumerList.add(c);
        consumers = consumerList.toArray(NO_CONSUMERS);
    }

    void removeConsumer(Consumer c) {
        consumerList.remove(c);
        consumers = consumerList.toArray(NO_CONSUMERS);
    }

    List<Consumer> consumers() {
        return List.of(consumers);
    }

    /** The receive path's last stage: statistics, cache, keyframe tracking, then fan-out. */
    void onRtp(RtpPacket rtp, long arrivalNanos) {
        packets++;
        bytes += rtp.length();
        stream.onPacket(rtp.sequenceNumber(), rtp.timestamp(), arrivalNanos);
        if (cache != null) {
            cache.store(rtp.sequenceNumber(), rtp.buffer(), rtp.offset(), rtp.length(), arrivalNanos);
            if (isKeyFrame(rtp)) {
                keyFramesSeen++;
                keyFrames.onKeyFrame();
            }
        }
        Consumer[] cs = consumers;
        for (Consumer c : cs) {
            c.forward(rtp, arrivalNanos);
        }
    }

    private boolean isKeyFrame(RtpPacket rtp) {
        CodecParams codec = codecFor(rtp.payloadType());
        if (codec == null) {
            return false;
        }
        byte[] b = rtp.buffer();
        int off = rtp.payloadOffset();
        int len = rtp.payloadLength();
        if ("VP8".equalsIgnoreCase(codec.name())) {
            return Vp8PayloadDescriptor.isKeyframe(b, off, len);
        }
        if ("H264".equalsIgnoreCase(codec.name())) {
            return H264Payload.isKeyframe(b, off, len);
        }
        return false;
    }

    /** A receiver needs a keyframe; the PLI goes out now or at a later tick (throttled). */
    void requestKeyFrame(long nowNanos) {
        if (params.kind() == MediaKind.VIDEO && keyFrames.request(nowNanos)) {
            transport.sendPli(ssrc);
        }
    }

    void onTick(long nowNanos) {
        if (params.kind() == MediaKind.VIDEO && ssrc != 0 && keyFrames.shouldSend(nowNanos)) {
            transport.sendPli(ssrc);
        }
    }

    public long packets() {
        return packets;
    }

    public long bytes() {
        return bytes;
    }

    public long keyFramesSeen() {
        return keyFramesSeen;
    }

    public long keyFrameRequestsSent() {
        return keyFrames.sent();
    }

    boolean isClosed() {
        return closed;
    }

    void markClosed() {
        closed = true;
    }
}
