package dev.chorus.media.quality;

/**
 * The totals of one {@link BandwidthAllocator} run (per-track results are on the {@link VideoTrack}s).
 * The allocator reuses this object: read it before the next run.
 */
public final class Allocation {
    private final VideoTrack<?>[] noTracks = new VideoTrack<?>[0];
    VideoTrack<?>[] order = noTracks;
    int size;
    long estimateBps;
    long upgradeBudgetBps;
    long totalBps;
    long desiredBps;
    long probeTargetBps;
    int changedTracks;

    /** The estimate the run used. */
    public long estimateBps() {
        return estimateBps;
    }

    /** What upgrades were allowed to reach: sustained estimate ÷ (1 + upMargin). */
    public long upgradeBudgetBps() {
        return upgradeBudgetBps;
    }

    /** Sum of the forwarded layers' bitrates; never above {@link #estimateBps()}. */
    public long totalBps() {
        return totalBps;
    }

    /**
     * What every visible track's ideal layer (best arriving layer up to its render size) would cost.
     * Above the estimate, the caller may probe towards it; at or below, there is nothing to gain.
     */
    public long desiredBps() {
        return desiredBps;
    }

    /**
     * The estimate at which the ideal layers would actually be taken: {@link #desiredBps()} × (1 + upMargin),
     * because an upgrade needs that headroom. Probe towards this, not towards the desired rate: a probe
     * capped at the desired rate finds an estimate at which the upgrade is still refused, and the last
     * 15 % is then left to the estimator's slow increase (seen as 15 s recoveries after a limit lifted).
     */
    public long probeTargetBps() {
        return probeTargetBps;
    }

    /** How many tracks' {@link VideoTrack#changed()} is true. */
    public int changedTracks() {
        return changedTracks;
    }

    /** Number of tracks in the run. */
    public int size() {
        return size;
    }

    /** The tracks in allocation (priority) order. */
    public VideoTrack<?> track(int i) {
        if (i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        return order[i];
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Allocation[estimate=").append(estimateBps).append(" total=")
                .append(totalBps).append(" desired=").append(desiredBps);
        for (int i = 0; i < size; i++) {
            b.append(' ').append(order[i]);
        }
        return b.append(']').toString();
    }
}
