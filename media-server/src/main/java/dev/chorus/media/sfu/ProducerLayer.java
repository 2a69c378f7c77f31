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
    final Producer producer;
    final int index;
    final String rid;
    final byte[] ridBytes;
    private final int clockRate;
    long ssrc;
    long rtxSsrc;
    RtpStreamRecv stream;
    final RetransmissionCache cache;
    /** A keyframe was asked for and not yet sent (throttled) or answered. */
    boolean keyFramePending;
    long keyFrameRequestsSent;
    final RateTracker rate = new RateTracker();
    /** Per VP8 temporal layer id (0..3): what forwarding up to that TID costs, cumulatively summed by readers. */
    final RateTracker[] temporalRates = {new RateTracker(), new RateTracker(), new RateTracker(), new RateTracker()};
    int maxTid = -1;
    long packets;
    long bytes;
    long rtxPackets;
    /** RTX packets repairing nothing (already received): the publisher's probes. */
    long duplicates;
    long keyFramesSeen;
    long lastPacketNanos = Long.MIN_VALUE;
    long lastRtpTimestamp = -1;
    int width;
    int height;

    ProducerLayer(Producer producer, int index, LayerParams params, int clockRate, boolean video) {
        this.producer = producer;
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

    /** Temporal layers seen (1 when the stream has none). */
    public int temporalLayerCount() {
        return maxTid < 0 ? 1 : Math.min(maxTid, 3) + 1;
    }

    /** Bitrate of TIDs 0..{@code tid} together (the whole stream when it has no temporal layers). */
    public long bitrateUpToBps(int tid, long nowNanos) {
        if (maxTid < 0) {
            return rate.bitrateBps(nowNanos);
        }
        long sum = 0;
        for (int t = 0; t <= Math.min(tid, 3); t++) {
            sum += temporalRates[t].bitrateBps(nowNanos);
        }
        return sum;
    }

    public double frameRateUpTo(int tid, long nowNanos) {
        if (maxTid < 0) {
            return rate.frameRate(nowNanos);
        }
        double sum = 0;
        for (int t = 0; t <= Math.min(tid, 3); t++) {
            sum += temporalRates[t].frameRate(nowNanos);
        }
        return sum;
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
        return keyFrameRequestsSent;
    }
}
