package dev.chorus.media.quality;

import java.util.concurrent.TimeUnit;

/**
 * Tuning of {@link BandwidthAllocator}.
 *
 * @param upMargin          an upgrade must leave this much headroom: it is taken only if the
 *                          sustained estimate ≥ (total allocated with the upgrade) × (1 + upMargin).
 *                          Downgrades have no margin (they happen as soon as the total exceeds the
 *                          estimate), so this is the width of the hysteresis band. The default 0.15 is
 *                          wider than the 10.5 % peak-to-trough swing of an estimate wobbling ±5 %, and
 *                          also absorbs the usual ±10 % wander of a layer's measured bitrate.
 * @param upgradeHoldNanos  the "sustained estimate" is the lowest estimate seen over this window, so an
 *                          increase allows upgrades only after it has lasted this long (a spike from one
 *                          bandwidth probe does not upgrade anything)
 * @param trackHoldNanos    a track whose layer changed less than this long ago is not upgraded again
 *                          (damps slow oscillations the window above does not catch; 0 disables)
 * @param cameraMinFps      below this frame rate a camera (anything but a screen share) prefers a lower
 *                          resolution: its rungs above the lowest spatial layer skip temporal layers
 *                          slower than this when the same spatial layer has a faster one. Screen shares
 *                          keep every rung, i.e. prefer resolution over frame rate. 0 disables. The
 *                          default 20 excludes the half-rate layer of a 30 fps L1T3 camera: a 180p
 *                          video at 30 fps looks better in a tile than a 360p one at 15 fps.
 * @param failedUpgradeNanos an upgrade undone within this long failed: the track's hold before its next
 *                          upgrade doubles (up to {@code maxTrackHoldNanos}); one that lasts this long
 *                          resets the hold to {@code trackHoldNanos}. A bandwidth probe shows headroom for
 *                          tens of milliseconds, a sustained estimate for a second; on a link that cannot
 *                          keep what a probe found, this keeps the track from trying every two seconds.
 *                          Not for lower layers, not for resuming a paused track, nor once the upgrade
 *                          budget is 1.5 × the one the upgrade failed at. 0 disables
 * @param maxTrackHoldNanos the longest hold the back-off above reaches
 */
public record AllocatorConfig(double upMargin, long upgradeHoldNanos, long trackHoldNanos, double cameraMinFps,
                              long failedUpgradeNanos, long maxTrackHoldNanos) {
    public static final AllocatorConfig DEFAULT =
            new AllocatorConfig(0.15, TimeUnit.SECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(2), 20,
                    TimeUnit.SECONDS.toNanos(4), TimeUnit.SECONDS.toNanos(16));

    /** Without the failed-upgrade back-off. */
    public AllocatorConfig(double upMargin, long upgradeHoldNanos, long trackHoldNanos, double cameraMinFps) {
        this(upMargin, upgradeHoldNanos, trackHoldNanos, cameraMinFps, 0, trackHoldNanos);
    }

    public AllocatorConfig {
        if (!(upMargin >= 0) || upgradeHoldNanos < 0 || trackHoldNanos < 0 || !(cameraMinFps >= 0)
                || failedUpgradeNanos < 0 || maxTrackHoldNanos < trackHoldNanos) {
            throw new IllegalArgumentException("bad allocator config");
        }
    }
}
