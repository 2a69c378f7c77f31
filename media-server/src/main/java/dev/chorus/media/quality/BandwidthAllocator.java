package dev.chorus.media.quality;

import dev.chorus.media.quality.VideoTrack.State;
import java.util.List;
import java.util.Objects;

/**
 * Decides which layer of each video track one receiver gets, given the receiver's bandwidth
 * estimate. Pure policy: no I/O, no clock, no threads; one instance per receiver, run every
 * 100–500 ms (and when tracks, render sizes or priorities change). A run allocates nothing once the
 * internal arrays have grown to the number of tracks.
 *
 * <p>Each track has a <em>ladder</em> ({@link VideoTrack}): its arriving layers from (0, lowest
 * temporal) up to its <em>target</em>, the smallest spatial layer that covers the tile (all of them
 * if the size is unknown, none if hidden), in (spatial, temporal) order, each rung costing more than
 * the last. The top rung is the track's ideal. Tracks are taken in {@link TrackPriority} order, ties
 * by speaker rank, then list order. A run:
 * <ol>
 *   <li><b>Floors.</b> Each track gets its lowest rung while that fits the estimate. The first one
 *       that does not fit is paused <em>with every track after it</em>, so a track is never paused
 *       while a less important one plays.</li>
 *   <li><b>On stage</b> (screen share, pinned, dominant speaker), in order: straight to the best
 *       rung that fits, up to the ideal. Straight rather than step by step because the receiver is
 *       looking at these: the screen share reaches its ideal before any camera gets more than its
 *       floor, and the pinned tile before the gallery.</li>
 *   <li><b>Gallery</b> ({@link TrackPriority#NORMAL}), round-robin one rung per track per pass,
 *       recent speakers first: equal tiles share the bandwidth instead of the first tile taking
 *       720p while the rest sit at 180p.</li>
 * </ol>
 *
 * <p><b>Hysteresis.</b> Keeping a layer (or any layer up to the one the track had last run) only
 * needs the total to fit the current estimate, so a drop downgrades at once. Going above last run's
 * layer — including resuming a paused track — needs the total with the upgrade to fit the
 * <em>upgrade budget</em>: the lowest estimate over the last {@link AllocatorConfig#upgradeHoldNanos()}
 * divided by (1 + {@link AllocatorConfig#upMargin()}); and the track's layer must not have changed for
 * {@link AllocatorConfig#trackHoldNanos()}. A track just added (or just made visible, or whose
 * layers just came back) has no history: its floor only needs to fit the estimate and it may be
 * upgraded without the per-track hold. Resuming a paused track is not an upgrade when a less
 * important track is still playing (priorities changed, e.g. a new dominant speaker): that is a swap.
 * During the gallery passes the tiles first climb back to their previous layers (restore) and only
 * then above them (upgrade), so one tile's upgrade cannot push another tile down. On-stage tracks,
 * however, are placed before the gallery's restore: when the speaker or pinned tile upgrades (budget
 * and hold permitting) the bandwidth it takes comes out of the gallery at once — priority, not flapping,
 * since nothing pushes it back until the estimate falls.
 *
 * <p><b>Failed upgrades back off</b> ({@link UpgradeBackoff}). An upgrade undone within
 * {@link AllocatorConfig#failedUpgradeNanos()} (the estimate fell, or the headroom a probe showed was not
 * there) doubles the hold before that track goes to that layer or above again, up to
 * {@link AllocatorConfig#maxTrackHoldNanos()}. Not backed off: lower layers (recovering from a deeper
 * drop), resuming a paused track (no video is worse than a retry that fails) and a link whose upgrade
 * budget has grown {@value UpgradeBackoff#ESCAPE}× since the failure (a lifted limit is not a flaky link).
 * An upgrade to the failed layer that lasts ends the back-off.
 */
