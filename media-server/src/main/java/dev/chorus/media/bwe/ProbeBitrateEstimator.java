package dev.chorus.media.bwe;

import java.util.Arrays;

/**
 * Turns feedback on a probe cluster's packets into a bitrate: the cluster was sent at rate S and
 * came out of the bottleneck at rate R; min(S, R) is what the path carried. If R is clearly below S
 * the link was saturated and R is its capacity — take 95 % of it so the new rate does not start
 * with a standing queue. Results where S > 2 × R are discarded: the receiver's spacing is then
 * dominated by something other than this cluster (cross traffic, a queue ahead of it).
 *
 * <p>The send rate leaves out the last packet (its bytes leave after the last send time) and the
 * receive rate the first one (its bytes arrived before the first arrival time). Allocation-free.
 */
public final class ProbeBitrateEstimator {
    private static final int SLOTS = 8;
    private static final int MIN_RECEIVED_PACKETS = 4;
    private static final long MAX_INTERVAL_NANOS = 1_000_000_000L;
    private static final double MAX_SEND_RECEIVE_RATIO = 2.0;
    private static final double SATURATED_RATIO = 0.9;
    private static final double SATURATED_UTILIZATION = 0.95;

    private final int[] id = new int[SLOTS];
    private final long[] firstSend = new long[SLOTS];
    private final long[] lastSend = new long[SLOTS];
    private final int[] lastSendSize = new int[SLOTS];
    private final long[] firstArrival = new long[SLOTS];
    private final long[] lastArrival = new long[SLOTS];
    private final int[] firstArrivalSize = new int[SLOTS];
    private final long[] bytes = new long[SLOTS];
    private final int[] packets = new int[SLOTS];
    private final long[] touched = new long[SLOTS];
    private final boolean[] updated = new boolean[SLOTS];

    public ProbeBitrateEstimator() {
        Arrays.fill(id, -1);
    }

    /** A received packet of probe cluster {@code clusterId} (≥ 0). */
    public void onPacket(int clusterId, long sendNanos, long arrivalNanos, int sizeBytes, long nowNanos) {
        if (clusterId < 0) {
            return;
        }
        int s = slot(clusterId, nowNanos);
        if (packets[s] == 0) {
            firstSend[s] = lastSend[s] = sendNanos;
            firstArrival[s] = lastArrival[s] = arrivalNanos;
            lastSendSize[s] = firstArrivalSize[s] = sizeBytes;
        } else {
            if (sendNanos < firstSend[s]) {
                firstSend[s] = sendNanos;
            }
            if (sendNanos > lastSend[s]) {
                lastSend[s] = sendNanos;
                lastSendSize[s] = sizeBytes;
            }
            if (arrivalNanos < firstArrival[s]) {
                firstArrival[s] = arrivalNanos;
                firstArrivalSize[s] = sizeBytes;
            }
            if (arrivalNanos > lastArrival[s]) {
                lastArrival[s] = arrivalNanos;
            }
        }
        bytes[s] += sizeBytes;
        packets[s]++;
        touched[s] = nowNanos;
        updated[s] = true;
    }

    private int slot(int clusterId, long nowNanos) {
        int oldest = 0;
        for (int i = 0; i < SLOTS; i++) {
            if (id[i] == clusterId) {
                return i;
            }
            if (id[i] == -1 || (id[oldest] != -1 && touched[i] < touched[oldest])) {
                oldest = i;
            }
        }
        id[oldest] = clusterId;
        packets[oldest] = 0;
        bytes[oldest] = 0;
        updated[oldest] = false;
        touched[oldest] = nowNanos;
        return oldest;
    }

    /**
     * Copies the clusters updated since the last call that now have a valid estimate into
     * {@code ids}/{@code bps} (at least 8 long) and returns how many.
     */
    public int collectResults(int[] ids, long[] bps) {
        int n = 0;
        for (int s = 0; s < SLOTS; s++) {
            if (!updated[s]) {
                continue;
            }
            updated[s] = false;
            long r = estimate(s);
            if (r > 0) {
                ids[n] = id[s];
                bps[n] = r;
                n++;
            }
        }
        return n;
    }

    /** The cluster's rate in bit/s, or -1 if it is not (yet) valid. */
    private long estimate(int s) {
        long sendInterval = lastSend[s] - firstSend[s];
        long recvInterval = lastArrival[s] - firstArrival[s];
        if (packets[s] < MIN_RECEIVED_PACKETS || sendInterval <= 0 || sendInterval > MAX_INTERVAL_NANOS
                || recvInterval <= 0 || recvInterval > MAX_INTERVAL_NANOS) {
            return -1;
        }
        double sendBps = (bytes[s] - lastSendSize[s]) * 8e9 / sendInterval;
        double recvBps = (bytes[s] - firstArrivalSize[s]) * 8e9 / recvInterval;
        if (sendBps > MAX_SEND_RECEIVE_RATIO * recvBps) {
            return -1;
        }
        double r = Math.min(sendBps, recvBps);
        if (recvBps < SATURATED_RATIO * sendBps) {
            r = SATURATED_UTILIZATION * recvBps;
        }
        return (long) r;
    }
}
