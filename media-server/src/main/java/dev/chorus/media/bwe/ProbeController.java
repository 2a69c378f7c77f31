package dev.chorus.media.bwe;

import java.util.Arrays;

/**
 * Decides when to probe and at what rate, and paces each probe cluster; the caller produces the
 * bytes (padding or RTX). Pull API, allocation-free:
 * <pre>{@code
 * ProbeCluster p = controller.nextProbe(now);
 * if (p != null) { send ~p.bytes() of padding tagged p.id(); }   // every 1-5 ms while active
 * controller.onPacketSent(clusterIdOfPacket, size, now);           // for every packet sent
 * }</pre>
 * Media sent while a cluster is active counts towards it (see {@link #activeClusterId}), so the
 * cluster measures the whole stream at the probe rate rather than padding sharing the link with
 * unmeasured media.
 *
 * <p>Probes: at start, two clusters at 3× and 6× the start rate; when the allocator wants more than
 * the estimate (rate-limited, with back-off while probes keep failing); to recover a rate known
 * before video was paused. A successful probe (≥ 70 % of its target got through) is followed by one
 * at twice the result ("exploration"), until a probe falls short or the cap is reached.
 */
public final class ProbeController implements ProbeBitrateEstimator.ClusterSizes {
    static final int MIN_PACKETS = 5;
    static final long MIN_DURATION_NANOS = 15_000_000L;
    /**
     * A cluster carries at least this much: a token-bucket shaper passes a small cluster whole at line
     * rate (a 3 kB bucket fakes 2x its 300 kbit/s for 6 kB), and the result must come from packets sent
     * after the bucket ran dry (see {@link ProbeBitrateEstimator}).
     */
    static final int MIN_CLUSTER_BYTES = 12_000;
    /** A cluster's first packet may go at once; the rest follow at the target rate. */
    private static final int FIRST_PACKET_BYTES = 1200;
    private static final long CLUSTER_TIMEOUT_NANOS = 1_000_000_000L;
    private static final long RESULT_TIMEOUT_NANOS = 1_000_000_000L;
    private static final double FURTHER_PROBE_RATIO = 0.7;
    private static final double FOUND_RATIO = 1.2;
    private static final long ALLOCATOR_MIN_INTERVAL_NANOS = 2_000_000_000L;
    private static final long ALLOCATOR_MAX_INTERVAL_NANOS = 5_000_000_000L;
    private static final int MAX_PENDING = 4;
    private static final int REMEMBERED = 16;

    private final long maxBps;
    private final ProbeCluster out = new ProbeCluster();
    private final long[] pending = new long[MAX_PENDING];
    private int pendingHead;
    private int pendingCount;

    private int activeId = -1;
    private long activeTarget;
    private long activeStart;
    private long activeBytes;
    private int activePackets;
    private long activeMinBytes;
    private int nextId = 1;
    private final int[] recentIds = new int[REMEMBERED];
    private final long[] recentTargets = new long[REMEMBERED];
    private final boolean[] recentSucceeded = new boolean[REMEMBERED];
    private final long[] recentSentBytes = new long[REMEMBERED];
    private final boolean[] recentComplete = new boolean[REMEMBERED];

    private boolean exploring;
    private long explorationTarget;
    private long explorationCap;
    private long explorationDeadline;
    private int explorationHandledId = -1;

    private long nextAllocatorProbeNanos = Long.MIN_VALUE;
    private long allocatorInterval = ALLOCATOR_MIN_INTERVAL_NANOS;
    private int clustersStarted;
    private int clustersSucceeded;

    public ProbeController(long maxBps) {
        this.maxBps = maxBps;
        Arrays.fill(recentIds, -1);
    }

    /** Initial probing: 3× and 6× the start rate, then exploration. */
    public void onStart(long startBps, long nowNanos) {
        enqueue(3 * startBps);
        enqueue(6 * startBps);
        explore(Math.min(6 * startBps, maxBps), maxBps, nowNanos);
    }

    /**
     * The allocator would like {@code desiredBps} but the estimate is {@code estimateBps}. Starts a
     * probe at min(desired, 2 × estimate) unless one ran recently; returns whether it did.
     */
    public boolean requestProbe(long desiredBps, long estimateBps, long nowNanos) {
        expireExploration(nowNanos);
        if (desiredBps <= estimateBps || estimateBps >= maxBps || busy()
                || (nextAllocatorProbeNanos != Long.MIN_VALUE && nowNanos < nextAllocatorProbeNanos)) {
            return false;
        }
        long cap = Math.min(desiredBps, maxBps);
        long target = Math.min(cap, 2 * Math.max(estimateBps, 1));
        enqueue(target);
        explore(target, cap, nowNanos);
        nextAllocatorProbeNanos = nowNanos + allocatorInterval;
        return true;
    }

    /** Video resumes after a full pause: probe straight back to the rate we had before it. */
    public boolean requestRecoveryProbe(long targetBps, long estimateBps, long nowNanos) {
        expireExploration(nowNanos);
        long target = Math.min(targetBps, maxBps);
        if (target <= estimateBps || busy()) {
            return false;
        }
        enqueue(target);
        explore(target, maxBps, nowNanos);
        return true;
    }

    private boolean busy() {
        return activeId >= 0 || pendingCount > 0 || exploring;
    }

    private void enqueue(long targetBps) {
        long t = Math.min(targetBps, maxBps);
        if (t > 0 && pendingCount < MAX_PENDING) {
            pending[(pendingHead + pendingCount) % MAX_PENDING] = t;
            pendingCount++;
        }
    }

