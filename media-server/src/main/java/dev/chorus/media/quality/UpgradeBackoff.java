package dev.chorus.media.quality;

/**
 * One track's memory of failed upgrades, for {@link BandwidthAllocator} (see
 * {@link AllocatorConfig#failedUpgradeNanos()}): an upgrade undone within the window doubles the hold
 * before the track goes to that layer or above again, up to the maximum; a resume from pause is never
 * counted (no video is worse than a retry that fails); the back-off is ignored once the upgrade budget is
 * {@value #ESCAPE} × the one the upgrade failed at (a lifted limit is not a flaky link); an upgrade to the
 * failed layer that lasts the window ends it. Layers are (spatial, temporal) pairs. Allocation-free.
 */
final class UpgradeBackoff {
    static final double ESCAPE = 1.5;
    private static final long NONE = Long.MIN_VALUE;

    private long upgradeNanos = NONE; // the last upgrade not yet confirmed or undone
    private int upgradeSpatial;
    private int upgradeTemporal;
    private long upgradeBudgetBps;
    private long holdNanos;           // 0 = no back-off
    private int failedSpatial;
    private int failedTemporal;
    private long failedBudgetBps;

    /** The hold before the track may go to layer ({@code s}, {@code tl}) with this upgrade budget. */
    long hold(int s, int tl, long upBudget, long normalHoldNanos) {
        boolean applies = holdNanos > normalHoldNanos && upBudget < ESCAPE * failedBudgetBps
                && atOrAbove(s, tl, failedSpatial, failedTemporal);
        return applies ? holdNanos : normalHoldNanos;
    }

    /** Forget everything (a new, hidden or not arriving track). */
    void reset() {
        upgradeNanos = NONE;
        holdNanos = 0;
    }

    /**
     * A run's result for the track: forwarding layer ({@code s0}, {@code t0}) before if {@code was}, layer
     * ({@code s}, {@code tl}) now if {@code is} (otherwise paused).
     */
    void onResult(boolean was, int s0, int t0, boolean is, int s, int tl, long upBudget, long now,
                  AllocatorConfig config) {
        long window = config.failedUpgradeNanos();
        // a resume (was paused) is not an upgrade here: backing resumes off left real Chromium 16-25 s
        // without video (docs/real-check.md, set 5)
        boolean up = was && is && atOrAbove(s, tl, s0, t0) && (s != s0 || tl != t0);
        boolean down = was && (!is || !atOrAbove(s, tl, s0, t0));
        boolean pending = upgradeNanos != NONE;
        if (down && pending && now - upgradeNanos < window) {
            holdNanos = Math.min(Math.max(2 * holdNanos, 2 * config.trackHoldNanos()), config.maxTrackHoldNanos());
            failedSpatial = upgradeSpatial;
            failedTemporal = upgradeTemporal;
            failedBudgetBps = upgradeBudgetBps;
            upgradeNanos = NONE;
        } else if (up) {
            upgradeNanos = now;
            upgradeSpatial = s;
            upgradeTemporal = tl;
            upgradeBudgetBps = upBudget;
        } else if (down) {
            upgradeNanos = NONE;
        } else if (pending && now - upgradeNanos >= window) {
            if (atOrAbove(upgradeSpatial, upgradeTemporal, failedSpatial, failedTemporal)) {
                holdNanos = 0; // the failed layer (or better) lasted; a lower one says nothing
            }
            upgradeNanos = NONE;
        }
    }

    private static boolean atOrAbove(int s, int tl, int s2, int tl2) {
        return s > s2 || (s == s2 && tl >= tl2);
    }
}
