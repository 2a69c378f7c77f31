package dev.chorus.compositor.room;

import java.util.List;

/**
 * What a room's compositor did: members, composite frames produced, the cost of the last and the
 * worst frame (decode all inputs, compose, encode every quality; µs), frames that ran late, input
 * packets dropped because the composite thread fell behind, audio mix ticks, output packets refused,
 * and the codecs the composite is being encoded in now ("VP8", plus "H264" while someone receives it).
 */
public record CompositorStats(int members, long frames, long lastFrameMicros, long maxFrameMicros, long lateFrames,
                              long inputPacketsDropped, long audioTicks, long outputPacketsDropped,
                              List<String> videoCodecs) {
    public CompositorStats {
        videoCodecs = List.copyOf(videoCodecs);
    }
}
