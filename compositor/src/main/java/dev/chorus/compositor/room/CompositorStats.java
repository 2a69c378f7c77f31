package dev.chorus.compositor.room;

/**
 * What a room's compositor did: members, composite frames produced, the cost of the last and the
 * worst frame (decode all inputs, compose, encode every quality; µs), frames that ran late, frames
 * that failed with an exception (logged; the next frame tries again), input packets dropped because
 * the composite thread fell behind, audio mix ticks, output packets refused.
 */
public record CompositorStats(int members, long frames, long lastFrameMicros, long maxFrameMicros, long lateFrames,
                              long failedFrames, long inputPacketsDropped, long audioTicks, long outputPacketsDropped) {}
