package dev.chorus.media.telemetry;

import java.util.Arrays;

/**
 * One receiver link's features at one instant (every 100 ms) and, in the simulator only, the labels a
 * model learns to predict: the link's true capacity over the next second (mean) and a conservative low
 * quantile of it (the capacity held for at least 90 % of that second). Live rows have NaN labels.
 */
public final class TelemetryRow {
    /** Bumped whenever {@link Feature} changes its columns (a model trained on one schema needs that one). */
    public static final int SCHEMA_VERSION = 1;
    /** Share of the next second the low label is exceeded: its quantile is 1 − this. */
    public static final double LOW_LABEL_QUANTILE = 0.1;

    private final String link;
    private final long timeNanos;
    private final double[] features;
    private final double capacityKbps;
    private final double capacityLowKbps;

    public TelemetryRow(String link, long timeNanos, double[] features) {
        this(link, timeNanos, features, Double.NaN, Double.NaN);
    }

    private TelemetryRow(String link, long timeNanos, double[] features, double capacityKbps, double capacityLowKbps) {
        if (features.length != Feature.COUNT) {
            throw new IllegalArgumentException("expected " + Feature.COUNT + " features, got " + features.length);
        }
        this.link = link;
        this.timeNanos = timeNanos;
        this.features = features;
        this.capacityKbps = capacityKbps;
        this.capacityLowKbps = capacityLowKbps;
    }

    /** The same features with labels (simulator). */
    public TelemetryRow withLabels(double capacityNext1sKbps, double capacityLowNext1sKbps) {
        return new TelemetryRow(link, timeNanos, features, capacityNext1sKbps, capacityLowNext1sKbps);
    }

    public String link() {
        return link;
    }

    public long timeNanos() {
        return timeNanos;
    }

    public double get(Feature f) {
        return features[f.ordinal()];
    }

    /** A copy of the feature vector, in {@link Feature} order (a model's input). */
    public double[] features() {
        return features.clone();
    }

    /** Mean capacity over the next 1 s, kbit/s; NaN outside the simulator. */
    public double capacityNext1sKbps() {
        return capacityKbps;
    }

    /** The {@value #LOW_LABEL_QUANTILE}-quantile of the capacity over the next 1 s, kbit/s; NaN outside the simulator. */
    public double capacityLowNext1sKbps() {
        return capacityLowKbps;
    }

    public boolean hasLabels() {
        return !Double.isNaN(capacityKbps);
    }

    @Override
    public String toString() {
        return "TelemetryRow[" + link + " t=" + timeNanos / 1_000_000 + "ms " + Arrays.toString(features) + "]";
    }
}
