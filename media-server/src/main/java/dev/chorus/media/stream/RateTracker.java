package dev.chorus.media.stream;

/**
 * Bitrate and frame rate of one stream over a sliding window of fixed buckets. Allocation-free;
 * time is passed in so it is deterministic. Frames are counted by distinct RTP timestamps.
 */
public final class RateTracker {
    private static final int BUCKETS = 10;
    private final long bucketNanos;
    private final long[] bytes = new long[BUCKETS];
    private final int[] frames = new int[BUCKETS];
    private long currentBucket = Long.MIN_VALUE;
    private long lastTimestamp = -1;
    private long firstNanos = Long.MIN_VALUE;

    /** A window of {@code windowNanos}, split in ten buckets. */
    public RateTracker(long windowNanos) {
        this.bucketNanos = Math.max(1, windowNanos / BUCKETS);
    }

    public RateTracker() {
        this(1_000_000_000L);
    }

    public void onPacket(int sizeBytes, long rtpTimestamp, long nowNanos) {
        advance(nowNanos);
        if (firstNanos == Long.MIN_VALUE) {
            firstNanos = nowNanos;
        }
        int i = (int) Math.floorMod(currentBucket, (long) BUCKETS);
        bytes[i] += sizeBytes;
        if (rtpTimestamp != lastTimestamp) {
            lastTimestamp = rtpTimestamp;
            frames[i]++;
        }
    }

    private void advance(long nowNanos) {
        long b = Math.floorDiv(nowNanos, bucketNanos);
        if (currentBucket == Long.MIN_VALUE) {
            currentBucket = b;
            return;
        }
        if (b <= currentBucket) {
            return;
        }
        long steps = Math.min(BUCKETS, b - currentBucket);
        for (long s = 1; s <= steps; s++) {
            int i = (int) Math.floorMod(currentBucket + s, (long) BUCKETS);
            bytes[i] = 0;
            frames[i] = 0;
        }
        currentBucket = b;
    }

    /** Bits per second over the window (over the time seen so far when younger than the window). */
    public long bitrateBps(long nowNanos) {
        advance(nowNanos);
        long sum = 0;
        for (long v : bytes) {
            sum += v;
        }
        return sum * 8_000_000_000L / spanNanos(nowNanos);
    }

    public double frameRate(long nowNanos) {
        advance(nowNanos);
        long sum = 0;
        for (int v : frames) {
            sum += v;
        }
        return sum * 1e9 / spanNanos(nowNanos);
    }

    private long spanNanos(long nowNanos) {
        long window = bucketNanos * BUCKETS;
        if (firstNanos == Long.MIN_VALUE) {
            return window;
        }
        // young streams: dividing by the full window would under-report for the first second
        return Math.max(bucketNanos, Math.min(window, nowNanos - firstNanos + 1));
    }
}
