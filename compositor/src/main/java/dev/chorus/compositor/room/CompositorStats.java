package dev.chorus.compositor.room;

import java.util.List;

/**
 * What a room's compositor did: members, composite frames produced, the cost of the last and the
 * worst frame (decode all inputs, compose, encode every quality; µs), frames that ran late, frames
 * that failed with an exception (logged; the next frame tries again), the input-to-output
 * {@link Latency}, input packets dropped because the composite thread fell behind, audio mix ticks,
 * output packets refused, the codecs the composite is being encoded in now ("VP8", plus "H264"
 * while someone receives it), and each member's {@link Input}.
 */
public record CompositorStats(int members, long frames, long lastFrameMicros, long maxFrameMicros, long lateFrames,
                              long failedFrames, Latency latency, long inputPacketsDropped, long audioTicks,
                              long outputPacketsDropped, List<String> videoCodecs, List<Input> inputs) {
    public CompositorStats {
        videoCodecs = List.copyOf(videoCodecs);
        inputs = List.copyOf(inputs);
    }

    /**
     * One member's tile: the simulcast layer that fits the tile, of those the camera has
     * ({@code layerWanted}; -1: no camera), and the layer its tap delivers ({@code layerReceived}: lower
     * while the publisher does not send the wanted one; -1 while waiting for a keyframe), packets
     * received and dropped, pictures decoded, keyframes asked for by the decoder, and how long ago its
     * last picture was decoded (ms; -1: none yet). A camera whose tile is frozen shows here first.
     */
    public record Input(String participantId, String name, int layerWanted, int layerReceived, long packets,
                        long packetsDropped, long pictures, long keyFrameRequests, long lastPictureAgeMillis) {}

    /**
     * In-process latency of participants' pictures through the compositor: from the moment the last
     * packet of an input frame was handed to the compositor (its tap's delivery, so network and
     * jitter-buffer waits for earlier packets are not in it) to the moment the first composite
     * containing the decoded picture has been encoded at every quality and handed to the composite's
     * producer. Counted once per picture that makes it into a composite (pictures replaced by a newer
     * one before the next composite are not). µs; p50/p95 over the last {@value LatencyWindow#SIZE}.
     */
    public record Latency(long pictures, long lastMicros, long maxMicros, long p50Micros, long p95Micros) {}
}
