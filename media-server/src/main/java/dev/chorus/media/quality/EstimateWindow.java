package dev.chorus.media.quality;

/**
 * The lowest bandwidth estimate over a trailing time window, treating the estimate as a step function
 * between samples: "the estimate has stayed at least X for the whole window". Used for upgrades, so
 * that only an increase that lasts allows one. Fixed capacity, no allocation; if more than
 * {@value #CAPACITY} samples fall inside one window the oldest are forgotten early (the window gets
 * shorter), which at the intended 2–10 runs per second needs a window of many seconds.
 */
final class EstimateWindow {
    static final int CAPACITY = 64;
    private final long[] at = new long[CAPACITY];
    private final long[] bps = new long[CAPACITY];
    private int oldest;
    private int count;

    /** Adds a sample and returns the minimum over [now − window, now]. */
    long add(long nowNanos, long estimateBps, long windowNanos) {
        if (count == CAPACITY) {
            drop();
        }
        int i = (oldest + count) % CAPACITY;
        at[i] = nowNanos;
        bps[i] = estimateBps;
        count++;
        // the oldest sample is still needed while it is the one in force at the window's start,
        // i.e. until the next sample is itself at or before the start
        while (count > 1 && nowNanos - at[(oldest + 1) % CAPACITY] >= windowNanos) {
            drop();
        }
        long min = Long.MAX_VALUE;
        for (int k = 0; k < count; k++) {
            min = Math.min(min, bps[(oldest + k) % CAPACITY]);
        }
        return min;
    }

    private void drop() {
        oldest = (oldest + 1) % CAPACITY;
        count--;
    }
}
