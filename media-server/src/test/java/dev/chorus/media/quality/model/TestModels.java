package dev.chorus.media.quality.model;

import dev.chorus.media.telemetry.Feature;
import dev.chorus.media.telemetry.TelemetryRow;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.regression.RegressionTree;

/**
 * Tiny models trained on synthetic rows (label ≈ 1.2 × estimate; the low regression, if any, ≈ 0.5 ×
 * estimate), fast enough for unit tests.
 */
final class TestModels {
    private TestModels() {
    }

    static LinkModel tiny() {
        return new LinkModel(header(TelemetryRow.SCHEMA_VERSION, List.of(LinkModel.featureNames())), tree(1.2));
    }

    /** With a low-quantile regression predicting ≈ 0.5 × estimate. */
    static LinkModel tinyWithLow() {
        ModelHeader h = header(TelemetryRow.SCHEMA_VERSION, List.of(LinkModel.featureNames()));
        ModelHeader withLow = new ModelHeader(h.formatVersion(), h.schemaVersion(), h.features(), h.kind(), h.label(),
                "capacity_low_next_1s_kbps", h.trainedAt(), h.metrics(), h.notes());
        return new LinkModel(withLow, tree(1.2), tree(0.5));
    }

    private static RegressionTree tree(double factor) {
        String[] names = LinkModel.featureNames();
        String[] cols = java.util.Arrays.copyOf(names, names.length + 1);
        cols[names.length] = "y";
        Random r = new Random(1);
        double[][] x = new double[400][];
        for (int i = 0; i < x.length; i++) {
            double[] row = new double[names.length + 1];
            for (int j = 0; j < names.length; j++) {
                row[j] = r.nextDouble() * 100;
            }
            double est = 100 + r.nextDouble() * 3000;
            row[Feature.ESTIMATE_KBPS.ordinal()] = est;
            row[names.length] = LinkModel.target(est * factor);
            x[i] = row;
        }
        return RegressionTree.fit(Formula.lhs("y"), DataFrame.of(x, cols));
    }

    static ModelHeader header(int schema, List<String> features) {
        return new ModelHeader(ModelFile.FORMAT_VERSION, schema, features, "tree", "capacity_next_1s_kbps",
                null, "2026-11-21T00:00:00Z", Map.of("mape", 0.1), "test");
    }

    static byte[] bytes(LinkModel m) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ModelFile.write(m, out);
        return out.toByteArray();
    }

    static double[] features(double estimateKbps) {
        double[] f = new double[Feature.COUNT];
        java.util.Arrays.fill(f, 50);
        f[Feature.LOSS.ordinal()] = 0; // no loss: the policy's danger hold stays off
        f[Feature.ESTIMATE_KBPS.ordinal()] = estimateKbps;
        return f;
    }
}
