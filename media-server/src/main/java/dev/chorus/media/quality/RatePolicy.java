package dev.chorus.media.quality;

import dev.chorus.media.telemetry.TelemetryRow;

/**
 * How much one receiver's allocation may spend, decided every 100 ms from that link's telemetry row:
 * the seam between "how fast can this link go" and "which layers" ({@link BandwidthAllocator}).
 * Implementations: {@link GccRatePolicy} (the estimator, today's behaviour), {@link EwmaRatePolicy}
 * (the average receive rate), the simulator's oracle, and — phase 2 of issue 6 — a learned model
 * predicting the sustainable bitrate from the row's features (bounded by the estimate and probing).
 * One instance per receiver link (a policy may keep state); not thread-safe.
 */
public interface RatePolicy {
    /** Short name for reports and config ({@code gcc}, {@code ewma}, {@code oracle}, {@code learned}). */
    String name();

    /**
     * Bit/s the receiver's media (audio included) may take until the next decision. {@code row} holds
     * only what the server can see (its labels are not for policies).
     */
    long allowedBps(TelemetryRow row);

    /**
     * The receiver's own report of its rendered video, received at {@code nowNanos} (same clock as the
     * rows): its cumulative freeze count ({@link FreezeFeedback}). Policies that do not use it ignore it.
     */
    default void onRenderReport(long nowNanos, long freezeCount) {
    }

    /**
     * How far a probe may go when the layers the allocator would like cost {@code desiredBps} (audio
     * included) and that is more than the estimate: by default all the way. A target at or under the
     * estimate means no probe.
     */
    default long probeTargetBps(long desiredBps) {
        return desiredBps;
    }
}