    private void explore(long target, long cap, long nowNanos) {
        exploring = true;
        explorationTarget = target;
        explorationCap = cap;
        explorationDeadline = nowNanos + CLUSTER_TIMEOUT_NANOS * 2 + RESULT_TIMEOUT_NANOS;
    }

    private void expireExploration(long nowNanos) {
        if (exploring && nowNanos > explorationDeadline) {
            exploring = false; // the result never came (lost feedback, invalid probe): a failure
            allocatorInterval = Math.min(2 * allocatorInterval, ALLOCATOR_MAX_INTERVAL_NANOS);
        }
    }

    /** Starts the next pending cluster if none is active; drops one that stalled. */
    private void activate(long nowNanos) {
        if (activeId >= 0 && nowNanos - activeStart > CLUSTER_TIMEOUT_NANOS) {
            activeId = -1; // stalled: never complete, so never measured
        }
        if (activeId >= 0 || pendingCount == 0) {
            return;
        }
        activeTarget = pending[pendingHead];
        pendingHead = (pendingHead + 1) % MAX_PENDING;
        pendingCount--;
        activeId = nextId;
        nextId = nextId == Integer.MAX_VALUE ? 1 : nextId + 1;
        activeStart = nowNanos;
        activeBytes = 0;
        activePackets = 0;
        activeMinBytes = Math.max(activeTarget * MIN_DURATION_NANOS / 8_000_000_000L, MIN_CLUSTER_BYTES);
        int r = activeId % REMEMBERED;
        recentIds[r] = activeId;
        recentTargets[r] = activeTarget;
        recentSucceeded[r] = false;
        recentSentBytes[r] = 0;
        recentComplete[r] = false;
        clustersStarted++;
    }

    /** What to send for probing now, or null. The returned object is reused. */
    public ProbeCluster nextProbe(long nowNanos) {
        expireExploration(nowNanos);
        activate(nowNanos);
        if (activeId < 0) {
            return null;
        }
        long elapsed = nowNanos - activeStart;
        long due = activeTarget * elapsed / 8_000_000_000L + FIRST_PACKET_BYTES - activeBytes;
        if (due <= 0) {
            return null;
        }
        long need = Math.max(activeMinBytes - activeBytes, 1);
        out.id = activeId;
        out.targetBps = activeTarget;
        out.bytes = (int) Math.min(Math.min(due, need), 64 * 1024);
        out.deadlineNanos = nowNanos + 1_000_000L;
        return out;
    }

    /** Cluster that packets sent now belong to (media included), or -1. */
    public int activeClusterId(long nowNanos) {
        activate(nowNanos);
        return activeId;
    }

    /** Every sent packet with its cluster id (-1 for none); completes the active cluster. */
    public void onPacketSent(int clusterId, int sizeBytes, long nowNanos) {
        if (clusterId < 0 || clusterId != activeId) {
            return;
        }
        activeBytes += sizeBytes;
        activePackets++;
        recentSentBytes[activeId % REMEMBERED] = activeBytes;
        if (activeBytes >= activeMinBytes && activePackets >= MIN_PACKETS
                && nowNanos - activeStart >= MIN_DURATION_NANOS) {
            recentComplete[activeId % REMEMBERED] = true;
            activeId = -1;
        }
    }

    /**
     * A measured cluster rate. {@code estimateBps} is the estimate before applying it: a result
     * above it counts as success. Drives exploration and the allocator-probe back-off.
     */
    public void onProbeResult(int clusterId, long resultBps, long estimateBps, long nowNanos) {
        long target = targetOf(clusterId);
        if (target <= 0) {
            return;
        }
        boolean success = resultBps > estimateBps;
        if (success && !recentSucceeded[clusterId % REMEMBERED]) {
            recentSucceeded[clusterId % REMEMBERED] = true;
            clustersSucceeded++;
        }
        // Only a real find resets the back-off: a probe that confirms the rate we already have
        // (typical when the allocator wants more than the link has) is not worth repeating often.
        boolean found = resultBps >= FOUND_RATIO * estimateBps;
        if (found) {
            allocatorInterval = ALLOCATOR_MIN_INTERVAL_NANOS;
        }
        if (!exploring || target != explorationTarget || clusterId == explorationHandledId) {
            return;
        }
        explorationHandledId = clusterId;
        long next = Math.min(2 * resultBps, explorationCap);
        if (resultBps >= FURTHER_PROBE_RATIO * target && next > target) {
            enqueue(next);
            explore(next, explorationCap, nowNanos);
        } else {
            exploring = false;
            if (!found) {
                allocatorInterval = Math.min(2 * allocatorInterval, ALLOCATOR_MAX_INTERVAL_NANOS);
            }
        }
    }

    /** Target of a recently started cluster, or -1. */
    public long targetOf(int clusterId) {
        int r = clusterId % REMEMBERED;
        return clusterId >= 0 && recentIds[r] == clusterId ? recentTargets[r] : -1;
    }

    /**
     * Bytes a finished cluster put on the wire, or -1 while it is still being sent, stalled or
     * forgotten: only a whole cluster says anything about the path's rate.
     */
    @Override
    public long sentBytesOf(int clusterId) {
        int r = clusterId % REMEMBERED;
        return clusterId >= 0 && recentIds[r] == clusterId && recentComplete[r] ? recentSentBytes[r] : -1;
    }

    /** Whether a cluster is running or queued. */
    public boolean isProbing() {
        return activeId >= 0 || pendingCount > 0;
    }

    public int clustersStarted() {
        return clustersStarted;
    }

    /** Clusters whose result raised the estimate. */
    public int clustersSucceeded() {
        return clustersSucceeded;
    }
}
