package dev.chorus.media.quality;

import dev.chorus.media.telemetry.Feature;
import dev.chorus.media.telemetry.TelemetryRow;

/**
 * Whether the learned policy's predictions have matched this receiver's link lately (round 7 of
 * docs/model-report.md). Each 100 ms prediction p of the next second's capacity is scored one second
 * later against what the link carried in that second — the mean reported receive rate a — but only if
 * that second showed the link full: the delay detector said overusing on at least half of its rows, or
 * the mean queueing delay was at least {@value #FULL_OWD_MS} ms. Anything else (a sender that sent less
 * than the link could carry; a key frame read as a short overuse; loss alone) says little about the
 * capacity: on the seventh trace set's gcc rows such seconds carried a median 13–70 % of the capacity,
 * these 94 % (docs/model-report.md, "Round 7: what the server can score"; scripts/full-second-check). So the gate mostly sees
 * over-predictions, the ones that freeze video. The error is |p − a| / a, at most {@value #ERROR_CAP}.
 * The receiver is trusted while the <em>median</em> error of the predictions scored within the last
 * {@code windowS} is at most {@code tau}, with at least {@value #MIN_SCORED} of them (five seconds'
 * worth) — the median because even an exact prediction scores a mean near 0.5 there (a full queue
 * sometimes delivers far less than the capacity of the second after it) but a median near 0.1. With
 * {@code againstEstimate} the bar is {@code tau} plus the GCC estimate's own median error on the same
 * seconds (both judged on the same, biased, selection of seconds). A change of verdict must hold for
 * {@value #HOLD_S} s before it takes effect. A receiver starts trusted and with fewer scores than that
 * keeps its verdict: on a calm link the sender rarely fills it, and a gate that waits for evidence to
 * trust never trusts there (docs/model-report.md, "Round 7").
 * <p>
 * Pure state fed by rows, no clock of its own, no allocation per row; one instance per receiver link;
 * not thread-safe.
 */
public final class TrustGate {
    static final double FULL_OWD_MS = 100;
    static final double FULL_OVERUSE_SHARE = 0.5;
    static final double ERROR_CAP = 2;
    static final int MIN_SCORED = 50;
    static final double HOLD_S = 2;
    private static final long HORIZON_NANOS = 1_000_000_000L;
    /** Rows arrive every 100 ms; a late row may close the horizon up to this much after it. */
    private static final long HORIZON_SLACK_NANOS = 50_000_000L;
    private static final int ROWS = 64;
    private static final long NONE = Long.MIN_VALUE;

    /**
     * @param windowS the seconds of scored predictions the verdict looks at (0: gate off, the learned
     *                policy is always followed), 5 ≤ windowS ≤ 300
     * @param tau     the largest median relative error at which the model is trusted, 0 ≤ tau ≤ 2
     * @param againstEstimate whether tau is added to the GCC estimate's median error on the same seconds
     */
    public record Settings(double windowS, double tau, boolean againstEstimate) {
        public static final Settings OFF = new Settings(0, 0, false);

        public Settings(double windowS, double tau) {
            this(windowS, tau, false);
        }

        public Settings {
            if (!(windowS == 0 || (windowS >= 5 && windowS <= 300)) || !(tau >= 0 && tau <= ERROR_CAP)) {
                throw new IllegalArgumentException("trust gate " + windowS + " " + tau);
            }
        }

        public boolean enabled() {
            return windowS > 0;
        }
    }

    private final Settings settings;
    private final long windowNanos;
    // the last ROWS rows: time, prediction, and what the next second's scoring needs from each
    private final long[] rowTime = new long[ROWS];
    private final double[] rowPredicted = new double[ROWS];
    private final double[] rowEstimate = new double[ROWS];
    private final double[] rowRecv = new double[ROWS];
    private final double[] rowOwd = new double[ROWS];
    private final boolean[] rowOverusing = new boolean[ROWS];
    private long rowsIn;
    private long nextToScore;
    // scored errors within the window, oldest first
    private final long[] errTime;
    private final double[] err;
    private final double[] errEstimate;
    private final double[] sorted;
    private int errHead;
    private int errCount;
    private boolean trusted = true;
    private long pendingSinceNanos = NONE;
    private long trustedRows;
    private long totalRows;
    private long scoredTotal;
    private double errorTotal;

    public TrustGate(Settings settings) {
        this.settings = settings;
        this.windowNanos = Math.round(settings.windowS() * 1e9);
        // at most one score per row, rows 100 ms apart: room for the window plus slack
        int cap = settings.enabled() ? (int) Math.ceil(settings.windowS() * 20) + ROWS : 1;
        this.errTime = new long[cap];
        this.err = new double[cap];
        this.errEstimate = new double[cap];
        this.sorted = new double[cap];
    }

    public Settings settings() {
        return settings;
    }

