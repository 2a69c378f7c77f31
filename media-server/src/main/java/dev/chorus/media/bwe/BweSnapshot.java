package dev.chorus.media.bwe;

/**
 * Immutable view of a {@link SendSideBandwidthEstimator} for stats. Bitrates in bit/s; -1 where
 * unknown. {@code lossFraction} is 0–1.
 */
public record BweSnapshot(long targetBps, long delayBasedBps, long lossBasedBps, long ackedBps,
                          long rembBps, boolean rembFallback, long rttMillis, double lossFraction,
                          BandwidthUsage usage, AimdRateControl.State rateControlState,
                          int probesSent, int probesSucceeded) {
}
