package dev.chorus.media.sfu;

import dev.chorus.media.rtp.RtpPacket;
import dev.chorus.media.rtp.RtpPacketWriter;
import dev.chorus.media.stream.RtpStreamSend;
import dev.chorus.media.util.PacketBuffer;
import java.security.SecureRandom;
import java.util.Map;

/**
 * One receiver's copy of one producer (the simple, single-stream strategy): rewrites SSRC, payload
 * type, sequence numbers, timestamps and header extensions into the worker's scratch buffer, then
 * hands it to the receiver's transport. Sequence/timestamp offsets are chosen at random so the
 * receiver's stream is independent of the publisher's.
 */
public final class Consumer {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Producer producer;
    private final WebRtcTransport transport;
    private final ConsumerParams params;
    private final int[] ptMap = new int[128];
    private final byte[] extIdMap = new byte[256];
    private final int seqDelta;
    private final long tsDelta;
    private final RtpStreamSend sendStream;
    private boolean closed;
    private long forwarded;
    private long dropped;
    private long retransmitted;
    private long keyFrameRequests;

    Consumer(Producer producer, WebRtcTransport transport, ConsumerParams params) {
        this.producer = producer;
        this.transport = transport;
        this.params = params;
        java.util.Arrays.fill(ptMap, -1);
        for (CodecParams src : producer.params().codecs()) {
            for (CodecParams dst : params.codecs()) {
                if (src.sameCodec(dst) && src.payloadType() < 128) {
                    ptMap[src.payloadType()] = dst.payloadType();
                    break;
                }
            }
        }
        for (Map.Entry<String, Integer> e : producer.params().extensions().entrySet()) {
            Integer dstId = params.extensions().get(e.getKey());
            int srcId = e.getValue();
            if (dstId != null && srcId > 0 && srcId < 256 && HeaderExtensionUris.forwardable(e.getKey())) {
                extIdMap[srcId] = (byte) (int) dstId;
            }
        }
        this.seqDelta = RANDOM.nextInt(1 << 16);
        this.tsDelta = RANDOM.nextInt() & 0xFFFFFFFFL;
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
        for (int pt : ptMap) {
            if (pt >= 0) {
                return true;
            }
        }
        return false;
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
        int pt = src.payloadType();
        int outPt = pt < 128 ? ptMap[pt] : -1;
        if (outPt < 0) {
            return false;
        }
        PacketBuffer out = transport.scratch();
        int len = RtpPacketWriter.copyWithExtensions(src, out.getBuffer(), 0, extIdMap);
        if (len <= 0) {
            return false;
        }
        RtpPacket rtp = transport.scratchView();
        if (!rtp.wrap(out.getBuffer(), 0, len)) {
            return false;
        }
        int outSeq = (src.sequenceNumber() + seqDelta) & 0xFFFF;
        long outTs = (src.timestamp() + tsDelta) & 0xFFFFFFFFL;
        rtp.setPayloadType(outPt);
        rtp.setSequenceNumber(outSeq);
        rtp.setTimestamp(outTs);
        rtp.setSsrc(params.ssrc());
        sendStream.onPacketSent(outTs, len - rtp.headerLength(), nowNanos);
        out.setOffsetLength(0, len);
        return transport.sendRtp(out);
    }

    /** The receiver lost {@code outSeq}: resend it from the producer's cache. */
    void retransmit(int outSeq, long nowNanos) {
        var cache = producer.cache();
        if (cache == null || closed) {
            return;
        }
        int srcSeq = (outSeq - seqDelta) & 0xFFFF;
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