    /** One row and the model's prediction made from it (kbit/s, the next second's mean capacity). */
    public void onRow(TelemetryRow row, double predictedKbps) {
        if (!settings.enabled()) {
            return;
        }
        long now = row.timeNanos();
        int i = (int) (rowsIn % ROWS);
        rowTime[i] = now;
        rowPredicted[i] = predictedKbps;
        rowEstimate[i] = row.get(Feature.ESTIMATE_KBPS);
        rowRecv[i] = row.get(Feature.RECV_KBPS);
        rowOwd[i] = row.get(Feature.OWD_MS);
        rowOverusing[i] = row.get(Feature.USAGE) == 2;
        rowsIn++;
        if (rowsIn - nextToScore > ROWS - 1) {
            nextToScore = rowsIn - (ROWS - 1); // rows came faster than 100 ms: the oldest are gone unscored
        }
        while (nextToScore < rowsIn - 1 && rowTime[(int) (nextToScore % ROWS)] + HORIZON_NANOS <= now + HORIZON_SLACK_NANOS) {
            score(nextToScore, now);
            nextToScore++;
        }
        evict(now);
        decide(now);
        totalRows++;
        if (trusted) {
            trustedRows++;
        }
    }

    /** Scores the prediction of row {@code k} over the rows after it within its horizon. */
    private void score(long k, long now) {
        int ki = (int) (k % ROWS);
        long end = rowTime[ki] + HORIZON_NANOS + HORIZON_SLACK_NANOS;
        double p = rowPredicted[ki];
        int n = 0;
        double recv = 0;
        double owd = 0;
        int overusing = 0;
        for (long j = k + 1; j < rowsIn; j++) {
            int ji = (int) (j % ROWS);
            if (rowTime[ji] > end) {
                break;
            }
            if (rowRecv[ji] < 0) {
                return; // no feedback yet: nothing to score against
            }
            n++;
            recv += rowRecv[ji];
            owd += Math.max(0, rowOwd[ji]);
            overusing += rowOverusing[ji] ? 1 : 0;
        }
        if (n == 0 || !(p > 0)) {
            return;
        }
        double a = recv / n;
        boolean full = overusing >= FULL_OVERUSE_SHARE * n || owd / n >= FULL_OWD_MS;
        if (!full) {
            return;
        }
        add(now, error(p, a), error(rowEstimate[ki], a));
    }

    private static double error(double predicted, double actual) {
        return actual > 0 ? Math.min(ERROR_CAP, Math.abs(predicted - actual) / actual) : ERROR_CAP;
    }

    private void add(long now, double e, double eEstimate) {
        if (errCount == err.length) {
            drop();
        }
        int i = (errHead + errCount) % err.length;
        errTime[i] = now;
        err[i] = e;
        errEstimate[i] = eEstimate;
        errCount++;
        scoredTotal++;
        errorTotal += e;
    }

    private void evict(long now) {
        while (errCount > 0 && errTime[errHead] <= now - windowNanos) {
            drop();
        }
    }

    private void drop() {
        errHead = (errHead + 1) % err.length;
        errCount--;
    }

    private void decide(long now) {
        if (errCount < MIN_SCORED) {
            pendingSinceNanos = NONE;
            return; // too little evidence either way: the verdict stands
        }
        double bar = settings.tau() + (settings.againstEstimate() ? median(errEstimate) : 0);
        boolean good = median(err) <= bar;
        if (good == trusted) {
            pendingSinceNanos = NONE;
            return;
        }
        if (pendingSinceNanos == NONE) {
            pendingSinceNanos = now;
        }
        if (now - pendingSinceNanos >= Math.round(HOLD_S * 1e9)) {
            trusted = good;
            pendingSinceNanos = NONE;
        }
    }

    /** Whether the learned policy is followed now (always, with the gate off). */
    public boolean trusted() {
        return !settings.enabled() || trusted;
    }

    /** Median error of the predictions scored within the window, NaN with none: what the verdict compares with tau. */
    public double medianError() {
        return median(err);
    }

    private double median(double[] ring) {
        if (errCount == 0) {
            return Double.NaN;
        }
        for (int k = 0; k < errCount; k++) {
            sorted[k] = ring[(errHead + k) % ring.length];
        }
        java.util.Arrays.sort(sorted, 0, errCount);
        return errCount % 2 == 1 ? sorted[errCount / 2] : (sorted[errCount / 2 - 1] + sorted[errCount / 2]) / 2;
    }

    /** The verdict by name: {@code off}, {@code learned} (trusted) or {@code gcc}. */
    public String state() {
        return !settings.enabled() ? "off" : trusted ? "learned" : "gcc";
    }

    /** Share of rows so far on which the learned policy was followed (1 with the gate off or no rows). */
    public double trustedShare() {
        return !settings.enabled() || totalRows == 0 ? 1 : (double) trustedRows / totalRows;
    }

    /** Predictions scored since the start (evaluation). */
    public long scoredTotal() {
        return scoredTotal;
    }

    /** Mean error of every prediction scored since the start, NaN with none (evaluation). */
    public double meanErrorTotal() {
        return scoredTotal == 0 ? Double.NaN : errorTotal / scoredTotal;
    }
}