public final class BandwidthAllocator {
    private final AllocatorConfig config;
    private final EstimateWindow window = new EstimateWindow();
    private final Allocation result = new Allocation();
    private VideoTrack<?>[] order = new VideoTrack<?>[16];
    private int n;
    private long total;

    public BandwidthAllocator(AllocatorConfig config) {
        this.config = Objects.requireNonNull(config);
    }

    public BandwidthAllocator() {
        this(AllocatorConfig.DEFAULT);
    }

    public AllocatorConfig config() {
        return config;
    }

    /**
     * One run. {@code tracks} must hold the same {@link VideoTrack} instances from run to run (their
     * history lives in them); the list itself is only read. Returns this allocator's reused
     * {@link Allocation}; per-track results are on the tracks.
     */
    public Allocation allocate(long estimateBps, long nowNanos, List<? extends VideoTrack<?>> tracks) {
        long estimate = Math.max(0, estimateBps);
        long sustained = window.add(nowNanos, estimate, config.upgradeHoldNanos());
        long upBudget = (long) (sustained / (1 + config.upMargin()));
        sort(tracks);
        long desired = 0;
        int lastForwarding = -1; // position of the least important track that was forwarding last run
        for (int i = 0; i < n; i++) {
            VideoTrack<?> t = order[i];
            if (t.buildLadder(config.cameraMinFps()) && t.ladderSize > 0) {
                desired += t.idealBps();
                if (!t.hasHistory) {
                    t.prevRung = 0; // a new track's floor is not an upgrade
                } else if (t.state == State.FORWARDING) {
                    t.prevRung = Math.max(0, t.rungAtOrBelow(t.spatial, t.temporal));
                    lastForwarding = i;
                } else {
                    t.prevRung = -1;
                }
            }
        }
        total = 0;
        floors(estimate, upBudget, lastForwarding, nowNanos);
        onStage(estimate, upBudget, nowNanos);
        gallery(false, estimate, nowNanos); // restore previous layers first ...
        gallery(true, upBudget, nowNanos);  // ... then upgrade
        return finish(estimate, upBudget, desired, nowNanos);
    }

    private void floors(long estimate, long upBudget, int lastForwarding, long now) {
        boolean stop = false;
        for (int i = 0; i < n && !stop; i++) {
            VideoTrack<?> t = order[i];
            if (t.ladderSize == 0) {
                continue; // hidden or not arriving: neither costs nor blocks anything
            }
            boolean resume = t.prevRung < 0 && i > lastForwarding;
            long limit = resume ? (holdOk(t, 0, upBudget, now) ? upBudget : -1) : estimate;
            if (total + t.ladderBps[0] <= limit) {
                t.rung = 0;
                total += t.ladderBps[0];
            } else {
                stop = true; // this one and everything less important stay paused
            }
        }
    }

    private void onStage(long estimate, long upBudget, long now) {
        for (int i = 0; i < n; i++) {
            VideoTrack<?> t = order[i];
            if (!t.priority.onStage() || t.rung < 0) {
                continue;
            }
            for (int r = t.ladderSize - 1; r > 0; r--) {
                long limit = r <= t.prevRung ? estimate : (holdOk(t, r, upBudget, now) ? upBudget : -1);
                long after = total - t.ladderBps[0] + t.ladderBps[r];
                if (after <= limit) {
                    total = after;
                    t.rung = r;
                    break;
                }
            }
        }
    }

    /** Round-robin over the gallery, one rung per track per pass, until a pass changes nothing. */
    private void gallery(boolean upgrade, long limit, long now) {
        boolean progress = true;
        while (progress) {
            progress = false;
            for (int i = 0; i < n; i++) {
                VideoTrack<?> t = order[i];
                if (t.priority.onStage() || t.rung < 0 || (upgrade && !holdOk(t, t.rung + 1, limit, now))) {
                    continue;
                }
                int cap = upgrade ? t.ladderSize - 1 : Math.min(t.prevRung, t.ladderSize - 1);
                if (t.rung < cap) {
                    long after = total - t.ladderBps[t.rung] + t.ladderBps[t.rung + 1];
                    if (after <= limit) {
                        total = after;
                        t.rung++;
                        progress = true;
                    }
                }
            }
        }
    }

