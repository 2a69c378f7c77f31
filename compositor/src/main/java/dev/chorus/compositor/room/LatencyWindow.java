package dev.chorus.compositor.room;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Input-to-output latencies of the composite: count, last and worst since start, and the median and
 * 95th percentile of the last {@value #SIZE}. One writer (the composite thread) that never allocates;
 * readers take a {@link #snapshot} (which allocates) from any thread.
 */
final class LatencyWindow {
    static final int SIZE = 256;

    private final AtomicLongArray samples = new AtomicLongArray(SIZE);
    private volatile long count;
    private volatile long last;
    private volatile long max;

    /** Composite thread. */
    void record(long nanos) {
        long n = count;
        samples.setRelease((int) (n % SIZE), nanos);
        last = nanos;
        if (nanos > max) {
            max = nanos;
        }
        count = n + 1;
    }

    /** Any thread; a sample written meanwhile may or may not be in it. */
    CompositorStats.Latency snapshot() {
        long n = count;
        int k = (int) Math.min(n, SIZE);
        if (k == 0) {
            return new CompositorStats.Latency(0, 0, 0, 0, 0);
        }
        long[] window = new long[k];
        for (int i = 0; i < k; i++) {
            window[i] = samples.getAcquire(i);
        }
        Arrays.sort(window);
        return new CompositorStats.Latency(n, last / 1000, max / 1000, percentile(window, 50) / 1000,
                percentile(window, 95) / 1000);
    }

    /** Nearest rank. */
    private static long percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
