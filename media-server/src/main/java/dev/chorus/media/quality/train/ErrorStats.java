package dev.chorus.media.quality.train;

/**
 * Prediction error against the next-second capacity label. MAPE counts only rows whose label is at
 * least {@link #MAPE_MIN_KBPS}: in an outage (capacity ≈ 0) any prediction is an infinite percentage,
 * and those rows would decide the mean alone. MAE counts every row.
 */
public final class ErrorStats {
    public static final double MAPE_MIN_KBPS = 100;
    private double absSum;
    private long n;
    private double pctSum;
    private long pctN;

    public synchronized void add(double predictedKbps, double labelKbps) {
        double err = Math.abs(predictedKbps - labelKbps);
        absSum += err;
        n++;
        if (labelKbps >= MAPE_MIN_KBPS) {
            pctSum += err / labelKbps;
            pctN++;
        }
    }

    /** Mean absolute percentage error as a fraction (0.2 = 20 %). */
    public synchronized double mape() {
        return pctN == 0 ? Double.NaN : pctSum / pctN;
    }

    public synchronized double maeKbps() {
        return n == 0 ? Double.NaN : absSum / n;
    }

    public synchronized long rows() {
        return n;
    }
}
