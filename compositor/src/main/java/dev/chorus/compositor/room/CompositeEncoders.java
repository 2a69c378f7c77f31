package dev.chorus.compositor.room;

import dev.chorus.compositor.encode.EncodedFrameSink;
import dev.chorus.compositor.encode.VideoCodec;
import dev.chorus.compositor.encode.VideoEncoder;
import dev.chorus.compositor.frame.I420Frame;
import dev.chorus.compositor.rtp.FramePacketizer;
import dev.chorus.compositor.rtp.PacketSink;
import dev.chorus.media.sfu.CodecParams;
import dev.chorus.media.sfu.LocalProducer;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composite in one codec: one encoder per quality feeding the packetizer of the matching layer
 * (0/1/2 = 320x180/640x360/1280x720) of one {@link LocalProducer}. Every codec encodes the same
 * composed frames; nothing here is per receiver.
 *
 * <p>An on-demand output (H.264) runs its encoders only while its producer has receivers: they open
 * at the first frame after one arrives (a fresh encoder starts with a keyframe) and close once none
 * has been left for {@link #IDLE_STOP_NANOS}. The packetizers live as long as the output, so the
 * layers' sequence numbers simply continue after a restart. Composite thread, except where noted.
 */
final class CompositeEncoders {
    private static final Logger LOG = LoggerFactory.getLogger(CompositeEncoders.class);
    static final int LAYERS = 3;
    /** Without receivers this long, an on-demand output stops encoding (a brief gap does not churn encoders). */
    static final long IDLE_STOP_NANOS = 1_000_000_000L;
    private static final long RETRY_NANOS = 5_000_000_000L;
    /** VP8, or H.264 Constrained Baseline level 3.1 (enough for 720p30) in packetization-mode 1: what Chrome prefers. */
    private static final CodecParams VP8_FORMAT = new CodecParams(96, "VP8", 90000, 0, "", -1);
    private static final CodecParams H264_FORMAT = new CodecParams(102, "H264", 90000, 0,
            "level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f", -1);

    private final String roomId;
    private final VideoCodec codec;
    private final LocalProducer out;
    private final boolean onDemand;
    private final FramePacketizer[] packetizers = new FramePacketizer[LAYERS];
    private final EncodedFrameSink[] sinks = new EncodedFrameSink[LAYERS];
    private final AtomicIntegerArray keyFrameWanted = new AtomicIntegerArray(LAYERS);
    /** Null while stopped. */
    private VideoEncoder[] encoders;
    private long idleSince = -1;
    private long retryAt = Long.MIN_VALUE;
    private volatile boolean running;

    CompositeEncoders(String roomId, VideoCodec codec, LocalProducer out, long[] layerSsrcs, boolean onDemand) {
        this.roomId = roomId;
        this.codec = codec;
        this.out = out;
        this.onDemand = onDemand;
        PacketSink packetSink = (pkt, len, key) -> out.send(pkt, 0, len);
        int pt = format(codec).payloadType();
        for (int i = 0; i < LAYERS; i++) {
            FramePacketizer p = FramePacketizer.of(codec, layerSsrcs[i], pt);
            packetizers[i] = p;
            sinks[i] = frame -> p.packetize(frame, packetSink);
        }
    }

    /** How the composite is signalled in {@code codec} (the producer's only payload format). */
    static CodecParams format(VideoCodec codec) {
        return codec == VideoCodec.H264 ? H264_FORMAT : VP8_FORMAT;
    }

    VideoCodec codec() {
        return codec;
    }

    LocalProducer producer() {
        return out;
    }

    /** Any thread: whether the encoders are open now. */
    boolean running() {
        return running;
    }

    /** Media worker thread: a receiver of layer {@code layer} needs a keyframe. */
    void keyFrameWanted(int layer) {
        if (layer >= 0 && layer < LAYERS) {
            keyFrameWanted.set(layer, 1);
        }
    }

    /**
     * Encodes this frame's pictures ({@code pictures} largest first, as {@code OutputSet} composes them),
     * after starting or stopping the encoders as demand says.
     */
    boolean encode(List<I420Frame> pictures, long pts90k, long nowNanos) {
        if (onDemand && !demanded(nowNanos)) {
            return false;
        }
        if (encoders == null && !start(pictures, nowNanos)) {
            return false;
        }
        boolean handedOver = false;
        for (int i = 0; i < LAYERS; i++) {
            if (keyFrameWanted.getAndSet(i, 0) == 1) {
                encoders[i].requestKeyFrame();
            }
            // the full size is encoded last: once it is handed over, every quality is
            handedOver = encoders[i].encode(pictures.get(LAYERS - 1 - i), pts90k, sinks[i]) > 0;
        }
        return handedOver;
    }

    /** False when the encoders should not run (now, or any longer). */
    private boolean demanded(long now) {
        if (out.producer().receiverCount() > 0) {
            idleSince = -1;
            return true;
        }
        if (encoders == null) {
            return false;
        }
        if (idleSince < 0) {
            idleSince = now;
        } else if (now - idleSince >= IDLE_STOP_NANOS) {
            stop();
            LOG.info("room {}: {} composite stopped, nobody receives it", roomId, codec);
            return false;
        }
        return true;
    }

    private boolean start(List<I420Frame> pictures, long now) {
        if (now < retryAt) {
            return false;
        }
        VideoEncoder[] opened = new VideoEncoder[LAYERS];
        try {
            for (int i = 0; i < LAYERS; i++) {
                I420Frame f = pictures.get(LAYERS - 1 - i);
                opened[i] = VideoEncoder.create(codec, f.width(), f.height(), CompositeVideo.FPS,
                        CompositeVideo.BITRATES[i]);
            }
        } catch (IllegalStateException | IllegalArgumentException e) {
            for (VideoEncoder v : opened) {
                if (v != null) {
                    v.close();
                }
            }
            retryAt = now + RETRY_NANOS;
            LOG.error("room {}: cannot open the {} composite encoders", roomId, codec, e);
            return false;
        }
        for (int i = 0; i < LAYERS; i++) {
            keyFrameWanted.set(i, 0); // a fresh encoder starts with a keyframe anyway
        }
        encoders = opened;
        idleSince = -1;
        running = true;
        if (onDemand) {
            LOG.info("room {}: {} composite started for its first receiver", roomId, codec);
        }
        return true;
    }

    private void stop() {
        running = false;
        if (encoders != null) {
            for (VideoEncoder e : encoders) {
                e.close();
            }
            encoders = null;
        }
        idleSince = -1;
    }

    /** Frees the encoders (the producer is the owner's to close). */
    void close() {
        stop();
    }
}
