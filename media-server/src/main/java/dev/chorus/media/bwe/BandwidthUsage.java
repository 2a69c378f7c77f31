package dev.chorus.media.bwe;

/** Output of the delay-based overuse detector. */
public enum BandwidthUsage {
    /** Queuing delay is stable. */
    NORMAL,
    /** Queuing delay is shrinking: a queue is draining, do not add to it yet. */
    UNDERUSING,
    /** Queuing delay keeps growing: we send more than the bottleneck carries. */
    OVERUSING
}
