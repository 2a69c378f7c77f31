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
 * A trained regression of a link's sustainable bitrate (the mean capacity over the next second) on
 * one telemetry row. The regression's target is {@code ln(1 + kbps)}: capacities span 50 kbit/s to
 * tens of Mbit/s, and a relative error (what MAPE and a rate policy care about) is an absolute one in
 * log space. Stateless and thread-safe as long as the Smile model is (trees are).
 */
public final class LinkModel {
    private final ModelHeader header;
    private final Regression<Tuple> regression;
    private final StructType schema;

    public LinkModel(ModelHeader header, Regression<Tuple> regression) {
        this.header = header;
        this.regression = regression;
        this.schema = schema();
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

    public ModelHeader header() {
        return header;
    }

    public Regression<Tuple> regression() {
        return regression;
    }
}
