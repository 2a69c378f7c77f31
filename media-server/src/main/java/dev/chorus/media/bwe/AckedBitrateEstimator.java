package dev.chorus.media.bwe;

import java.util.Arrays;

/**
 * Throughput the receiver acknowledged, measured on the receiver's arrival clock over a sliding
 * window (default 500 ms) of fixed time buckets (default 10 ms).
 *
 * <p>Why a plain sliding window rather than libwebrtc's Bayesian per-window estimate: the rate
 * controller only uses this value as a reference (back off to 0.85 × it on overuse, do not grow
 * past 1.5 × it), so what matters is that it follows the bottleneck's drain rate promptly and
 * predictably. Arrival times at a bottleneck are already smooth (the link spaces packets), so
 * averaging over half a second is low-noise, has no tuning beyond the window, is exact in tests
 * and costs O(1) per packet with fixed memory. Its weakness — it averages across idle gaps, so an
 * application-limited sender reads low — is the same one the rate controller's
 * "not above 1.5 × acked" rule is designed around.
 *
 * <p>Allocation-free; not thread-safe.
 */
public final class AckedBitrateEstimator {
    /** Below this much measured time the rate is too noisy to report. */
    private static final long MIN_SPAN_NANOS = 100_000_000L;

    private final long bucketNanos;
    private final int buckets;
    private final long[] bucketId;
    private final long[] bucketBytes;
    private long latestBucket = Long.MIN_VALUE;
    private long latestArrival;
    private long firstArrival;

    public AckedBitrateEstimator() {
        this(500_000_000L, 10_000_000L);
    }

    public AckedBitrateEstimator(long windowNanos, long bucketNanos) {
        this.bucketNanos = bucketNanos;
        this.buckets = (int) Math.max(2, windowNanos / bucketNanos);
        this.bucketId = new long[buckets];
        this.bucketBytes = new long[buckets];
    }

    /** One packet the receiver got, at its (receiver-clock) arrival time. */
    public void onPacketAcked(long arrivalNanos, int sizeBytes) {
        long b = Math.floorDiv(arrivalNanos, bucketNanos);
        if (latestBucket == Long.MIN_VALUE) {
            latestBucket = b;
            latestArrival = arrivalNanos;
            firstArrival = arrivalNanos;
            Arrays.fill(bucketId, Long.MIN_VALUE);
        }
        if (b <= latestBucket - buckets) {
            return; // older than the window
        }
        if (arrivalNanos > latestArrival) {
            latestArrival = arrivalNanos;
            latestBucket = b;
        }
        if (arrivalNanos < firstArrival) {
            firstArrival = arrivalNanos;
        }
        int i = (int) Math.floorMod(b, buckets);
        if (bucketId[i] != b) {
            bucketId[i] = b;
            bucketBytes[i] = 0;
        }
        bucketBytes[i] += sizeBytes;
    }

    /** Acked throughput in bit/s, or -1 while less than 100 ms of arrivals have been seen. */
    public long bitrateBps() {
        if (latestBucket == Long.MIN_VALUE) {
            return -1;
        }
        long oldest = latestBucket - buckets + 1;
        long bytes = 0;
        for (int i = 0; i < buckets; i++) {
            if (bucketId[i] >= oldest && bucketId[i] <= latestBucket) {
                bytes += bucketBytes[i];
            }
        }
        long span = latestArrival - Math.max(firstArrival, oldest * bucketNanos);
        if (span < MIN_SPAN_NANOS) {
            return -1;
        }
        return bytes * 8_000_000_000L / span;
    }

    public void reset() {
        latestBucket = Long.MIN_VALUE;
    }
}
