package dev.chorus.media.sfu;

/** One received encoding of a producer, as measured by the server. */
public record LayerStats(String rid, long ssrc, long rtxSsrc, boolean active, long bitrateBps, double frameRate,
                         int width, int height, long packets, long rtxPackets, long rtxDuplicates, long keyFrames,
                         long keyFrameRequests) {
    static LayerStats of(ProducerLayer l, long now) {
        return new LayerStats(l.rid, l.ssrc, l.rtxSsrc, l.isActive(now, 1_000_000_000L), l.bitrateBps(now),
                Math.round(l.frameRate(now) * 10) / 10.0, l.width, l.height, l.packets, l.rtxPackets, l.duplicates,
                l.keyFramesSeen, l.keyFrameRequestsSent);
    }
}
