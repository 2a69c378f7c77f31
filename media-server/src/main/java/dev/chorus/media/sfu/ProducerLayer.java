package dev.chorus.media.sfu;

import dev.chorus.media.stream.RateTracker;
import dev.chorus.media.stream.RetransmissionCache;
import dev.chorus.media.stream.RtpStreamRecv;
import java.nio.charset.StandardCharsets;

/**
 * One encoding of a producer (a simulcast layer, or the only stream): its SSRCs, receive
 * statistics, retransmission cache, keyframe requests and measured bitrate, frame rate and
 * resolution. Touched only by the router's worker thread.
 */
public final class ProducerLayer {
    private static final long KEYFRAME_MIN_INTERVAL_NANOS = 300_000_000L;

    final int index;
    final String rid;
    final byte[] ridBytes;
    private final int clockRate;
    long ssrc;
    long rtxSsrc;
    RtpStreamRecv stream;
    final RetransmissionCache cache;
    final KeyFrameRequester keyFrames = new KeyFrameRequester(KEYFRAME_MIN_INTERVAL_NANOS);
    final RateTracker rate = new RateTracker();
    long packets;
    long bytes;
    long rtxPackets;
    long keyFramesSeen;
    long lastPacketNanos = Long.MIN_VALUE;
    long lastKeyFrameNanos = Long.MIN_VALUE;
    long lastRtpTimestamp = -1;
    int width;
    int height;

    ProducerLayer(int index, LayerParams params, int clockRate, boolean video) {
        this.index = index;
        this.rid = params.rid();
        this.ridBytes = rid.getBytes(StandardCharsets.US_ASCII);
        this.clockRate = clockRate;
        this.rtxSsrc = params.rtxSsrc();
        this.cache = video ? new RetransmissionCache(512) : null;
        if (params.ssrc() != 0) {
            bindSsrc(params.ssrc());
        }
    }

    void bindSsrc(long ssrc) {
        this.ssrc = ssrc;
        this.stream = new RtpStreamRecv(ssrc, clockRate);
    }

    public int index() {
        return index;
    }

    public String rid() {
        return rid;
    }

    public long ssrc() {
        return ssrc;
    }

    public long rtxSsrc() {
        return rtxSsrc;
    }

    RtpStreamRecv stream() {
        return stream;
    }

    /** True if a packet arrived within {@code withinNanos}. */
    public boolean isActive(long nowNanos, long withinNanos) {
        return lastPacketNanos != Long.MIN_VALUE && nowNanos - lastPacketNanos < withinNanos;
    }

    public long bitrateBps(long nowNanos) {
        return rate.bitrateBps(nowNanos);
    }

    public double frameRate(long nowNanos) {
        return rate.frameRate(nowNanos);
    }

    /** Width from the last keyframe (VP8), 0 if unknown. */
    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public long packets() {
        return packets;
    }

    public long keyFramesSeen() {
        return keyFramesSeen;
    }

    public long keyFrameRequestsSent() {
        return keyFrames.sent();
    }
}
