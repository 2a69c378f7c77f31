package dev.chorus.media.quality;

/**
 * What the receiver itself says about its video: the cumulative freeze count it reports now and then
 * (a browser's {@code freezeCount} from getStats, sent in {@code client-stats}; the simulator's
 * receiver sends its own every 5 s). The freeze count is the outcome a layer choice is judged by and
 * nothing the server measures predicts it well (docs/model-report.md, "Round 5" and "Round 6"), so a
 * policy may lean on it: spend more while the receiver reports no freezes, hold back
 * while it does. Receivers that never report are unaffected ({@link #active}). Pure state, no
 * clock; one instance per receiver link; not thread-safe.
 */
public final class FreezeFeedback {
    private static final long NONE = Long.MIN_VALUE;

    /**
     * @param margin    the learned margin while reports arrive and none shows a freeze within the
     *                  window (0: feedback off, the policy ignores reports)
     * @param windowS   a freeze reported within this many seconds makes the receiver "freezing"
     * @param capFactor while freezing, the allowance is at most this × the GCC estimate
     * @param staleS    reports older than this no longer count (the client stopped sending them)
     */
    public record Settings(double margin, double windowS, double capFactor, double staleS) {
        /** Reports are ignored: the policy behaves as without them. */
        public static final Settings OFF = new Settings(0, 60, 1.0, 15);

        public Settings {
            if (!(margin == 0 || (margin > 0 && margin <= 1.5)) || !(windowS > 0) || !(capFactor >= 0.5 && capFactor <= 1.5)
                    || !(staleS > 0)) {
                throw new IllegalArgumentException("freeze feedback " + margin + " " + windowS + " " + capFactor + " " + staleS);
            }
        }

        public boolean enabled() {
            return margin > 0;
        }
    }

    private final Settings settings;
    private long lastReportNanos = NONE;
    private long lastCount = -1;
    private long lastIncreaseNanos = NONE;

    public FreezeFeedback(Settings settings) {
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    /**
     * A report: the receiver's cumulative freeze count, received at {@code nowNanos}. The first report
     * (and one whose count went down: the client restarted) sets a baseline; a count above the previous
     * report's marks a freeze at the time of this report.
     */
    public void onReport(long nowNanos, long freezeCount) {
        if (freezeCount < 0) {
            return;
        }
        if (lastCount >= 0 && freezeCount > lastCount) {
            lastIncreaseNanos = nowNanos;
        }
        lastCount = freezeCount;
        lastReportNanos = nowNanos;
    }

    /** The count in the last report, -1 before the first. */
    public long lastCount() {
        return lastCount;
    }

    /** For stats: {@code off}, {@code silent} (no recent report), {@code freezing} or {@code clear}. */
    public String state(long nowNanos) {
        if (!settings.enabled()) {
            return "off";
        }
        if (!reporting(nowNanos)) {
            return "silent";
        }
        return freezing(nowNanos) ? "freezing" : "clear";
    }

    /** Whether the policy should act on the reports now: feedback on and a recent report. */
    public boolean active(long nowNanos) {
        return settings.enabled() && reporting(nowNanos);
    }

    /** Whether a report arrived within the last {@code staleS}. */
    public boolean reporting(long nowNanos) {
        return lastReportNanos != NONE && nowNanos - lastReportNanos <= Math.round(settings.staleS() * 1e9);
    }

    /** Whether a report within the last {@code windowS} showed a new freeze. */
    public boolean freezing(long nowNanos) {
        return lastIncreaseNanos != NONE && nowNanos - lastIncreaseNanos <= Math.round(settings.windowS() * 1e9);
    }
}
