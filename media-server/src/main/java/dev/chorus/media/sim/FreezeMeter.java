package dev.chorus.media.sim;

/**
 * Freezes and pauses of a rendered video, as webrtc-stats defines them ({@code freezeCount},
 * {@code totalFreezesDuration}, {@code pauseCount}, {@code totalPausesDuration}) and libwebrtc's
 * {@code VideoQualityObserver} computes them:
 * <ul>
 *   <li>each inter-frame delay (time between two consecutively rendered frames) joins a window of the
 *       last {@value #WINDOW}; once it holds at least {@value #MIN_SAMPLES}, a delay is a <b>freeze</b>
 *       if it is ≥ max(3 × average, average + 150 ms), the average taken over the window including the
 *       delay itself (so one long gap cannot hide itself by raising the bar much);</li>
 *   <li>a freeze's duration is its whole inter-frame delay;</li>
 *   <li>a delay of more than 5 s is a <b>pause</b> (nothing shown on purpose or not: the spec's wording),
 *       counted apart and left out of the window.</li>
 * </ul>
 * Times in ns. Deterministic; not thread-safe.
 */
public final class FreezeMeter {
    static final int WINDOW = 30;
    static final int MIN_SAMPLES = 5;
    static final long MIN_INCREASE_NANOS = 150_000_000L;
    static final long PAUSE_NANOS = 5_000_000_000L;

    private final long[] delays = new long[WINDOW];
    private int count;
    private int next;
    private long sum;
    private long frames;
    private long firstNanos;
    private long lastNanos;
    private int freezes;
    private long freezeNanos;
    private int pauses;
    private long pauseNanos;

    /** A frame was rendered at {@code nowNanos} (non-decreasing). */
    public void onFrameRendered(long nowNanos) {
        if (frames == 0) {
            firstNanos = nowNanos;
        } else {
            long d = nowNanos - lastNanos;
            if (d > PAUSE_NANOS) {
                pauses++;
                pauseNanos += d;
            } else {
                add(d);
                if (count >= MIN_SAMPLES) {
                    long avg = sum / count;
                    if (d >= Math.max(3 * avg, avg + MIN_INCREASE_NANOS)) {
                        freezes++;
                        freezeNanos += d;
                    }
                }
            }
        }
        lastNanos = nowNanos;
        frames++;
    }

    private void add(long d) {
        if (count == WINDOW) {
            sum -= delays[next];
        } else {
            count++;
        }
        delays[next] = d;
        sum += d;
        next = (next + 1) % WINDOW;
    }

    public long framesRendered() {
        return frames;
    }

    public int freezeCount() {
        return freezes;
    }

    public long totalFreezesNanos() {
        return freezeNanos;
    }

    public int pauseCount() {
        return pauses;
    }

    public long totalPausesNanos() {
        return pauseNanos;
    }

    /** Rendering time from the first to the last frame. */
    public long renderedSpanNanos() {
        return frames == 0 ? 0 : lastNanos - firstNanos;
    }

    public long lastRenderNanos() {
        return lastNanos;
    }
}
