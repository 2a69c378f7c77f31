package dev.chorus.media.quality.model;

import dev.chorus.media.telemetry.Feature;
import dev.chorus.media.telemetry.TelemetryRow;
import java.util.Arrays;
import smile.data.Tuple;
import smile.data.type.DataTypes;
import smile.data.type.StructField;
import smile.data.type.StructType;
import smile.regression.Regression;

/**
 * Trained regressions of a link's capacity on one telemetry row: the main one predicts the mean
 * capacity over the next second ({@code capacity_next_1s_kbps}); the optional low one predicts the
 * capacity held for at least 90 % of that second ({@code capacity_low_next_1s_kbps}, near zero when a
 * short outage is coming), which a rate policy can use as a conservative cap. Both regressions' target
 * is {@code ln(1 + kbps)}: capacities span 50 kbit/s to tens of Mbit/s, and a relative error (what
 * MAPE and a rate policy care about) is an absolute one in log space. Stateless and thread-safe as long
 * as the Smile models are (trees are).
 */
public final class LinkModel {
    private final ModelHeader header;
    private final Regression<Tuple> regression;
    private final Regression<Tuple> lowRegression;
    private final StructType schema;

    /** A model with the mean regression only. */
    public LinkModel(ModelHeader header, Regression<Tuple> regression) {
        this(header, regression, null);
    }

    /** @param lowRegression the low-quantile regression, or null */
    public LinkModel(ModelHeader header, Regression<Tuple> regression, Regression<Tuple> lowRegression) {
        this.header = header;
        this.regression = regression;
        this.lowRegression = lowRegression;
        this.schema = schema();
    }

    /** A "model" that predicts {@code kbps} whatever the row (for ablations and tests). */
    public static LinkModel constant(double kbps, String kind) {
        double y = target(kbps);
        Regression<Tuple> r = x -> y;
        return new LinkModel(ModelHeader.inMemory(kind, "capacity_next_1s_kbps"), r);
    }

    /** The columns the model is trained on, named as the telemetry CSV (docs/telemetry.md). */
    public static StructType schema() {
        StructField[] fields = new StructField[Feature.COUNT];
        for (Feature f : Feature.values()) {
            fields[f.ordinal()] = new StructField(f.column(), DataTypes.DoubleType);
        }
        return new StructType(fields);
    }

    public static String[] featureNames() {
        return Arrays.stream(Feature.values()).map(Feature::column).toArray(String[]::new);
    }

    /** Regression target for a label in kbit/s. */
    public static double target(double kbps) {
        return Math.log1p(Math.max(0, kbps));
    }

    /** Predicted sustainable bitrate in kbit/s (≥ 0). */
    public double predictKbps(double[] features) {
        double y = regression.predict(Tuple.of(schema, features));
        return Math.max(0, Math.expm1(y));
    }

    public double predictKbps(TelemetryRow row) {
        return predictKbps(row.features());
    }

    /** Whether there is a low-quantile regression ({@link #predictLowKbps}). */
    public boolean hasLow() {
        return lowRegression != null;
    }

    /** Predicted low quantile of the next second's capacity in kbit/s (≥ 0); NaN without a low regression. */
    public double predictLowKbps(double[] features) {
        if (lowRegression == null) {
            return Double.NaN;
        }
        double y = lowRegression.predict(Tuple.of(schema, features));
        return Math.max(0, Math.expm1(y));
    }

    public double predictLowKbps(TelemetryRow row) {
        return predictLowKbps(row.features());
    }

    public ModelHeader header() {
        return header;
    }

    public Regression<Tuple> regression() {
        return regression;
    }

    /** The low-quantile regression, or null. */
    public Regression<Tuple> lowRegression() {
        return lowRegression;
    }
}