    /** Whether {@code t} may be upgraded to {@code rung} now (holds; see the class comment). */
    private boolean holdOk(VideoTrack<?> t, int rung, long upBudget, long now) {
        if (!t.hasHistory) {
            return true;
        }
        long hold = config.trackHoldNanos();
        if (rung < t.ladderSize) {
            hold = t.backoff.hold(t.ladderS[rung], t.ladderT[rung], upBudget, hold);
        }
        return now - t.lastChangeNanos >= hold;
    }

    /** Failed-upgrade bookkeeping; called before the track's result fields are overwritten. */
    private void trackUpgrades(VideoTrack<?> t, State state, int s, int tl, long upBudget, long now) {
        if (config.failedUpgradeNanos() == 0 || !t.hasHistory
                || (state != State.FORWARDING && state != State.PAUSED)) {
            t.backoff.reset(); // new, hidden or not arriving: no history to judge by
        } else {
            t.backoff.onResult(t.state == State.FORWARDING, t.spatial, t.temporal, state == State.FORWARDING,
                    s, tl, upBudget, now, config);
        }
    }

    private Allocation finish(long estimate, long upBudget, long desired, long now) {
        int changed = 0;
        for (int i = 0; i < n; i++) {
            VideoTrack<?> t = order[i];
            State state;
            int s = -1;
            int tl = -1;
            long bps = 0;
            if (t.ladderSize == 0) {
                state = t.targetSpatial < 0 ? State.HIDDEN : State.UNAVAILABLE;
            } else if (t.rung < 0) {
                state = State.PAUSED;
            } else {
                state = State.FORWARDING;
                s = t.ladderS[t.rung];
                tl = t.ladderT[t.rung];
                bps = t.ladderBps[t.rung];
            }
            trackUpgrades(t, state, s, tl, upBudget, now);
            t.changed = state != t.state || s != t.spatial || tl != t.temporal;
            if (t.changed) {
                changed++;
                t.lastChangeNanos = now;
            }
            t.state = state;
            t.spatial = s;
            t.temporal = tl;
            t.bitrateBps = bps;
            // hidden / not arriving: forget, so that coming back counts as a new track
            t.hasHistory = state == State.FORWARDING || state == State.PAUSED;
        }
        Allocation a = result;
        a.order = order;
        a.size = n;
        a.estimateBps = estimate;
        a.upgradeBudgetBps = upBudget;
        a.totalBps = total;
        a.desiredBps = desired;
        a.probeTargetBps = Math.round(desired * (1 + config.upMargin()));
        a.changedTracks = changed;
        return a;
    }

    /** Copies the tracks into {@link #order} and insertion-sorts them (no allocation, stable, n is small). */
    private void sort(List<? extends VideoTrack<?>> tracks) {
        n = tracks.size();
        if (order.length < n) {
            order = new VideoTrack<?>[Math.max(n, order.length * 2)];
        }
        for (int i = n; i < order.length && order[i] != null; i++) {
            order[i] = null; // do not keep removed tracks reachable
        }
        for (int i = 0; i < n; i++) {
            VideoTrack<?> t = tracks.get(i);
            t.inputIndex = i;
            int j = i;
            while (j > 0 && before(t, order[j - 1])) {
                order[j] = order[j - 1];
                j--;
            }
            order[j] = t;
        }
    }

    private static boolean before(VideoTrack<?> a, VideoTrack<?> b) {
        if (a.priority != b.priority) {
            return a.priority.ordinal() < b.priority.ordinal();
        }
        if (a.speakerRank != b.speakerRank) {
            return a.speakerRank < b.speakerRank;
        }
        return a.inputIndex < b.inputIndex;
    }
}
