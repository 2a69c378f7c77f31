package dev.chorus.media.quality.train;

/**
 * Prediction error against the next-second capacity label. MAPE counts only rows whose label is at
 * least {@link #MAPE_MIN_KBPS}: in an outage (capacity ≈ 0) any prediction is an infinite percentage,
 * and those rows would decide the mean alone. MAE counts every row.
 * <p>
 * {@link #mapeDecisionRange()} is the same MAPE over the rows whose label is at most
 * {@link #DECISION_MAX_KBPS}, about twice what a receiver of the full simulcast (1.5 Mbit/s top layer
 * plus audio) uses: above it every layer fits with room to spare, the allocation no longer depends on
 * the prediction, and the server, which never sends more than that, has nothing to measure the rest
 * by. Reported next to the full MAPE on links whose capacity is far above any layer (LTE, 5G), never
 * instead of it.
 */
public final class ErrorStats {
    public static final double MAPE_MIN_KBPS = 100;
    public static final double DECISION_MAX_KBPS = 3000;
    private double absSum;
    private long n;
    private double pctSum;
    private long pctN;
    private double rangePctSum;
    private long rangePctN;

    public synchronized void add(double predictedKbps, double labelKbps) {
        double err = Math.abs(predictedKbps - labelKbps);
        absSum += err;
        n++;
        if (labelKbps >= MAPE_MIN_KBPS) {
            pctSum += err / labelKbps;
            pctN++;
            if (labelKbps <= DECISION_MAX_KBPS) {
                rangePctSum += err / labelKbps;
                rangePctN++;
            }
        }
    }

    /** Mean absolute percentage error as a fraction (0.2 = 20 %). */
    public synchronized double mape() {
        return pctN == 0 ? Double.NaN : pctSum / pctN;
    }

    /** MAPE over rows with {@link #MAPE_MIN_KBPS} ≤ label ≤ {@link #DECISION_MAX_KBPS} (NaN if none). */
    public synchronized double mapeDecisionRange() {
        return rangePctN == 0 ? Double.NaN : rangePctSum / rangePctN;
    }

    /** Rows counted by {@link #mapeDecisionRange()}. */
    public synchronized long decisionRangeRows() {
        return rangePctN;
    }

    public synchronized double maeKbps() {
        return n == 0 ? Double.NaN : absSum / n;
    }

    public synchronized long rows() {
        return n;
    }
}
