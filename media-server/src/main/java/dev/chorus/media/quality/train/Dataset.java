package dev.chorus.media.quality.train;

import dev.chorus.media.telemetry.TelemetryRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Labelled telemetry rows (mean and low-quantile capacity labels) and the trace each came from. */
public final class Dataset {
    private final List<double[]> features = new ArrayList<>();
    private final List<Double> labels = new ArrayList<>();
    private final List<Double> lowLabels = new ArrayList<>();
    private final List<String> traces = new ArrayList<>();

    public synchronized void add(String trace, TelemetryRow row) {
        features.add(row.features().clone());
        labels.add(row.capacityNext1sKbps());
        lowLabels.add(row.capacityLowNext1sKbps());
        traces.add(trace);
    }

    public int size() {
        return labels.size();
    }

    public double[] features(int i) {
        return features.get(i);
    }

    public double label(int i) {
        return labels.get(i);
    }

    /** The row's label: the low quantile if {@code low}, else the mean. */
    public double label(int i, boolean low) {
        return low ? lowLabels.get(i) : labels.get(i);
    }

    public String trace(int i) {
        return traces.get(i);
    }

    /** At most {@code max} rows, chosen uniformly with a seeded generator (order kept). */
    public Dataset subsample(int max, long seed) {
        if (size() <= max) {
            return this;
        }
        Random r = new Random(seed);
        Dataset d = new Dataset();
        double p = (double) max / size();
        for (int i = 0; i < size(); i++) {
            if (r.nextDouble() < p) {
                d.features.add(features.get(i));
                d.labels.add(labels.get(i));
                d.lowLabels.add(lowLabels.get(i));
                d.traces.add(traces.get(i));
            }
        }
        return d;
    }

    public java.util.Set<String> traceNames() {
        return new java.util.TreeSet<>(traces);
    }
}
