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
 * receive rate the first one (its bytes arrived before the first arrival time).
 *
 * <p>A token-bucket shaper lets the start of a cluster through at line rate until its bucket is
 * empty, then at its rate: the receive rate is also measured over the later half of the cluster's
 * arrivals and the lower of the two is taken. A result needs the whole cluster sent and at least
 * 80 % of its bytes acknowledged, so an early, still-bursting part never counts. Allocation-free.
 */
public final class ProbeBitrateEstimator {
    private static final int SLOTS = 8;
    private static final int MIN_RECEIVED_PACKETS = 4;
    private static final long MAX_INTERVAL_NANOS = 1_000_000_000L;
    private static final double MAX_SEND_RECEIVE_RATIO = 2.0;
    private static final double SATURATED_RATIO = 0.9;
    private static final double SATURATED_UTILIZATION = 0.95;
    private static final double MIN_RECEIVED_BYTES_RATIO = 0.8;
    /** Per-packet arrivals kept per cluster for the later-half rate (more are counted, not kept). */
    static final int DETAIL = 128;

    /** What the sender knows about its clusters. */
    public interface ClusterSizes {
        /** Bytes the finished cluster sent, or -1 while it is incomplete or unknown. */
        long sentBytesOf(int clusterId);
    }

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
    private final long[][] arrivals = new long[SLOTS][DETAIL];
    private final int[][] sizes = new int[SLOTS][DETAIL];
    private final long[] sortedArrivals = new long[DETAIL];
    private final int[] sortedSizes = new int[DETAIL];

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
        if (packets[s] < DETAIL) {
            arrivals[s][packets[s]] = arrivalNanos;
            sizes[s][packets[s]] = sizeBytes;
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
    public int collectResults(int[] ids, long[] bps, ClusterSizes clusters) {
        int n = 0;
        for (int s = 0; s < SLOTS; s++) {
            if (!updated[s]) {
                continue;
            }
            long sent = clusters.sentBytesOf(id[s]);
            if (sent < 0) {
                continue; // still being sent: look again when more feedback arrives after it finished
            }
            updated[s] = false;
            if (bytes[s] < MIN_RECEIVED_BYTES_RATIO * sent) {
                continue;
            }
            long r = estimate(s);
            if (r > 0) {
                ids[n] = id[s];
                bps[n] = r;
                n++;
            }
        }
        return n;
    }

    /** Receive rate over the later half of the kept arrivals (after a shaper's burst), or +inf. */
    private double laterHalfBps(int s) {
        int n = Math.min(packets[s], DETAIL);
        for (int i = 0; i < n; i++) { // insertion sort by arrival: n is small, feedback order is send order
            long a = arrivals[s][i];
            int size = sizes[s][i];
            int j = i - 1;
            while (j >= 0 && sortedArrivals[j] > a) {
                sortedArrivals[j + 1] = sortedArrivals[j];
                sortedSizes[j + 1] = sortedSizes[j];
                j--;
            }
            sortedArrivals[j + 1] = a;
            sortedSizes[j + 1] = size;
        }
        int mid = n / 2;
        long interval = sortedArrivals[n - 1] - sortedArrivals[mid];
        if (n < 2 * MIN_RECEIVED_PACKETS || interval <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        long later = 0;
        for (int i = mid + 1; i < n; i++) {
            later += sortedSizes[i];
        }
        return later * 8e9 / interval;
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
        double wholeRecvBps = (bytes[s] - firstArrivalSize[s]) * 8e9 / recvInterval;
        if (sendBps > MAX_SEND_RECEIVE_RATIO * wholeRecvBps) {
            return -1;
        }
        double recvBps = Math.min(wholeRecvBps, laterHalfBps(s));
        double r = Math.min(sendBps, recvBps);
        if (recvBps < SATURATED_RATIO * sendBps) {
            r = SATURATED_UTILIZATION * recvBps;
        }
        return (long) r;
    }
}
